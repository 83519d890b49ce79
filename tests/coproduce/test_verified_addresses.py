"""An address is confirmed before it is matched to anything, sent reminders, or made a
facilitator of someone else's project; accepting an invitation sent to it confirms it."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from projects.actions import do_change_role
from projects.models import Membership, Role
from reminders.models import Reminder
from reminders.sweep import send_due_reminders
from stakeholders.actions import do_accept_invitation, do_invite_stakeholder
from stakeholders.models import Stakeholder
from tests.factories import MembershipFactory, ReminderFactory, StakeholderFactory, UserFactory


@pytest.fixture
def unconfirmed(project):
    user = UserFactory(email="unconfirmed@example.org", verified_email=False)
    MembershipFactory(project=project, user=user, role=Role.PARTICIPANT)
    return user


def test_someone_else_cannot_make_an_unconfirmed_member_a_facilitator(facilitator, unconfirmed):
    membership = Membership.objects.get(user=unconfirmed)
    with pytest.raises(ValidationError, match="has not confirmed their email address"):
        do_change_role(membership=membership, role=Role.FACILITATOR, perspective="", by=facilitator)
    assert Membership.objects.get(user=unconfirmed).role == Role.PARTICIPANT


def test_a_confirmed_member_can_be_made_a_facilitator(facilitator, participant):
    membership = Membership.objects.get(user=participant)
    do_change_role(membership=membership, role=Role.FACILITATOR, perspective="", by=facilitator)
    assert Membership.objects.get(user=participant).role == Role.FACILITATOR


def test_the_members_page_says_why_someone_cannot_be_made_facilitator(
    as_user, facilitator, unconfirmed, project
):
    membership = Membership.objects.get(user=unconfirmed)
    response = as_user(facilitator).post(
        f"/projects/{project.slug}/members/{membership.pk}/",
        {"role": Role.FACILITATOR, "perspective": ""},
    )
    assert "has not confirmed their email address yet" in response.content.decode()


def due_reminder(project, recipient) -> Reminder:
    now = timezone.now()
    return ReminderFactory(
        project=project,
        recipient=recipient,
        due_at=now - datetime.timedelta(minutes=1),
        event_at=now + datetime.timedelta(days=2),
    )


def test_only_confirmed_addresses_are_sent_reminders(project, participant, unconfirmed):
    to_confirmed, to_unconfirmed = (
        due_reminder(project, participant),
        due_reminder(project, unconfirmed),
    )
    send_due_reminders()
    assert [message.to for message in mail.outbox] == [[participant.email]]
    to_confirmed.refresh_from_db()
    to_unconfirmed.refresh_from_db()
    assert to_confirmed.status == Reminder.Status.SENT
    assert to_unconfirmed.status == Reminder.Status.SKIPPED
    assert "has not confirmed their email address" in to_unconfirmed.last_error


def test_the_sweep_asks_the_same_queries_for_one_reminder_or_many(
    project, participant, django_assert_max_num_queries
):
    due_reminder(project, participant)
    due_reminder(project, UserFactory(email="first@example.org", verified_email=False))
    with django_assert_max_num_queries(12) as one:
        send_due_reminders()
    for n in range(8):
        user = UserFactory(email=f"member{n}@example.org", verified_email=n % 2 == 0)
        MembershipFactory(project=project, user=user, role=Role.PARTICIPANT)
        due_reminder(project, user)
    with django_assert_max_num_queries(len(one.captured_queries)):
        send_due_reminders()


def test_an_unconfirmed_account_is_not_matched_to_records_by_address(project, unconfirmed):
    StakeholderFactory(project=project, name="Someone", email=unconfirmed.email)
    assert not Stakeholder.objects.about(unconfirmed).exists()
    EmailAddress.objects.create(user=unconfirmed, email=unconfirmed.email, verified=True)
    assert Stakeholder.objects.about(unconfirmed).exists()


def test_accepting_an_invitation_sent_to_the_address_confirms_it(project, facilitator, db):
    stakeholder = StakeholderFactory(project=project, name="Asha", email="asha@example.org")
    invitation = do_invite_stakeholder(
        stakeholder=stakeholder, role=Role.PARTICIPANT, invited_by=facilitator
    )
    asha = UserFactory(email="asha@example.org", verified_email=False)
    assert not asha.has_verified_email()
    do_accept_invitation(invitation=invitation, user=asha)
    assert asha.has_verified_email()
    stakeholder.refresh_from_db()
    assert stakeholder.user == asha


def test_accepting_someone_elses_invitation_confirms_nothing(project, facilitator, db):
    stakeholder = StakeholderFactory(project=project, name="Asha", email="asha@example.org")
    invitation = do_invite_stakeholder(
        stakeholder=stakeholder, role=Role.PARTICIPANT, invited_by=facilitator
    )
    other = UserFactory(email="other@example.org", verified_email=False)
    do_accept_invitation(invitation=invitation, user=other)
    assert not other.has_verified_email()
    assert not EmailAddress.objects.filter(email="asha@example.org").exists()


@pytest.mark.django_db(transaction=True)
def test_existing_accounts_get_a_confirmed_address_when_migrating():
    executor = MigrationExecutor(connection)
    before = [("coproduce", "0001_initial"), ("account", "0009_emailaddress_unique_primary_email")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldUser = old_apps.get_model("coproduce", "User")
    OldUser.objects.create(email="old@example.org", name="Old", password="!")
    OldUser.objects.create(email="Mixed@Example.org", name="Mixed", password="!")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    addresses = set(EmailAddress.objects.values_list("email", "verified", "primary"))
    assert addresses == {("old@example.org", True, True), ("mixed@example.org", True, True)}
