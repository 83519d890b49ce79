"""Statements of a contributor's time, payments and expenses (PDF and CSV), the facilitators'
finance export, totals per activity, and what a certificate and reference letter say.

Totals are summed by the database from the same rows the statement lists, so a statement's
totals always agree with its rows (tests check it). No bank details exist to be exported.
"""

import csv
import hashlib
import io
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urljoin

from django.conf import settings
from django.db.models import Count, Max, Min, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML

from charter.render import BASE_URL, STYLESHEET, CharterURLFetcher, page_numbers_css
from projects.models import Project
from projects.parts import member_name

from .choices import Activity
from .models import ZERO, Claim, Contributor, TimeEntry
from .money import format_money, pennies

ACTIVITY_NAMES = dict(Activity.choices)


@dataclass
class Statement:
    project: Project
    user: object
    contributor: Contributor
    currency: str
    entries: list = field(default_factory=list)
    claims: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)


def sum_or_zero(value) -> Decimal:
    return pennies(value or ZERO)


def get_statement(project: Project, user, contributor: Contributor, currency: str) -> Statement:
    """Everything a contributor's statement lists, with its totals, in four queries."""
    entries = TimeEntry.objects.filter(project=project, user=user).order_by("date", "id")
    claims = Claim.objects.filter(project=project, user=user).order_by("spent_on", "id")
    approved = Q(status=TimeEntry.Status.APPROVED)
    time = entries.aggregate(
        approved_hours=Sum("hours", filter=approved),
        approved_amount=Sum("amount", filter=approved),
        waiting_hours=Sum("hours", filter=Q(status=TimeEntry.Status.SUBMITTED)),
    )
    money = claims.aggregate(
        approved=Sum("amount", filter=Q(status__in=[Claim.Status.APPROVED, Claim.Status.PAID])),
        paid=Sum("amount", filter=Q(status=Claim.Status.PAID)),
        waiting=Sum("amount", filter=Q(status__in=[Claim.Status.SUBMITTED, Claim.Status.QUERIED])),
    )
    totals = {
        "hours": time["approved_hours"] or ZERO,
        "hours_waiting": time["waiting_hours"] or ZERO,
        "time_amount": sum_or_zero(time["approved_amount"]),
        "expenses_approved": sum_or_zero(money["approved"]),
        "expenses_paid": sum_or_zero(money["paid"]),
        "expenses_waiting": sum_or_zero(money["waiting"]),
    }
    totals["total_due"] = totals["time_amount"] + totals["expenses_approved"]
    return Statement(project, user, contributor, currency, list(entries), list(claims), totals)


