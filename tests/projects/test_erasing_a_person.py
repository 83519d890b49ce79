"""Deleting an account, downloading one's data and deleting a project, tried as someone who
checks that the promises on those pages hold."""

import datetime
import io
import json

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agreements.actions import do_add_ground_rule
from charter.actions import do_request_charter
from charter.models import Charter
from powercheck.models import Answer, Response
from projects.models import AuditEvent, Membership, Project
from reminders.models import Reminder
from stakeholders.actions import do_invite_stakeholder
from stakeholders.models import Invitation, Stakeholder
from tests.factories import (
    CharterFactory,
    MembershipFactory,
    ProjectFactory,
    ReminderFactory,
    ResponseFactory,
    RoundFactory,
    StakeholderFactory,
    answer_every_statement,
)

PRIVATE = ["Pat Morgan", "part@example.org", "Needs a hearing loop", "Lives alone"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def pat(participant):
    participant.name = "Pat Morgan"
    participant.save()
    return participant


@pytest.fixture
def recorded(project, pat, facilitator):
    """Pat as the map recorded them: linked in this project, and under their address in a
    project they never joined, with a chaser sent there."""
    linked = StakeholderFactory(
        project=project,
        name="Pat Morgan",
        email=pat.email,
        access_needs="Needs a hearing loop",
        notes="Lives alone",
        consent_recorded_at=timezone.now(),
        named_consent_at=timezone.now(),
        user=pat,
    )
    elsewhere = ProjectFactory(title="Quiet Lanes")
    MembershipFactory(project=elsewhere, role="facilitator")
    by_address = StakeholderFactory(
        project=elsewhere, name="P. Morgan", email="PART@example.org", notes="Lives alone"
    )
    invitation = do_invite_stakeholder(
        stakeholder=by_address, role="participant", invited_by=facilitator
    )
    return {"linked": linked, "by_address": by_address, "invitation": invitation}


def delete_account(client, user):
    return client.post(reverse("account-delete"), {"confirm": user.email}, follow=True)


def test_the_delete_page_says_what_is_deleted_and_what_is_kept(as_user, pat):
    page = as_user(pat).get(reverse("account-delete")).content.decode()
    assert "What any project recorded about you on its stakeholder map" in page
    assert "What is kept, without your name" in page
    assert "The scores of the checklist answers you sent" in page


def test_deleting_an_account_erases_every_map_record_about_them(
    as_user, pat, project, recorded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = delete_account(as_user(pat), pat).content.decode()
    assert "Your account and everything held about you were deleted." in page
    assert not Stakeholder.objects.filter(pk__in=[s.pk for s in recorded.values()]).exists()
    assert not Invitation.objects.exists()
    everything = json.dumps(list(Stakeholder.objects.values()), default=str)
    for private in PRIVATE:
        assert private not in everything
    summaries = " ".join(AuditEvent.objects.values_list("summary", flat=True))
    assert "Pat Morgan" not in summaries and "P. Morgan" not in summaries


def test_deleting_an_account_forgets_reminders_to_their_address(
    as_user, pat, project, recorded, django_capture_on_commit_callbacks
):
    other = ReminderFactory(project=project, recipient=None, email="someone@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(as_user(pat), pat)
    assert not Reminder.objects.filter(email__iexact=pat.email).exists()
    assert not Reminder.objects.filter(recipient__email=pat.email).exists()
    chaser = Reminder.objects.get(kind=Reminder.Kind.INVITATION_CHASER)
    assert (chaser.status, chaser.email) == (Reminder.Status.CANCELLED, "")
    assert Reminder.objects.get(pk=other.pk).email == "someone@example.org"


def pdf_text(charter: Charter) -> str:
    with charter.pdf.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_current_charter_no_longer_names_them(
    as_user, facilitator, pat, project, recorded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        do_request_charter(project=project, by=facilitator)
    first = Charter.objects.get()
    assert "Pat Morgan" in pdf_text(first), "named as a member and on the map"
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(as_user(pat), pat)
    first.refresh_from_db()
    assert first.status == Charter.Status.WITHDRAWN and not first.pdf
    current = Charter.objects.filter(status=Charter.Status.READY).get()
    assert current.version == 2 and "Pat Morgan" not in pdf_text(current)
    page = as_user(facilitator).get(reverse("charter-index", args=[project.slug]))
    assert "Pat Morgan" not in page.content.decode()


def test_a_member_never_mapped_is_taken_out_of_the_charter_too(
    as_user, facilitator, pat, project, django_capture_on_commit_callbacks
):
    before_joining = CharterFactory(
        project=project, version=1, rendered_at=timezone.now() - datetime.timedelta(days=30)
    )
    Membership.objects.filter(user=pat).update(
        joined_at=timezone.now() - datetime.timedelta(days=10)
    )
    naming = CharterFactory(project=project, version=2)
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(as_user(pat), pat)
    statuses = dict(Charter.objects.values_list("pk", "status"))
    assert statuses[before_joining.pk] == "ready" and statuses[naming.pk] == "withdrawn"
    current = Charter.objects.get(version=3)
    assert current.is_ready and "Pat Morgan" not in pdf_text(current)


def test_what_they_wrote_in_the_checklist_goes_and_their_scores_stay(
    as_user, pat, project, django_capture_on_commit_callbacks
):
    closed = RoundFactory(project=project)
    sent = ResponseFactory(
        round=closed, member=Membership.objects.get(user=pat), helped="My neighbour Sue"
    )
    answer_every_statement(sent, 3)
    Answer.objects.filter(response=sent).update(comment="I felt ignored at the May meeting")
    draft = ResponseFactory(
        round=RoundFactory(project=project),
        member=Membership.objects.get(user=pat),
        submitted_at=None,
        hindered="Draft thoughts",
    )
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(as_user(pat), pat)
    sent.refresh_from_db()
    assert sent.member is None and sent.submitted_at is not None
    assert (sent.helped, sent.hindered) == ("", "")
    assert set(Answer.objects.filter(response=sent).values_list("score", "comment")) == {(3, "")}
    assert not Response.objects.filter(pk=draft.pk).exists()


def test_their_failed_logins_go_with_the_account(client, as_user, pat, project):
    client.post(reverse("account_login"), {"login": pat.email, "password": "wrong"})
    assert AccessAttempt.objects.filter(username=pat.email).exists()
    delete_account(as_user(pat), pat)
    assert not AccessAttempt.objects.filter(username__iexact=pat.email).exists()
    assert not get_user_model().objects.filter(email=pat.email).exists()


def test_the_download_holds_what_they_did_and_what_was_sent_to_their_address(
    as_user, facilitator, project, recorded, pat
):
    facilitator.name = "Fatima Okafor"
    facilitator.save()
    do_add_ground_rule(project=project, text="Challenge ideas, not people.", by=facilitator)
    RoundFactory(project=project, title="Spring check", created_by=facilitator)
    do_request_charter(project=project, by=facilitator, enqueue=False)
    Project.objects.filter(pk=project.pk).update(created_by=facilitator)
    data = json.loads(as_user(facilitator).get(reverse("account-data")).content)
    assert {"project": "Quiet Lanes", "to": "P. Morgan"}.items() <= (
        data["invitations_you_sent"][0].items()
    )
    assert data["ground_rules_you_added"][0]["text"] == "Challenge ideas, not people."
    assert data["rounds_you_opened"][0]["title"] == "Spring check"
    assert data["charters_you_asked_for"][0]["version"] == 1
    assert data["projects_you_created"][0]["title"] == "Healthy Streets"
    what = [line["what"] for line in data["your_timeline"]]
    assert "Invited P. Morgan to join as a participant." in what
    assert "Asked for version 1 of the charter." in what

    mine = json.loads(as_user(pat).get(reverse("account-data")).content)
    assert {r["name"] for r in mine["recorded_about_you"]} == {"Pat Morgan", "P. Morgan"}
    [chaser] = mine["reminders_to_your_address"]
    assert chaser["title"] == "Your invitation to join Quiet Lanes is waiting"


def test_deleting_a_project_deletes_its_charter_files(
    as_user, facilitator, project, django_capture_on_commit_callbacks
):
    charters = [CharterFactory(project=project, version=n) for n in (1, 2)]
    names = [charter.pdf.name for charter in charters]
    storage = charters[0].pdf.storage
    assert all(storage.exists(name) for name in names)
    url = reverse("projects-delete", args=[project.slug])
    with django_capture_on_commit_callbacks(execute=True):
        as_user(facilitator).post(url, {"confirm": project.title})
    assert not Project.objects.filter(pk=project.pk).exists()
    assert not any(storage.exists(name) for name in names)
