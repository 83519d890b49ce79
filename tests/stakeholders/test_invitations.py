import datetime
import logging
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape

from projects.models import AuditEvent, Membership, Project, Role
from reminders.models import Reminder
from reminders.sweep import claim_due_reminders, send_batch, send_due_reminders
from stakeholders.actions import (
    do_accept_invitation,
    do_decline_invitation,
    do_erase_stakeholder,
    do_invite_stakeholder,
    do_resend_invitation,
    do_revoke_invitation,
)
from stakeholders.invitation_views import ATTEMPTS_PER_IP
from stakeholders.models import Invitation, Stakeholder, hash_token
from stakeholders.views import INVITES_PER_HOUR
from tests.factories import StakeholderFactory, UserFactory

LINK = re.compile(r"http://testserver/invitations/([A-Za-z0-9_-]+)/")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def stakeholder(project):
    return StakeholderFactory(
        project=project, name="Asha Patel", email="asha@example.org", category="carer"
    )


def invite(stakeholder, facilitator, role: str = "participant") -> tuple[Invitation, str]:
    invitation = do_invite_stakeholder(stakeholder=stakeholder, role=role, invited_by=facilitator)
    return invitation, LINK.search(mail.outbox[-1].body).group(1)


def respond_url() -> str:
    return reverse("invitations-respond")


def test_inviting_emails_a_link_and_stores_only_its_hash(
    as_user, facilitator, project, stakeholder
):
    response = as_user(facilitator).post(
        reverse("stakeholders-invite", args=[project.slug, stakeholder.pk]), {"role": "observer"}
    )
    assert response["Location"] == stakeholder.get_absolute_url()
    [email] = mail.outbox
    assert email.to == ["asha@example.org"]
    assert "Healthy Streets" in email.subject and facilitator.display_name in email.subject
    token = LINK.search(email.body).group(1)
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html" and f"http://testserver/invitations/{token}/" in html
    invitation = Invitation.objects.get()
    assert len(token) >= 43 and invitation.token_hash == hash_token(token)
    assert token not in str(Invitation.objects.values().get())
    assert invitation.expires_at - invitation.sent_at == datetime.timedelta(days=14)
    assert (invitation.role, invitation.status) == ("observer", "sent")
    page = as_user(facilitator).get(stakeholder.get_absolute_url()).content.decode()
    assert "Sent" in page and "Send a new link" in page


def test_opening_the_link_swaps_the_token_for_the_session(client, facilitator, stakeholder):
    invitation, token = invite(stakeholder, facilitator)
    response = client.get(reverse("invitations-open", args=[token]))
    assert response.status_code == 302 and response["Location"] == respond_url()
    assert token not in response["Location"]
    assert client.session["invitation_id"] == invitation.pk
    page = client.get(respond_url()).content.decode()
    assert "You are invited to join “Healthy Streets”" in page
    assert (
        escape(f"{facilitator.display_name} has invited you to take part as a participant.") in page
    )
    assert 'value="asha@example.org"' in page  # the form to join by code comes prefilled


def test_new_person_signs_up_with_the_email_filled_in_and_joins(client, facilitator, stakeholder):
    _invitation, token = invite(stakeholder, facilitator)
    client.get(reverse("invitations-open", args=[token]))
    assert "Email me a code" in client.get(respond_url()).content.decode()
    client.post(
        reverse("account_signup"), {"email": "asha@example.org", "next": "/invitations/respond/"}
    )
    code = re.search(r"\n\n([A-Z0-9-]{6,14})\n\n", mail.outbox[-1].body).group(1)
    response = client.post(reverse("account_email_verification_sent"), {"code": code})
    assert response["Location"] == respond_url()
    response = client.post(respond_url(), {"answer": "accept"})
    assert response["Location"] == stakeholder.project.get_absolute_url()
    user = Membership.objects.get(user__email="asha@example.org")
    assert (user.role, user.perspective) == (Role.PARTICIPANT, "community")
    stakeholder.refresh_from_db()
    assert stakeholder.user == user.user
    assert Invitation.objects.get().status == "accepted"
    assert client.get(stakeholder.project.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("category", "perspective"),
    [
        ("lived_experience", "community"),
        ("community_group", "community"),
        ("practitioner", "practitioner"),
        ("researcher", "researcher"),
        ("funder", "organisation"),
        ("policymaker", "organisation"),
        ("other", ""),
    ],
)
def test_perspective_comes_from_the_category(facilitator, project, category, perspective):
    stakeholder = StakeholderFactory(project=project, category=category)
    invitation, _token = invite(stakeholder, facilitator, role="observer")
    invitee = UserFactory(email=stakeholder.email)
    membership = do_accept_invitation(invitation=invitation, user=invitee)
    assert (membership.role, membership.perspective) == ("observer", perspective)


