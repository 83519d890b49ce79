"""Signatories sign one version or decline it; a later version asks again unless it says
the same; facilitators see who is outstanding; reminders go once, a week on."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partners.actions import do_add_signatory, do_send_for_signature, do_sign
from partners.models import Answer
from projects.models import Membership
from reminders.models import Reminder
from reminders.sweep import send_due_reminders
from stakeholders.models import Invitation
from tests.factories import CharterFactory, GoalFactory

from .helpers import make_partner, make_signatory, send_version

pytestmark = pytest.mark.django_db


def sign_data(version: int, **extra) -> dict:
    return {
        "version": version,
        "name": "Olu Bennett",
        "role": "Programme manager",
        "organisation": "Northbridge City Council",
        "signed_on": "2026-12-01",
        "statement": "On behalf of Northbridge City Council I agree to this charter.",
    } | extra


def sign(signatory, charter, user):
    return do_sign(
        signatory=signatory,
        charter=charter,
        by=user,
        name=user.name,
        role="Chair",
        organisation=signatory.partner.name,
        signed_on=datetime.date(2026, 12, 1),
        statement=f"On behalf of {signatory.partner.name} I agree.",
    )


def test_a_signatory_signs_the_version_sent_and_facilitators_see_it(
    client, project, facilitator, observer
):
    signatory = make_signatory(make_partner(project), observer)
    request = send_version(project, by=facilitator)
    client.force_login(observer)
    url = reverse("partners-sign", args=[project.slug, signatory.pk])
    page = client.get(url).content.decode()
    assert f"Version {request.charter.version} of the charter was sent to sign" in page
    assert "On behalf of Northbridge City Council I agree to this charter" in page
    response = client.post(url, sign_data(request.charter.version))
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert answer.is_signed and answer.charter == request.charter
    client.force_login(facilitator)
    page = client.get(reverse("partners-list", args=[project.slug])).content.decode()
    assert f"Olu Bennett signed version {request.charter.version} on 1 December 2026." in page


def test_signing_an_old_version_is_refused_with_a_clear_message(
    client, project, facilitator, observer
):
    signatory = make_signatory(make_partner(project), observer)
    old = send_version(project, by=facilitator, version=1)
    GoalFactory(project=project, text="A new goal")  # the next version says something new
    send_version(project, by=facilitator, version=2)
    client.force_login(observer)
    url = reverse("partners-sign", args=[project.slug, signatory.pk])
    response = client.post(url, sign_data(old.charter.version))
    page = response.content.decode()
    assert response.status_code == 422
    assert "Version 1 is no longer the one to sign: version 2 replaced it." in page
    assert 'value="Programme manager"' in page  # what was typed is kept
    assert not Answer.objects.exists()


def test_declining_says_why_to_facilitators_only(
    client, project, facilitator, participant, observer
):
    signatory = make_signatory(make_partner(project), observer)
    request = send_version(project, by=facilitator)
    client.force_login(observer)
    url = reverse("partners-decline", args=[project.slug, signatory.pk])
    empty = client.post(url, {"version": request.charter.version, "reason": ""})
    assert empty.status_code == 422 and "There is a problem" in empty.content.decode()
    client.post(url, {"version": request.charter.version, "reason": "Our board meets in May."})
    client.force_login(facilitator)
    page = client.get(reverse("partners-list", args=[project.slug])).content.decode()
    assert "Our board meets in May." in page
    client.force_login(participant)
    page = client.get(reverse("partners-list", args=[project.slug])).content.decode()
    assert "Our board meets in May." not in page
    assert "Declined" in page


def test_a_version_that_only_records_signatures_asks_nobody_again(project, facilitator, observer):
    partner = make_partner(project)
    signatory = make_signatory(partner, observer)
    first = send_version(project, by=facilitator)
    sign(signatory, first.charter, observer)
    # Made from the project as it is now (with the signature): the same apart from sign-off.
    second = CharterFactory(project=project, version=10)
    do_send_for_signature(project=project, charter=second, by=facilitator)
    membership = Membership.objects.get(user=observer)
    todo = [item for item in get_todo(membership) if "Sign version" in item.title]
    assert [item.done for item in todo] == [True]


def test_a_version_that_says_something_new_asks_again(project, facilitator, observer):
    signatory = make_signatory(make_partner(project), observer)
    first = send_version(project, by=facilitator)
    sign(signatory, first.charter, observer)
    GoalFactory(project=project, text="Benches on every street")
    second = CharterFactory(project=project, version=10)
    do_send_for_signature(project=project, charter=second, by=facilitator)
    membership = Membership.objects.get(user=observer)
    todo = [item.title for item in get_todo(membership) if not item.done]
    assert todo == [f"Sign version {second.version} of the charter for Northbridge City Council"]


def get_todo(membership):
    from projects.overview import get_todo as overview_todo

    return overview_todo(membership)


def test_someone_named_by_address_is_invited_as_an_observer_and_signs_once_joined(
    client, project, facilitator, outsider
):
    partner = make_partner(project)
    signatory = do_add_signatory(
        partner=partner, by=facilitator, name="Sam Lee", email=outsider.email, role="Chair"
    )
    invitation = Invitation.objects.get()
    assert invitation.role == "observer" and invitation.stakeholder.email == outsider.email
    assert invitation.stakeholder in partner.stakeholders.all()
    assert mail.outbox[-1].to == [outsider.email]
    url = reverse("partners-sign", args=[project.slug, signatory.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404  # not a member yet
    from stakeholders.actions import do_accept_invitation

    do_accept_invitation(invitation=invitation, user=outsider)
    request = send_version(project, by=facilitator)
    assert client.post(url, sign_data(request.charter.version)).status_code == 302
    assert Answer.objects.get().signatory == signatory


def test_another_member_cannot_sign_for_the_partner(client, project, facilitator, observer):
    signatory = make_signatory(make_partner(project), observer)
    request = send_version(project, by=facilitator)
    client.force_login(facilitator)
    url = reverse("partners-sign", args=[project.slug, signatory.pk])
    assert client.post(url, sign_data(request.charter.version)).status_code == 403
    assert not Answer.objects.exists()


def test_signatories_are_asked_at_once_and_reminded_once_a_week_later(
    project, facilitator, observer, participant
):
    make_signatory(make_partner(project), observer)
    second = make_signatory(make_partner(project, name="Northbridge University"), participant)
    charter = CharterFactory(project=project)
    request = do_send_for_signature(project=project, charter=charter, by=facilitator)
    pending = Reminder.objects.pending().filter(kind=Reminder.Kind.SIGNATURE)
    assert sorted((r.recipient.email, r.due_at - request.sent_at) for r in pending) == [
        (observer.email, datetime.timedelta(0)),
        (observer.email, datetime.timedelta(days=7)),
        (participant.email, datetime.timedelta(0)),
        (participant.email, datetime.timedelta(days=7)),
    ]
    send_due_reminders(now=timezone.now())
    assert len(mail.outbox) == 2
    assert "is waiting for you to sign it" in mail.outbox[0].subject
    sign(second, charter, participant)
    week_on = request.sent_at + datetime.timedelta(days=7, minutes=1)
    mail.outbox.clear()
    send_due_reminders(now=week_on)
    send_due_reminders(now=week_on + datetime.timedelta(hours=1))
    assert [m.to for m in mail.outbox] == [[observer.email]]
    assert "still waiting for you to sign it" in mail.outbox[0].subject
    assert "Please answer by" in mail.outbox[0].body


def test_reminders_of_a_version_replaced_are_not_sent(project, facilitator, observer):
    make_signatory(make_partner(project), observer)
    first = do_send_for_signature(
        project=project, charter=CharterFactory(project=project), by=facilitator
    )
    GoalFactory(project=project)
    do_send_for_signature(project=project, charter=CharterFactory(project=project), by=facilitator)
    send_due_reminders(now=first.sent_at + datetime.timedelta(days=7, minutes=1))
    assert all(f"Version {first.charter.version} " not in m.subject for m in mail.outbox)


def test_every_partner_signing_makes_the_version_that_records_it(
    project, facilitator, observer, participant, django_capture_on_commit_callbacks
):
    a = make_signatory(make_partner(project), observer)
    b = make_signatory(make_partner(project, name="Northbridge University"), participant)
    request = send_version(project, by=facilitator)
    sign(a, request.charter, observer)
    assert project.charters.count() == 1
    sign(b, request.charter, participant)
    assert project.charters.count() == 2


def test_sending_twice_or_without_signatories_says_why(client, project, facilitator):
    client.force_login(facilitator)
    charter = CharterFactory(project=project, version=1)
    url = reverse("partners-send", args=[project.slug])
    page = client.post(url, {"version": 1}, follow=True).content.decode()
    assert "Name who signs for at least one partner first." in page
    make_signatory(make_partner(project), facilitator)
    client.post(url, {"version": 1})
    page = client.post(url, {"version": 1}, follow=True).content.decode()
    assert "Version 1 has already been sent to sign." in page
    assert project.signing_requests.get().charter == charter
