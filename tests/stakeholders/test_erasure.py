"""Erasing a stakeholder: gone from everywhere the project recorded them, scores intact."""

import datetime
import html
import os

import pytest
from django.urls import reverse
from django.utils import timezone

from charter.content import content_hash, gather_charter
from charter.models import Charter
from powercheck.models import Response
from powercheck.scoring import get_results
from projects.models import AuditEvent, Membership, Role
from projects.timeline import do_record_event
from reminders.models import Reminder
from stakeholders.models import Invitation, Stakeholder
from tests.factories import (
    CharterFactory,
    MembershipFactory,
    ReminderFactory,
    ResponseFactory,
    RoundFactory,
    StakeholderFactory,
    answer_every_statement,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def erase(client, stakeholder, **data):
    url = reverse("stakeholders-delete", args=[stakeholder.project.slug, stakeholder.pk])
    return client.post(url, data, follow=True)


@pytest.fixture
def rosa(project, facilitator):
    stakeholder = StakeholderFactory(project=project, name="Rosa Diaz", access_needs="BSL")
    invitation = Invitation.objects.create(
        stakeholder=stakeholder,
        role=Role.PARTICIPANT,
        token_hash="0" * 64,
        invited_by=facilitator,
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    ReminderFactory(
        project=project,
        recipient=None,
        email=stakeholder.email,
        kind=Reminder.Kind.INVITATION_CHASER,
        dedupe_key=f"invitation:{invitation.pk}:",
        due_at=timezone.now() + datetime.timedelta(days=7),
    )
    do_record_event(
        project=project,
        actor=facilitator,
        verb="invited",
        summary="Invited %(name)s.",
        people={"name": stakeholder},
    )
    return stakeholder


def test_erasing_asks_first_and_explains_what_happens(as_user, facilitator, rosa):
    url = reverse("stakeholders-delete", args=[rosa.project.slug, rosa.pk])
    page = as_user(facilitator).get(url).content.decode()
    assert "Erase Rosa Diaz?" in page and "cannot be undone" in page
    assert "Also remove them from the project" not in page, "only asked of a member"
    assert Stakeholder.objects.filter(pk=rosa.pk).exists()


def test_erasing_removes_them_their_invitations_reminders_and_name(as_user, facilitator, rosa):
    email = rosa.email
    page = erase(as_user(facilitator), rosa).content.decode()
    assert "Rosa Diaz was erased from the project." in page
    assert not Stakeholder.objects.filter(pk=rosa.pk).exists()
    assert not Invitation.objects.exists()
    reminder = Reminder.objects.get()
    assert reminder.status == Reminder.Status.CANCELLED and email not in reminder.email
    summaries = list(AuditEvent.objects.values_list("summary", flat=True))
    assert not any("Rosa" in s for s in summaries)
    timeline = as_user(facilitator).get(reverse("projects-events", args=[rosa.project.slug]))
    page = html.unescape(timeline.content.decode())
    assert "Rosa" not in page
    assert "Invited an erased stakeholder." in page
    assert "Erased a stakeholder's details." in page


def test_charters_made_since_they_were_mapped_are_withdrawn_and_remade(
    as_user, facilitator, observer, project, rosa, django_capture_on_commit_callbacks
):
    before = CharterFactory(project=project, rendered_at=rosa.created_at - datetime.timedelta(1))
    named = CharterFactory(project=project)
    named_file = named.pdf.path
    with django_capture_on_commit_callbacks(execute=True):
        page = erase(as_user(facilitator), rosa).content.decode()
    assert "A charter version that named them was withdrawn" in page

    named.refresh_from_db()
    assert named.status == Charter.Status.WITHDRAWN and not named.pdf
    assert not os.path.exists(named_file), "its PDF is deleted"
    assert Charter.objects.get(pk=before.pk).is_ready, "older versions never named them"
    latest = Charter.objects.order_by("-version").first()
    assert latest.version == named.version + 1 and latest.is_ready

    client = as_user(observer)
    url = reverse("charter-version-pdf", args=[project.slug, named.version])
    assert client.get(url).status_code == 404
    versions = client.get(reverse("charter-index", args=[project.slug])).content.decode()
    assert "Withdrawn" in versions


def test_erasing_a_member_too_keeps_the_power_check_scores(
    as_user, facilitator, participant, project
):
    stakeholder = StakeholderFactory(project=project, name="Rosa Diaz", user=participant)
    round = RoundFactory(project=project, anonymous=False)
    membership = Membership.objects.get(user=participant)
    answer_every_statement(ResponseFactory(round=round, member=membership), 4)
    for n in range(3):
        answer_every_statement(
            ResponseFactory(round=round, member=MembershipFactory(project=project)), n
        )
    results = get_results(round)
    scores = (results.overall, results.submitted, [s.score for s in results.sections])

    url = reverse("stakeholders-delete", args=[project.slug, stakeholder.pk])
    assert "Also remove them from the project" in as_user(facilitator).get(url).content.decode()
    erase(as_user(facilitator), stakeholder, remove_member="on")

    assert not Membership.objects.filter(user=participant).exists()
    assert Response.objects.filter(round=round, member__isnull=True).count() == 1
    results = get_results(round)
    assert (results.overall, results.submitted, [s.score for s in results.sections]) == scores


def test_a_sole_facilitator_cannot_be_erased_from_the_project(as_user, facilitator, project):
    stakeholder = StakeholderFactory(project=project, name="Fay", user=facilitator)
    response = erase(as_user(facilitator), stakeholder, remove_member="on")
    assert response.status_code == 422
    assert "There is a problem" in response.content.decode()
    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists(), "nothing was erased"
    assert Membership.objects.filter(user=facilitator).exists()


def test_when_only_the_withdrawn_version_named_them_the_earlier_one_is_current_again(
    as_user, facilitator, observer, project
):
    before = content_hash(gather_charter(project))
    CharterFactory(project=project, version=1, content_hash=before)
    rosa = StakeholderFactory(project=project, name="Rosa Diaz")
    CharterFactory(project=project, version=2)  # names her
    erase(as_user(facilitator), rosa)
    assert list(Charter.objects.order_by("version").values_list("status", flat=True)) == [
        Charter.Status.READY,
        Charter.Status.WITHDRAWN,
    ]
    page = as_user(observer).get(reverse("charter-index", args=[project.slug]))
    text = " ".join(page.content.decode().split())
    assert "Version 1 was made on" in text and "could not be made" not in text
    assert "Download the charter (PDF, version 1)" in text