def test_existing_user_logs_in_and_accepts(client, facilitator, stakeholder, outsider):
    _invitation, token = invite(stakeholder, facilitator)
    client.get(reverse("invitations-open", args=[token]))
    assert "Log in" in client.get(respond_url()).content.decode()
    client.force_login(outsider)  # keeps the session, as logging in does
    assert "You are logged in as" in client.get(respond_url()).content.decode()
    client.post(respond_url(), {"answer": "accept"})
    assert Membership.objects.filter(user=outsider, project=stakeholder.project).exists()


def test_declining_needs_no_account_and_kills_the_link(client, facilitator, stakeholder):
    invitation, token = invite(stakeholder, facilitator)
    client.get(reverse("invitations-open", args=[token]))
    assert reverse("invitations-decline") in client.get(respond_url()).content.decode()
    page = client.get(reverse("invitations-decline")).content.decode()
    assert "Decline the invitation to join “Healthy Streets”?" in page
    response = client.post(reverse("invitations-decline"))
    assert "You have declined the invitation" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    client.get(reverse("invitations-open", args=[token]))
    page = client.get(respond_url())
    assert page.status_code == 410 and "was declined" in page.content.decode()


def test_accepting_requires_an_account(client, facilitator, stakeholder):
    _invitation, token = invite(stakeholder, facilitator)
    client.get(reverse("invitations-open", args=[token]))
    client.post(respond_url(), {"answer": "accept"})
    assert not Membership.objects.filter(role=Role.PARTICIPANT).exists()


def closed_page(client, token: str):
    client.get(reverse("invitations-open", args=[token]))
    return client.get(respond_url())


def test_a_link_works_once(client, facilitator, stakeholder, outsider):
    invitation, token = invite(stakeholder, facilitator)
    do_accept_invitation(invitation=invitation, user=UserFactory())
    client.force_login(outsider)
    response = closed_page(client, token)
    assert response.status_code == 410
    page = response.content.decode()
    assert "already been accepted" in page and "Healthy Streets" not in page
    assert not Membership.objects.filter(user=outsider).exists()


def test_expired_revoked_and_unknown_links_get_a_clear_page_and_no_project(
    client, facilitator, stakeholder
):
    expired, expired_token = invite(stakeholder, facilitator)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    other = StakeholderFactory(project=stakeholder.project)
    revoked, revoked_token = invite(other, facilitator)
    do_revoke_invitation(invitation=revoked)
    for token, status, words in [
        (expired_token, 410, "The invitation has expired"),
        (revoked_token, 410, "This invitation was withdrawn"),
        ("x" * 43, 404, "We could not find this invitation"),
    ]:
        response = closed_page(client, token)
        page = response.content.decode()
        assert response.status_code == status and words in page
        assert "Healthy Streets" not in page and facilitator.display_name not in page


def test_expiry_is_checked_again_when_answering(client, facilitator, stakeholder, outsider):
    invitation, token = invite(stakeholder, facilitator)
    client.force_login(outsider)
    client.get(reverse("invitations-open", args=[token]))
    assert client.get(respond_url()).status_code == 200
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    response = client.post(respond_url(), {"answer": "accept"})
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert not Membership.objects.filter(user=outsider).exists()


def test_resending_replaces_the_link(client, facilitator, stakeholder):
    first, old_token = invite(stakeholder, facilitator)
    second = do_resend_invitation(invitation=first, invited_by=facilitator)
    new_token = LINK.search(mail.outbox[-1].body).group(1)
    first.refresh_from_db()
    assert (first.status, second.status, second.role) == ("revoked", "sent", first.role)
    assert closed_page(client, old_token).status_code == 410
    assert closed_page(client, new_token).status_code == 200


def test_revoke_asks_first(as_user, facilitator, project, stakeholder):
    invitation, _token = invite(stakeholder, facilitator)
    url = reverse("stakeholders-invitation-revoke", args=[project.slug, invitation.pk])
    client = as_user(facilitator)
    assert "Revoke the invitation to Asha Patel?" in client.get(url).content.decode()
    assert Invitation.objects.get().status == "sent"
    client.post(url)
    assert Invitation.objects.get().status == "revoked"
    assert "Revoked" in client.get(stakeholder.get_absolute_url()).content.decode()


