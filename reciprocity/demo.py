"""Demo data for payment and recognition: a policy with dated rates, choices, logged time,
claims in every state (with small receipts), and so statements to download."""

import datetime
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from projects.demo import FACILITATOR, PARTICIPANT
from projects.models import Membership, Project

from .actions import (
    do_add_rate,
    do_apply_preset,
    do_decide_time,
    do_log_time,
    do_save_choice,
    do_save_policy,
    do_set_eligibility,
)
from .choices import Activity, Expense, Method, Unit
from .claim_actions import do_approve_claim, do_query_claim, do_record_claim_paid, do_submit_claim
from .models import TimeEntry
from .receipts import PDF, PNG
from .records import get_policy

HOW_TO_CLAIM = (
    "Log your time after each session, or confirm what the app suggests. Claim expenses with a "
    "photo of the receipt within a month. Ask Fatima if anything is unclear."
)


def receipt_pdf(text: str) -> ContentFile:
    """A one-page PDF receipt, made without any library (the demo needs only something real)."""
    stream = f"BT /F1 14 Tf 40 100 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return ContentFile(out.getvalue(), name="receipt.pdf")


def receipt_png() -> ContentFile:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (240, 240, 230)).save(out, format="PNG")
    return ContentFile(out.getvalue(), name="ticket.png")


def add_payments(project: Project, users: dict) -> None:
    facilitator, participant = users[FACILITATOR], users[PARTICIPANT]
    today = timezone.localdate()
    start = project.start_date or today - datetime.timedelta(days=30)
    do_apply_preset(project=project, preset="nihr", by=facilitator)
    policy = get_policy(project)
    do_save_policy(
        project=project,
        version=policy.version,
        by=facilitator,
        how_to_claim=HOW_TO_CLAIM,
        methods=[Method.BANK_TRANSFER, Method.VOUCHER, Method.DONATION],
        expenses=[Expense.TRAVEL, Expense.CARER, Expense.DATA, Expense.MEALS],
    )
    agreed = "Agreed by the group at the first meeting (demo figure)"
    for activity, unit, amount, since in [
        (Activity.MEETING, Unit.HOUR, "15.00", start),
        (Activity.READING, Unit.HOUR, "15.00", start),
        (Activity.CO_FACILITATING, Unit.HALF_DAY, "65.00", start),
        (Activity.MEETING, Unit.HOUR, "16.00", today - datetime.timedelta(days=10)),
    ]:
        do_add_rate(
            project=project,
            activity=activity,
            unit=unit,
            amount=Decimal(amount),
            effective_from=since,
            source=agreed,
            by=facilitator,
        )
    do_save_choice(project=project, user=participant, choice="paid", method=Method.BANK_TRANSFER)
    do_set_eligibility(
        project=project,
        user=facilitator,
        not_eligible=True,
        reason="Salaried council officer: this work is part of the job.",
        version=None,
        by=facilitator,
    )
    for days_ago, activity, hours, what, approve in [
        (25, Activity.MEETING, "2", "First group meeting", True),
        (20, Activity.READING, "1.5", "Read the traffic survey summary", True),
        (12, Activity.CO_FACILITATING, "3", "Co-led the market walkabout", True),
        (5, Activity.MEETING, "2", "Design workshop", True),
        (2, Activity.READING, "1", "Read the draft designs", False),
    ]:
        entry = do_log_time(
            project=project,
            user=participant,
            activity=activity,
            date=today - datetime.timedelta(days=days_ago),
            hours=Decimal(hours),
            description=what,
        )
        if approve:
            do_decide_time(entry=entry, approve=True, by=facilitator)
    claims = [
        (Expense.TRAVEL, "Bus fares to the workshop", "4.80", 5, receipt_png),
        (Expense.CARER, "Childminder during the walkabout", "24.00", 12, None),
        (Expense.DATA, "Phone top-up for online meetings", "10.00", 20, None),
        (Expense.MEALS, "Lunch on the design day", "7.45", 25, None),
    ]
    made = []
    for kind, what, amount, days_ago, receipt in claims:
        made.append(
            do_submit_claim(
                project=project,
                user=participant,
                kind=kind,
                description=what,
                spent_on=today - datetime.timedelta(days=days_ago),
                amount=Decimal(amount),
                receipt=receipt() if receipt else receipt_pdf(what),
                receipt_type=PNG if receipt else PDF,
            )
        )
    # One waiting, one with a question, one approved, one paid.
    do_query_claim(
        claim=made[1],
        by=facilitator,
        question="Could you add the childminder's name or invoice number to the receipt?",
    )
    do_approve_claim(claim=made[2], by=facilitator)
    do_approve_claim(claim=made[3], by=facilitator)
    do_record_claim_paid(claim=made[3], by=facilitator)


def add_many_time_entries(project: Project, *, count: int) -> None:
    """Approved time spread over the project's participants, for benchmarks."""
    members = list(Membership.objects.filter(project=project).values_list("user_id", flat=True))
    today = timezone.localdate()
    activities = list(Activity.values)
    TimeEntry.objects.bulk_create(
        TimeEntry(
            project=project,
            user_id=members[n % len(members)],
            activity=activities[n % len(activities)],
            date=today - datetime.timedelta(days=n % 300),
            hours=Decimal("1.50"),
            description=f"Session {n}",
            status=TimeEntry.Status.APPROVED,
            amount=Decimal("22.50"),
        )
        for n in range(count)
    )
