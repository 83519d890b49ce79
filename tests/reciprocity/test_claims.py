"""Expense claims: receipts checked by content and size and served privately, every state
visible with the date payment is promised by, reminders, and receipts deleted with the claim,
the project or the account."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from projects.actions import do_delete_account, do_delete_project
from projects.models import Membership, Project
from projects.overview import get_todo
from reciprocity.claim_actions import (
    do_answer_claim,
    do_approve_claim,
    do_query_claim,
    do_record_claim_paid,
)
from reciprocity.models import Claim
from reminders.models import Reminder
from reminders.sweep import send_due_reminders
from tests.reciprocity import helpers


def claim_form(**fields) -> dict:
    return {
        "kind": "travel",
        "description": "Bus fare",
        "spent_on": "2030-01-02",
        "amount": "4.80",
        "receipt": helpers.pdf_upload(),
        **fields,
    }


def post_claim(client, project, **fields):
    return client.post(
        reverse("reciprocity-claim-create", args=[project.slug]), claim_form(**fields)
    )


@pytest.fixture
def claimant(client, project, participant):
    helpers.paid(project, participant)
    client.force_login(participant)
    return participant


@pytest.mark.parametrize("upload", [helpers.pdf_upload, helpers.png_upload])
def test_a_claim_with_a_receipt_is_sent_and_its_state_shown(client, project, claimant, upload):
    response = post_claim(client, project, receipt=upload())
    claim = Claim.objects.get()
    assert response["Location"] == claim.get_absolute_url()
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Waiting for a facilitator" in page
    # Sent today: 5 days to answer and 10 to pay.
    promised = timezone.localdate() + datetime.timedelta(days=15)
    assert claim.pay_by == promised
    assert f"The policy promises payment by {promised.day} {promised:%B %Y}" in page
    assert claim.amount == Decimal("4.80") and claim.currency == "GBP"
    assert claim.receipt_type in ("application/pdf", "image/png")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("receipt.pdf", helpers.png_upload().read()), "but it is a PNG"),
        (SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image"), "This file is none of these"),
        (SimpleUploadedFile("receipt.pdf", b"%PDF-1.4\nno end"), "incomplete or damaged"),
        (SimpleUploadedFile("ticket.png", b"\x89PNG\r\n\x1a\nbroken"), "incomplete or damaged"),
        (SimpleUploadedFile("empty.pdf", b""), "empty"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused(client, project, claimant, upload, message):
    response = post_claim(client, project, receipt=upload, description="Taxi")
    page = response.content.decode()
    assert response.status_code == 422
    assert message in page
    assert 'value="Taxi"' in page
    assert not Claim.objects.exists()


def test_a_receipt_over_ten_megabytes_is_refused(client, project, claimant, settings):
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"%%EOF")
    response = post_claim(client, project, receipt=big)
    assert response.status_code == 422
    assert "Choose a file of 10 MB or less" in response.content.decode()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-4.80", "not a negative one"),
        ("0", "more than 0"),
        ("4.805", "to the penny"),
        ("four", "in numbers"),
    ],
)
def test_a_bad_amount_is_refused_with_a_message(client, project, claimant, amount, message):
    response = post_claim(client, project, amount=amount)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Claim.objects.exists()


def test_no_claim_in_a_closed_project(client, project, claimant, media):
    Project.objects.filter(pk=project.pk).update(status=Project.Status.CLOSED)
    response = post_claim(client, project)
    assert response.status_code == 422
    assert "This project is closed" in response.content.decode()
    assert not Claim.objects.exists()
    assert not (media / "receipts").exists()


def test_someone_who_declined_expenses_is_told_to_change_their_choice(client, project, claimant):
    helpers.paid(project, claimant, choice="neither")
    response = post_claim(client, project)
    assert response.status_code == 422
    assert "You chose not to claim expenses" in response.content.decode()


def test_the_receipt_is_served_privately_to_the_claimant_and_facilitators_only(
    client, project, facilitator, participant, observer
):
    claim = helpers.claim(project, participant)
    url = reverse("reciprocity-receipt", args=[project.slug, claim.pk])
    for who, status in [(participant, 200), (facilitator, 200), (observer, 403)]:
        client.force_login(who)
        response = client.get(url)
        assert response.status_code == status
        if status == 200:
            assert response["Content-Type"] == "application/pdf"
            assert "no-store" in response["Cache-Control"]
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
    other = helpers.claim(project, facilitator)
    client.force_login(participant)
    assert (
        client.get(reverse("reciprocity-receipt", args=[project.slug, other.pk])).status_code == 404
    )
    # Stored under a random name, not the one the person gave.
    assert claim.receipt.name.startswith(f"receipts/{project.pk}/")
    assert "receipt.pdf" not in claim.receipt.name


def test_a_question_goes_to_the_claimant_and_their_answer_back(
    client, project, facilitator, participant
):
    claim = helpers.claim(project, participant)
    facilitator_reminder = Reminder.objects.get(kind=Reminder.Kind.CLAIM)
    assert facilitator_reminder.recipient == facilitator
    client.force_login(facilitator)
    client.post(
        reverse("reciprocity-claim-review", args=[project.slug, claim.pk]),
        {"decision": "query", "question": "Which bus was it?"},
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.QUERIED
    pending = Reminder.objects.pending().filter(kind=Reminder.Kind.CLAIM)
    assert [r.recipient for r in pending] == [participant]
    todo = [item.title for item in get_todo(Membership.objects.get(user=participant))]
    assert "Answer the question about 1 of your claims" in todo
    send_due_reminders()
    [email] = mail.outbox
    assert email.to == [participant.email]
    assert "Your expense claim needs something from you: “Bus fare”" in email.subject
    assert "The payment policy promises to pay it by" in email.body
    client.force_login(participant)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Which bus was it?" in page
    client.post(
        reverse("reciprocity-claim-answer", args=[project.slug, claim.pk]),
        {"answer": "The number 12.", "receipt": helpers.png_upload()},
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED and claim.answer == "The number 12."
    assert claim.receipt_type == "image/png"


def test_an_empty_question_is_refused(client, project, facilitator, participant):
    claim = helpers.claim(project, participant)
    client.force_login(facilitator)
    response = client.post(
        reverse("reciprocity-claim-review", args=[project.slug, claim.pk]),
        {"decision": "query", "question": ""},
    )
    assert response.status_code == 422
    assert "There is a problem" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED


def test_facilitators_are_reminded_of_a_claim_waiting_past_the_promised_time(
    project, facilitator, participant
):
    claim = helpers.claim(project, participant)
    reminder = Reminder.objects.get(kind=Reminder.Kind.CLAIM)
    sent = timezone.localtime(claim.submitted_at, project.zone).date()
    assert timezone.localtime(reminder.due_at, project.zone).date() == sent + datetime.timedelta(5)
    assert reminder.title == "An expense claim is waiting for approval: “Bus fare”"
    assert send_due_reminders().sent == 0
    later = reminder.due_at + datetime.timedelta(minutes=1)
    assert send_due_reminders(now=later).sent == 1
    assert mail.outbox[0].to == [facilitator.email]
    todo = get_todo(Membership.objects.get(user=facilitator))
    assert any(item.title == "Approve or ask about 1 expense claim" for item in todo)


def test_a_claim_approved_while_the_sweep_holds_its_reminder_is_not_sent(
    project, facilitator, participant
):
    claim = helpers.claim(project, participant)
    reminder = Reminder.objects.get(kind=Reminder.Kind.CLAIM)
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.APPROVED)
    result = send_due_reminders(now=reminder.due_at + datetime.timedelta(minutes=1))
    assert (result.sent, result.skipped) == (0, 1)


def test_approving_calls_off_reminders_and_sets_the_date_to_pay_by(
    project, facilitator, participant
):
    claim = helpers.claim(project, participant)
    claim = do_approve_claim(claim=claim, by=facilitator)
    assert not Reminder.objects.pending().filter(kind=Reminder.Kind.CLAIM).exists()
    assert claim.pay_by == timezone.localdate() + datetime.timedelta(days=10)
    claim = do_record_claim_paid(claim=claim, by=facilitator)
    assert claim.status == Claim.Status.PAID and claim.paid_at


def test_a_paid_claim_cannot_be_asked_about(client, project, facilitator, participant):
    claim = do_approve_claim(claim=helpers.claim(project, participant), by=facilitator)
    client.force_login(facilitator)
    response = client.post(
        reverse("reciprocity-claim-review", args=[project.slug, claim.pk]),
        {"decision": "query", "question": "Hmm?"},
        follow=True,
    )
    assert "can no longer be done" in response.content.decode()


def test_withdrawing_a_claim_deletes_its_receipt(
    client, project, participant, django_capture_on_commit_callbacks
):
    claim = helpers.claim(project, participant)
    name = claim.receipt.name
    assert default_storage.exists(name)
    client.force_login(participant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reciprocity-claim-withdraw", args=[project.slug, claim.pk]))
    assert not Claim.objects.exists()
    assert not default_storage.exists(name)


def test_receipts_go_with_the_project(
    project, facilitator, participant, django_capture_on_commit_callbacks
):
    name = helpers.claim(project, participant).receipt.name
    with django_capture_on_commit_callbacks(execute=True):
        do_delete_project(project=project, by=facilitator)
    assert not default_storage.exists(name)


def test_receipts_go_with_the_account(project, participant, django_capture_on_commit_callbacks):
    claim = helpers.claim(project, participant)
    name = claim.receipt.name
    with django_capture_on_commit_callbacks(execute=True):
        do_delete_account(user=participant)
    assert not default_storage.exists(name)
    assert not Claim.objects.exists()
    assert not Reminder.objects.pending().filter(kind=Reminder.Kind.CLAIM).exists()


def test_an_answer_to_a_claim_not_queried_is_refused(project, participant):
    claim = helpers.claim(project, participant)
    with pytest.raises(Exception, match="can no longer be done"):
        do_answer_claim(claim=claim, answer="Nothing was asked")


def test_a_queried_claim_shows_the_claimant_what_to_do(client, project, facilitator, participant):
    claim = do_query_claim(
        claim=helpers.claim(project, participant), question="Date?", by=facilitator
    )
    client.force_login(participant)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "A facilitator has a question" in page and "Send answer" in page
    client.force_login(facilitator)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Waiting for their answer." in page and "Send answer" not in page