def test_cannot_invite_without_an_email_or_a_member_again(as_user, facilitator, project):
    no_email = StakeholderFactory(project=project, email="")
    url = reverse("stakeholders-invite", args=[project.slug, no_email.pk])
    client = as_user(facilitator)
    assert "Add an email address for them first." in client.get(url).content.decode()
    response = client.post(url, {"role": "participant"})
    assert response.status_code == 422 and not mail.outbox
    member = StakeholderFactory(project=project, email=facilitator.email.upper())
    url = reverse("stakeholders-invite", args=[project.slug, member.pk])
    response = client.post(url, {"role": "participant"})
    assert "already a member" in response.content.decode() and not mail.outbox


def test_bad_role_is_refused(as_user, facilitator, project, stakeholder):
    url = reverse("stakeholders-invite", args=[project.slug, stakeholder.pk])
    response = as_user(facilitator).post(url, {"role": "facilitator"})
    assert response.status_code == 422 and "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()


def test_sending_is_rate_limited_per_facilitator(as_user, facilitator, project):
    client = as_user(facilitator)
    people = StakeholderFactory.create_batch(INVITES_PER_HOUR + 1, project=project)
    for person in people:
        response = client.post(
            reverse("stakeholders-invite", args=[project.slug, person.pk]), {"role": "observer"}
        )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert len(mail.outbox) == INVITES_PER_HOUR
    other = UserFactory()
    Membership.objects.create(project=project, user=other, role=Role.FACILITATOR)
    response = as_user(other).post(
        reverse("stakeholders-invite", args=[project.slug, people[-1].pk]), {"role": "observer"}
    )
    assert response.status_code == 302


