"""Statements (PDF and CSV) whose totals agree with their rows, the finance export (no bank
details), certificates and reference letters the contributor approved, and the exports."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from projects.models import Membership
from reciprocity.actions import do_decide_time, do_save_recognition_note
from reciprocity.claim_actions import do_approve_claim, do_query_claim, do_record_claim_paid
from reciprocity.statements import FINANCE_COLUMNS
from tests.factories import MembershipFactory
from tests.reciprocity import helpers


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split()
    )


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def history(project, facilitator, participant):
    """Approved, waiting and declined time at two rates; claims in every state."""
    helpers.policy(project, facilitator)
    helpers.rate(project, facilitator, amount="20.00")
    helpers.rate(project, facilitator, activity="reading", amount="12.34")
    helpers.paid(project, participant)
    for hours, activity, approve in [
        ("2", "meeting", True),
        ("1.25", "reading", True),
        ("3", "meeting", None),
        ("1", "reading", False),
    ]:
        entry = helpers.time(
            project, participant, hours=hours, activity=activity, description=f"{activity} {hours}"
        )
        if approve is not None:
            do_decide_time(entry=entry, approve=approve, by=facilitator)
    claims = [
        helpers.claim(project, participant, amount=a, description=d)
        for a, d in [
            ("4.80", "Bus"),
            ("24.00", "Childminder"),
            ("10.00", "Top-up"),
            ("7.45", '=HYPERLINK("x")'),
        ]
    ]
    do_query_claim(claim=claims[1], question="Name?", by=facilitator)
    do_approve_claim(claim=claims[2], by=facilitator)
    do_record_claim_paid(claim=do_approve_claim(claim=claims[3], by=facilitator), by=facilitator)
    return participant


def test_the_statement_totals_agree_with_its_rows(client, project, history):
    client.force_login(history)
    url = reverse("reciprocity-statement-csv", args=[project.slug, history.pk])
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    rows = rows_of(response.content.decode())
    lines = [r for r in rows if r["type"] != "total"]
    totals = {r["what"]: Decimal(r["amount"]) for r in rows if r["type"] == "total"}
    time = [r for r in lines if r["type"] == "time"]
    expenses = [r for r in lines if r["type"] == "expense"]
    assert len(time) == 4 and len(expenses) == 4
    approved_time = [r for r in time if r["status"] == "Approved"]
    assert totals["hours"] == sum(Decimal(r["hours"]) for r in approved_time) == Decimal("3.25")
    assert totals["time_amount"] == sum(Decimal(r["amount"]) for r in approved_time)
    assert totals["time_amount"] == Decimal("55.43")  # 2 × 20.00 + 1.25 × 12.34 = 15.425
    approved = [r for r in expenses if r["status"] in ("Approved, to be paid", "Paid")]
    assert totals["expenses_approved"] == sum(Decimal(r["amount"]) for r in approved)
    assert totals["expenses_paid"] == Decimal("7.45")
    waiting = [r for r in expenses if r["status"] not in ("Approved, to be paid", "Paid")]
    assert totals["expenses_waiting"] == sum(Decimal(r["amount"]) for r in waiting)
    assert totals["total_due"] == totals["time_amount"] + totals["expenses_approved"]


def test_a_statement_never_runs_a_formula_in_a_spreadsheet(client, project, history):
    client.force_login(history)
    text = client.get(reverse("reciprocity-statement-csv", args=[project.slug, history.pk]))
    assert "'=HYPERLINK" in text.content.decode()


def test_the_pdf_statement_shows_the_same_totals(client, project, history):
    client.force_login(history)
    response = client.get(reverse("reciprocity-statement-pdf", args=[project.slug, history.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert history.display_name in text
    assert "For time £55.43" in text
    assert "Expenses approved £17.45" in text
    assert "Expenses paid so far £7.45" in text
    assert "Total approved £72.88" in text
    assert "Bus" in text and "Childminder" in text


def test_a_participant_cannot_download_someone_elses_statement(
    client, project, facilitator, participant
):
    client.force_login(participant)
    url = reverse("reciprocity-statement-pdf", args=[project.slug, facilitator.pk])
    assert client.get(url).status_code == 403


def test_the_finance_export_has_what_a_finance_team_needs_and_no_bank_details(
    client, project, facilitator, history
):
    client.force_login(facilitator)
    response = client.get(reverse("reciprocity-finance-csv", args=[project.slug]))
    text = response.content.decode()
    rows = rows_of(text)
    assert list(rows[0]) == FINANCE_COLUMNS
    assert not {"sort_code", "account_number", "iban", "bank"} & {c.lower() for c in rows[0]}
    by_type = {kind: [r for r in rows if r["type"] == kind] for kind in ("time", "expense")}
    assert sorted(r["amount"] for r in by_type["time"]) == ["15.43", "40.00"]
    assert sorted(r["amount"] for r in by_type["expense"]) == ["10.00", "7.45"]
    paid = next(r for r in by_type["expense"] if r["status"] == "paid")
    assert paid["payee"] == history.display_name and paid["payment_method"] == "Bank transfer"
    assert paid["paid_on"] and paid["approved_by"] == facilitator.display_name


def test_the_statement_takes_the_same_queries_however_long_it_is(
    client, project, facilitator, participant, django_assert_num_queries
):
    helpers.rate(project, facilitator)
    helpers.paid(project, participant)
    client.force_login(participant)
    url = reverse("reciprocity-statement-csv", args=[project.slug, participant.pk])
    mine = reverse("reciprocity-mine", args=[project.slug])
    client.get(mine)  # the first request after logging in also saves the session
    # Session, user, membership; policy and choice; rows and totals of time and claims.
    for n in (1, 20):
        for _ in range(n):
            helpers.time(project, participant)
            helpers.claim(project, participant)
        with django_assert_num_queries(11):
            client.get(url)
        # The own log also asks every part for time it holds a record of (meetings attended).
        with django_assert_num_queries(11):
            client.get(mine)


def test_the_people_page_takes_the_same_queries_however_many_members(
    client, project, facilitator, participant, django_assert_num_queries
):
    client.force_login(facilitator)
    url = reverse("reciprocity-people", args=[project.slug])
    client.get(url)  # the first request after logging in also saves the session
    for n in (1, 30):
        for _ in range(n):
            member = MembershipFactory(project=project)
            helpers.claim(project, member.user)
            helpers.time(project, member.user)
        with django_assert_num_queries(9):
            client.get(url)


def test_recognition_needs_the_contributors_approval(client, project, facilitator, participant):
    helpers.paid(project, participant)
    do_decide_time(
        entry=helpers.time(project, participant, hours="2"), approve=True, by=facilitator
    )
    do_save_recognition_note(
        project=project,
        user=participant,
        note="Led the <b>walkabout</b>.",
        version=None,
        by=facilitator,
    )
    certificate = reverse("reciprocity-certificate", args=[project.slug, participant.pk])
    client.force_login(participant)
    assert client.get(certificate).status_code == 404
    page = client.get(reverse("reciprocity-recognition", args=[project.slug])).content.decode()
    assert "Led the &lt;b&gt;walkabout&lt;/b&gt;." in page
    text_hash = page.split('name="hash" value="')[1].split('"')[0]
    client.post(reverse("reciprocity-recognition", args=[project.slug]), {"hash": text_hash})
    response = client.get(certificate)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert participant.display_name in text and "2 hours" in text
    assert "Led the <b>walkabout</b>." in text
    letter = client.get(reverse("reciprocity-reference", args=[project.slug, participant.pk]))
    assert "Reference for" in pdf_text(letter.content)
    # More approved time changes what it says: they are asked again.
    do_decide_time(
        entry=helpers.time(project, participant, hours="1"), approve=True, by=facilitator
    )
    assert client.get(certificate).status_code == 404


def test_the_project_export_holds_the_policy_and_everyones_records(
    client, project, facilitator, history
):
    client.force_login(facilitator)
    data = json.loads(client.get(reverse("projects-export", args=[project.slug])).content)
    assert data["payment_policy"]["pay_within_days"] == 10
    assert len(data["payment_rates"]) == 2
    assert len(data["time_given"]) == 4 and len(data["expense_claims"]) == 4


def test_a_person_downloads_their_own_payment_records(client, project, facilitator, history):
    helpers.claim(project, facilitator, description="Facilitator's taxi")
    client.force_login(history)
    data = json.loads(client.get(reverse("account-data")).content)
    claims = [c["description"] for c in data["your_expense_claims"]]
    assert "Bus" in claims and "Facilitator's taxi" not in claims
    assert data["your_payment_choices"][0]["choice"] == "paid"
    assert len(data["your_time"]) == 4


def test_an_observer_sees_no_amounts_and_no_claims(client, project, observer, history):
    client.force_login(observer)
    page = client.get(reverse("reciprocity-index", args=[project.slug])).content.decode()
    assert "£20.00 per hour" in page  # the policy
    assert "£55.43" not in page and "Childminder" not in page
    assert "Your time and claims" not in page
    assert Membership.objects.get(user=observer).role == "observer"
