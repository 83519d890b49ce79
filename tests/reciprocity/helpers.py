"""Making payment records as their users would, through the actions."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reciprocity.actions import do_add_rate, do_log_time, do_save_choice, do_save_policy
from reciprocity.claim_actions import do_submit_claim
from reciprocity.demo import receipt_pdf, receipt_png
from reciprocity.receipts import PDF

TODAY = datetime.date(2030, 6, 1)


def pdf_upload(name: str = "receipt.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, receipt_pdf("Bus fare").read(), "application/pdf")


def png_upload(name: str = "ticket.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, receipt_png().read(), "image/png")


def policy(project, by, **fields):
    fields = {
        "methods": ["bank_transfer", "voucher"],
        "expenses": ["travel", "carer", "meals"],
        "how_to_claim": "Claim within a month.",
        "respond_within_days": 5,
        "pay_within_days": 10,
        **fields,
    }
    return do_save_policy(project=project, version=None, by=by, **fields)


def rate(project, by, activity="meeting", amount="20.00", unit="hour", since=None):
    return do_add_rate(
        project=project,
        activity=activity,
        unit=unit,
        amount=Decimal(amount),
        effective_from=since or datetime.date(2020, 1, 1),
        source="Agreed by the group",
        by=by,
    )


def paid(project, user, choice="paid"):
    return do_save_choice(project=project, user=user, choice=choice, method="bank_transfer")


def claim(project, user, *, amount="12.50", description="Bus fare", kind="travel"):
    paid(project, user)
    return do_submit_claim(
        project=project,
        user=user,
        kind=kind,
        description=description,
        spent_on=timezone.localdate(),
        amount=Decimal(amount),
        receipt=pdf_upload(),
        receipt_type=PDF,
    )


def time(project, user, *, hours="2", activity="meeting", day=None, description="Meeting"):
    return do_log_time(
        project=project,
        user=user,
        activity=activity,
        date=day or timezone.localdate(),
        hours=Decimal(hours),
        description=description,
    )