def test_opening_links_is_rate_limited_per_address(client, facilitator, stakeholder):
    _invitation, token = invite(stakeholder, facilitator)
    for _ in range(ATTEMPTS_PER_IP):
        client.get(reverse("invitations-open", args=["guess" * 9]))
    response = client.get(reverse("invitations-open", args=[token]))
    assert response.status_code == 302  # never a 4xx on a path with a token in it
    page = client.get(respond_url())
    assert page.status_code == 429 and "Too many attempts" in page.content.decode()
    other_address = client.get(reverse("invitations-open", args=[token]), REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 302
    assert client.get(respond_url()).status_code == 200


@pytest.fixture
def csrf_client():
    from django.test import Client

    return Client(enforce_csrf_checks=True)


def test_no_log_line_carries_a_token(csrf_client, facilitator, stakeholder, caplog):
    invitation, token = invite(stakeholder, facilitator)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    unknown = "u" * 43
    client = csrf_client
    with caplog.at_level(logging.DEBUG):
        for value in [token, unknown]:
            client.get(reverse("invitations-open", args=[value]))
            client.get(reverse("invitations-open", args=[value])[:-1])  # no trailing slash
            client.post(reverse("invitations-open", args=[value]))  # no CSRF token either
            client.head(reverse("invitations-open", args=[value]))
            client.get(respond_url())
            client.post(respond_url(), {"answer": "accept"})
    assert caplog.records, "the respond page's 4xx answers should have been logged"
    for record in caplog.records:
        text = record.getMessage() + str(record.args) + str(getattr(record, "request", ""))
        assert token not in text and unknown not in text


def test_removing_a_stakeholder_keeps_the_member(facilitator, stakeholder):
    invitation, _token = invite(stakeholder, facilitator)
    user = UserFactory()
    do_accept_invitation(invitation=invitation, user=user)
    stakeholder.delete()
    assert Membership.objects.filter(user=user).exists()
    assert not Stakeholder.objects.exists()


# The chaser: one reminder 7 days later, never after the invitation is answered or withdrawn.


def chasers():
    return Reminder.objects.filter(kind=Reminder.Kind.INVITATION_CHASER)


def week_later(invitation) -> datetime.datetime:
    return invitation.sent_at + datetime.timedelta(days=7, minutes=1)


def test_inviting_schedules_one_chaser_a_week_later_without_the_token(facilitator, stakeholder):
    invitation, token = invite(stakeholder, facilitator)
    chaser = chasers().get()
    assert (chaser.status, chaser.recipient, chaser.email) == ("pending", None, "asha@example.org")
    assert chaser.due_at == invitation.sent_at + datetime.timedelta(days=7)
    assert chaser.event_at == invitation.expires_at
    assert chaser.url == reverse("invitations-waiting")
    assert token not in str(list(Reminder.objects.values()))
    assert send_due_reminders(now=week_later(invitation) - datetime.timedelta(minutes=2)).sent == 0


def test_the_chaser_says_what_until_when_where_and_that_it_is_the_only_one(
    facilitator, stakeholder
):
    invitation, token = invite(stakeholder, facilitator)
    assert send_due_reminders(now=week_later(invitation)).sent == 1
    message = mail.outbox[-1]
    assert message.to == ["asha@example.org"]
    assert message.subject == "Reminder: Your invitation to join Healthy Streets is waiting"
    until = timezone.localtime(invitation.expires_at, project_zone(stakeholder))
    for body in (message.body, message.alternatives[0][0]):
        assert formats.date_format(until, "l j F Y") in body
        assert "Healthy Streets" in body
        assert "http://testserver/invitations/waiting/" in body
        assert "This is the only reminder you will get about it." in body
        assert token not in body and "/reminders/stop/" not in body
    assert "Your invitation works until: " in message.body
    assert send_due_reminders(now=week_later(invitation) + datetime.timedelta(days=1)).sent == 0


def project_zone(stakeholder):
    return stakeholder.project.zone


def test_the_chasers_link_explains_where_the_real_link_is(client):
    response = client.get(reverse("invitations-waiting"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "open the link in the invitation email we sent you" in page
    assert "ask the person who invited you to send a new one" in page


def test_resending_replaces_the_chaser(facilitator, stakeholder):
    first, _token = invite(stakeholder, facilitator)
    second = do_resend_invitation(invitation=first, invited_by=facilitator)
    pending = chasers().pending().get()
    assert pending.dedupe_key == f"invitation:{second.pk}:"
    assert chasers().get(dedupe_key=f"invitation:{first.pk}:").status == "cancelled"
    assert send_due_reminders(now=week_later(second)).sent == 1


@pytest.mark.parametrize("answer", ["accept", "decline", "revoke", "remove"])
def test_answering_or_withdrawing_cancels_the_chaser(facilitator, stakeholder, answer):
    invitation, _token = invite(stakeholder, facilitator)
    if answer == "accept":
        do_accept_invitation(invitation=invitation, user=UserFactory())
    elif answer == "decline":
        do_decline_invitation(invitation=invitation)
    elif answer == "revoke":
        do_revoke_invitation(invitation=invitation, by=facilitator)
    else:
        do_erase_stakeholder(stakeholder=stakeholder, by=facilitator)
    assert not Reminder.objects.pending().filter(kind=Reminder.Kind.INVITATION_CHASER).exists()
    sent = len(mail.outbox)
    assert send_due_reminders(now=week_later(invitation)).sent == 0
    assert len(mail.outbox) == sent


@pytest.mark.parametrize(
    "ended",
    [
        {"revoked_at": timezone.now},
        {"accepted_at": timezone.now},
        {"declined_at": timezone.now},
        {"expires_at": timezone.now},
    ],
)
def test_a_chaser_whose_cancellation_was_missed_is_still_not_sent(facilitator, stakeholder, ended):
    invitation, _token = invite(stakeholder, facilitator)
    # As if the invitation ended without its chaser being cancelled.
    Invitation.objects.filter(pk=invitation.pk).update(**{k: v() for k, v in ended.items()})
    result = send_due_reminders(now=week_later(invitation))
    assert (result.sent, result.skipped) == (0, 1)
    assert len(mail.outbox) == 1  # the invitation itself
    assert chasers().get().status == Reminder.Status.SKIPPED


def test_revoking_while_a_sweep_holds_the_chaser_stops_it(facilitator, stakeholder):
    invitation, _token = invite(stakeholder, facilitator)
    now = week_later(invitation)
    held = claim_due_reminders(now=now, limit=10)
    do_revoke_invitation(invitation=invitation, by=facilitator)
    result = send_batch(held, now=now)
    assert (result.sent, result.skipped) == (0, 1)
    assert len(mail.outbox) == 1
    assert "no longer needed" in chasers().get().last_error


def test_a_deleted_invitations_chaser_is_not_sent(facilitator, stakeholder):
    invitation, _token = invite(stakeholder, facilitator)
    Invitation.objects.filter(pk=invitation.pk).delete()
    assert send_due_reminders(now=week_later(invitation)).skipped == 1
    assert len(mail.outbox) == 1


def test_an_invitation_expiring_within_a_week_has_no_chaser(facilitator, stakeholder, monkeypatch):
    monkeypatch.setattr("stakeholders.invitations.INVITATION_LIFETIME", datetime.timedelta(days=7))
    invite(stakeholder, facilitator)
    assert not chasers().exists()


@pytest.mark.parametrize("count", [5, 50])
def test_sweeping_chasers_takes_the_same_queries_however_many(
    facilitator, project, count, django_assert_num_queries
):
    for person in StakeholderFactory.create_batch(count, project=project):
        invitation = do_invite_stakeholder(
            stakeholder=person, role="observer", invited_by=facilitator
        )
    # As test_sweep_batch_query_count_is_flat, and one to check the invitations are still open.
    with django_assert_num_queries(9):
        result = send_due_reminders(now=week_later(invitation), batch_size=100)
    assert result.sent == count


# The timeline


def test_timeline_shows_invitations_sent_resent_and_withdrawn_without_personal_details(
    as_user, facilitator, project, stakeholder
):
    Stakeholder.objects.filter(pk=stakeholder.pk).update(
        access_needs="Uses a wheelchair", notes="Prefers phone calls"
    )
    first, token = invite(stakeholder, facilitator)
    second = do_resend_invitation(invitation=first, invited_by=facilitator)
    do_revoke_invitation(invitation=second, by=facilitator)
    response = as_user(facilitator).get(reverse("projects-events", args=[project.slug]))
    page = response.content.decode()
    assert "Invited Asha Patel to join as a participant." in page
    assert "Sent Asha Patel a new invitation link." in page
    assert "Withdrew the invitation to Asha Patel." in page
    for secret in ["asha@example.org", "wheelchair", "phone calls", token]:
        assert secret not in page
    summaries = " ".join(AuditEvent.objects.values_list("summary", flat=True))
    assert "asha@example.org" not in summaries and "wheelchair" not in summaries


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_timeline_shows_the_answer_to_an_invitation(
    as_user, facilitator, project, stakeholder, answer
):
    invitation, _token = invite(stakeholder, facilitator)
    if answer == "accept":
        invitee = UserFactory(name="Asha P", email=stakeholder.email)
        do_accept_invitation(invitation=invitation, user=invitee)
        expected = "Asha P accepted the invitation and joined as a participant."
    else:
        do_decline_invitation(invitation=invitation)
        expected = "Asha Patel declined the invitation."
    page = as_user(facilitator).get(reverse("projects-events", args=[project.slug]))
    assert expected in page.content.decode()


def test_inviting_to_a_project_whose_title_has_a_line_break_works(
    as_user, facilitator, project, stakeholder
):
    # Saved before one-line boxes refused line breaks (or through the admin).
    Project.objects.filter(pk=project.pk).update(title="Healthy\nStreets\r\n2030")
    response = as_user(facilitator).post(
        reverse("stakeholders-invite", args=[project.slug, stakeholder.pk]), {"role": "observer"}
    )
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.subject == f"{facilitator.display_name} invites you to join “Healthy Streets 2030”"
    assert Invitation.objects.get().status == "sent"


@pytest.mark.parametrize(
    ("role", "sentence"),
    [
        ("participant", "has invited you to join “Healthy Streets” on Coproduce as a participant."),
        ("observer", "has invited you to join “Healthy Streets” on Coproduce as an observer."),
    ],
)
def test_the_invitation_says_the_role_in_a_whole_sentence(
    client, facilitator, stakeholder, role, sentence
):
    _invitation, token = invite(stakeholder, facilitator, role)
    [email] = mail.outbox
    assert f"{facilitator.display_name} {sentence}" in email.body
    html = email.alternatives[0][0].replace("<strong>", "").replace("</strong>", "")
    assert f"{facilitator.display_name} {sentence}" in html.replace("&ldquo;", "“")
    client.get(reverse("invitations-open", args=[token]))
    page = client.get(respond_url()).content.decode()
    article = "an" if role == "observer" else "a"
    assert (
        escape(f"{facilitator.display_name} has invited you to take part as {article} {role}.")
        in page
    )


@pytest.mark.parametrize(
    ("role", "invited", "joined"),
    [
        ("participant", "to join as a participant.", "joined as a participant."),
        ("observer", "to join as an observer.", "joined as an observer."),
    ],
)
def test_the_timeline_says_the_role_in_a_whole_sentence(
    as_user, facilitator, stakeholder, role, invited, joined
):
    invitation, _token = invite(stakeholder, facilitator, role)
    do_accept_invitation(
        invitation=invitation, user=UserFactory(name="Asha P", email=stakeholder.email)
    )
    page = as_user(facilitator).get(reverse("projects-events", args=[stakeholder.project.slug]))
    text = page.content.decode()
    assert f"Invited Asha Patel {invited}" in text
    assert f"Asha P accepted the invitation and {joined}" in text