def statement_csv(statement: Statement) -> str:
    """The statement as CSV: one row per piece of time and per claim, then the totals."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["type", "date", "what", "description", "hours", "status", "amount", "currency"]
    )
    for e in statement.entries:
        amount = "" if e.amount is None else f"{e.amount:.2f}"
        writer.writerow(
            [
                "time",
                e.date.isoformat(),
                e.get_activity_display(),
                safe(e.description),
                f"{e.hours:.2f}",
                e.get_status_display(),
                amount,
                e.currency,
            ]
        )
    for c in statement.claims:
        writer.writerow(
            [
                "expense",
                c.spent_on.isoformat(),
                c.get_kind_display(),
                safe(c.description),
                "",
                c.get_status_display(),
                f"{c.amount:.2f}",
                c.currency,
            ]
        )
    for name, value in statement.totals.items():
        writer.writerow(["total", "", name, "", "", "", f"{value:.2f}", statement.currency])
    return out.getvalue()


def safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


FINANCE_COLUMNS = [
    *("reference", "project", "payee", "payee_member_id", "payment_method", "type"),
    *("date_of_work_or_expense", "activity_or_expense", "description", "hours", "rate"),
    *("amount", "currency", "approved_on", "approved_by", "pay_by", "status", "paid_on"),
]


def finance_csv(project: Project) -> str:
    """Approved payments for the finance team: time paid for and expenses, never bank details."""
    choices = {c.user_id: c for c in Contributor.objects.filter(project=project)}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FINANCE_COLUMNS)
    entries = (
        TimeEntry.objects.filter(project=project, status=TimeEntry.Status.APPROVED, amount__gt=0)
        .select_related("user", "decided_by", "rate")
        .order_by("date", "id")
    )
    for e in entries:
        method = choices.get(e.user_id)
        rate = f"{e.rate.amount:.2f} {e.rate.get_unit_display()}" if e.rate else ""
        writer.writerow(
            [
                f"T{e.pk}",
                project.title,
                safe(member_name(e.user)),
                e.user_id,
                method.get_method_display() if method else "",
                "time",
                e.date.isoformat(),
                e.get_activity_display(),
                safe(e.description),
                f"{e.hours:.2f}",
                rate,
                f"{e.amount:.2f}",
                e.currency,
                local_date(e.decided_at, project),
                member_name(e.decided_by) if e.decided_by else "",
                "",
                "approved",
                "",
            ]
        )
    claims = (
        Claim.objects.filter(project=project, status__in=[Claim.Status.APPROVED, Claim.Status.PAID])
        .select_related("user", "decided_by")
        .order_by("spent_on", "id")
    )
    for c in claims:
        method = choices.get(c.user_id)
        writer.writerow(
            [
                f"E{c.pk}",
                project.title,
                safe(member_name(c.user)),
                c.user_id,
                method.get_method_display() if method else "",
                "expense",
                c.spent_on.isoformat(),
                c.get_kind_display(),
                safe(c.description),
                "",
                "",
                f"{c.amount:.2f}",
                c.currency,
                local_date(c.approved_at, project),
                member_name(c.decided_by) if c.decided_by else "",
                c.pay_by.isoformat(),
                c.status,
                local_date(c.paid_at, project),
            ]
        )
    return out.getvalue()


def local_date(moment, project: Project) -> str:
    return timezone.localtime(moment, project.zone).date().isoformat() if moment else ""


def get_activity_totals(project: Project) -> list[dict]:
    """Approved hours and amounts per activity, and the project's total, in one query."""
    rows = (
        TimeEntry.objects.filter(project=project, status=TimeEntry.Status.APPROVED)
        .values("activity")
        .annotate(
            total_hours=Sum("hours"),
            total_amount=Sum("amount"),
            people=Count("user", distinct=True),
        )
        .order_by("activity")
    )
    return [
        {
            "activity": row["activity"],
            "people": row["people"],
            "hours": row["total_hours"],
            "name": ACTIVITY_NAMES.get(row["activity"], row["activity"]),
            "amount": sum_or_zero(row["total_amount"]),
        }
        for row in rows
    ]


def get_recognition(project: Project, user, contributor: Contributor) -> dict:
    """What the certificate and reference letter say, from the approved time, and its hash
    (what the contributor approves: any change to it asks them again)."""
    rows = (
        TimeEntry.objects.filter(project=project, user=user, status=TimeEntry.Status.APPROVED)
        .values("activity")
        .annotate(total=Sum("hours"), times=Count("id"), first=Min("date"), last=Max("date"))
        .order_by("activity")
    )
    activities = [
        {
            "name": str(ACTIVITY_NAMES.get(r["activity"], r["activity"])),
            "hours": r["total"],
            "times": r["times"],
            "first": r["first"],
            "last": r["last"],
        }
        for r in rows
    ]
    text = {
        "name": member_name(user),
        "project": project.title,
        "organisation": project.organisation,
        "activities": activities,
        "hours": sum((a["hours"] for a in activities), ZERO),
        "first": min((a["first"] for a in activities), default=None),
        "last": max((a["last"] for a in activities), default=None),
        "note": contributor.recognition_note,
    }
    digest = hashlib.sha256(repr(sorted(text.items())).encode()).hexdigest()
    approved = bool(contributor.pk) and contributor.recognition_approved_hash == digest
    return {**text, "hash": digest, "approved": approved}


def render_document_pdf(template: str, context: dict) -> bytes:
    """A PDF through the charter's locked-down pipeline (own static files and data: only)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    html = render_to_string(
        template,
        {
            **context,
            "language": translation.to_locale(language).replace("_", "-"),
            "stylesheet_url": urljoin(BASE_URL, settings.STATIC_URL + STYLESHEET),
            "generated_at": timezone.localtime(),
        },
    )
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=CharterURLFetcher())
    return document.write_pdf(
        stylesheets=[CSS(string=page_numbers_css())], pdf_variant="pdf/ua-1", pdf_tags=True
    )


def money(amount, currency: str) -> str:
    return format_money(amount, currency)
