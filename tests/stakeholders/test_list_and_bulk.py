"""The list at real size: filters and sorts in the address, what members may filter by, and
inviting many people in one step."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reminders.models import Reminder
from reminders.sweep import send_due_reminders
from stakeholders.actions import (
    do_accept_invitation,
    do_decline_invitation,
    do_invite_stakeholder,
)
from stakeholders.models import Invitation
from tests.factories import StakeholderFactory, UserFactory


def names(response) -> list[str]:
    """The names in the list's rows, in order."""
    page = response.content.decode()
    if "<tbody>" not in page:
        return []
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r'<td[^>]*><a href="[^"]+">([^<]+)</a>', body)


@pytest.fixture
def mapped(project):
    now = timezone.now()
    return {
        "asha": StakeholderFactory(
            project=project,
            name="Asha Patel",
            organisation="Carers Network",
            category="carer",
            power=1,
            interest=5,
            seldom_heard=True,
            consent_recorded_at=now,
            named_consent_at=now,
        ),
        "ben": StakeholderFactory(
            project=project, name="Ben Hall", category="researcher", power=5, interest=5
        ),
        "cara": StakeholderFactory(
            project=project,
            name="Cara Jones",
            category="carer",
            power=None,
            interest=None,
            named_consent_at=now,
        ),
        "group": StakeholderFactory(
            project=project,
            name="Wheels for All",
            organisation="Wheels for All",
            is_organisation=True,
            category="community_group",
            power=2,
            interest=4,
            email="",
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Asha Patel", "Ben Hall", "Cara Jones", "Wheels for All"]),
        ({"q": "carers"}, ["Asha Patel"]),
        ({"q": "hall"}, ["Ben Hall"]),
        ({"category": "carer"}, ["Asha Patel", "Cara Jones"]),
        ({"quadrant": "manage_closely"}, ["Ben Hall"]),
        ({"quadrant": "keep_informed"}, ["Asha Patel", "Wheels for All"]),
        ({"quadrant": "not_rated"}, ["Cara Jones"]),
        ({"power": "5", "interest": "5"}, ["Ben Hall"]),
        ({"seldom_heard": "true"}, ["Asha Patel"]),
        ({"consent": "recorded"}, ["Asha Patel"]),
        ({"consent": "not_named"}, ["Ben Hall", "Wheels for All"]),
        ({"invitation": "none"}, ["Asha Patel", "Cara Jones", "Wheels for All"]),
        ({"invitation": "sent"}, ["Ben Hall"]),
        ({"sort": "-power"}, ["Ben Hall", "Wheels for All", "Asha Patel", "Cara Jones"]),
        ({"sort": "-name"}, ["Wheels for All", "Cara Jones", "Ben Hall", "Asha Patel"]),
        ({"sort": "interest", "category": "carer"}, ["Asha Patel", "Cara Jones"]),
    ],
)
def test_facilitators_filter_and_sort_by_anything(
    as_user, facilitator, project, mapped, query, expected
):
    do_invite_stakeholder(stakeholder=mapped["ben"], role="observer", invited_by=facilitator)
    response = as_user(facilitator).get(reverse("stakeholders-list", args=[project.slug]), query)
    assert names(response) == expected


def test_the_filter_stays_in_the_address_across_pages(as_user, facilitator, project):
    StakeholderFactory.create_batch(60, project=project, category="carer")
    StakeholderFactory.create_batch(3, project=project, category="funder")
    url = reverse("stakeholders-list", args=[project.slug])
    page = as_user(facilitator).get(url, {"category": "carer", "sort": "-name"}).content.decode()
    assert "60 stakeholders match." in page
    assert 'href="?category=carer&amp;sort=-name&amp;page=2"' in page
    second = as_user(facilitator).get(url, {"category": "carer", "sort": "-name", "page": 2})
    assert len(names(second)) == 10


@pytest.mark.parametrize("role", ["participant", "observer"])
def test_members_cannot_filter_or_sort_by_what_they_may_not_see(
    as_user, request, project, mapped, role
):
    client = as_user(request.getfixturevalue(role))
    url = reverse("stakeholders-list", args=[project.slug])
    page = client.get(url).content.decode()
    assert 'name="seldom_heard"' not in page and 'name="consent"' not in page
    # Asha agreed to be named, but the project does not share where people sit.
    assert names(client.get(url)) == ["Asha Patel", "Cara Jones", "Wheels for All"]
    for query in [
        {"seldom_heard": "true"},  # ignored: every named person, as with no filter
        {"consent": "recorded"},
    ]:
        assert names(client.get(url, query)) == ["Asha Patel", "Cara Jones", "Wheels for All"]
    assert names(client.get(url, {"quadrant": "keep_informed"})) == ["Wheels for All"]
    assert names(client.get(url, {"power": "1", "interest": "5"})) == []
    assert names(client.get(url, {"quadrant": "not_rated"})) == []
    # A sort by power is not offered, and asking for one is refused rather than obeyed.
    assert 'sort=power"' not in page and "sort=-power" not in page
    assert names(client.get(url, {"sort": "-power"})) == []
    project.share_map_positions = True
    project.save()
    assert names(client.get(url, {"quadrant": "keep_informed"})) == [
        "Asha Patel",
        "Wheels for All",
    ]


def test_the_list_takes_the_same_queries_with_a_filter_however_large(
    as_user, facilitator, project, django_assert_num_queries
):
    client = as_user(facilitator)
    url = reverse("stakeholders-list", args=[project.slug])
    query = {"category": "carer", "quadrant": "manage_closely", "sort": "-invitation"}
    StakeholderFactory.create_batch(5, project=project, category="carer")
    client.get(url, query)
    with CaptureQueriesContext(connection) as small:
        client.get(url, query)
    StakeholderFactory.create_batch(200, project=project, category="carer")
    with django_assert_num_queries(len(small)):
        assert client.get(url, query).status_code == 200


def test_forty_people_are_invited_in_one_step_with_one_email_each(as_user, facilitator, project):
    facilitator.name = "Fran O'Brien"
    facilitator.save()
    people = StakeholderFactory.create_batch(40, project=project, category="carer")
    StakeholderFactory(project=project, name="No Address", category="carer", email="")
    StakeholderFactory(project=project, name="Someone Else", category="funder")
    client = as_user(facilitator)
    url = reverse("stakeholders-bulk-invite", args=[project.slug])
    page = client.get(url, {"all": "1", "category": "carer"}).content.decode()
    assert "Invite 40 people to join" in page
    assert "Reach another way" in page and "No Address" in page and "Someone Else" not in page
    message = "We meet on Tuesdays <b>at the library</b> & there's tea."
    response = client.post(
        url, {"all": "1", "category": "carer", "role": "participant", "message": message}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 40
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    email = mail.outbox[0]
    assert email.reply_to == [facilitator.email]
    assert email.subject.startswith("Fran O'Brien invites you to join")
    assert message in email.body
    html = email.alternatives[0][0]
    assert "&lt;b&gt;at the library&lt;/b&gt; &amp; there&#x27;s tea." in html
    assert "<b>at the library</b>" not in html
    assert Invitation.objects.filter(role="participant").count() == 40
    assert len({m.body.split("/invitations/")[1].split()[0] for m in mail.outbox}) == 40
    followed = client.get(response["Location"]).content.decode()
    assert "Invitations were emailed to 40 people, each their own." in followed


def test_people_ticked_are_invited_and_members_left_out(as_user, facilitator, project):
    joined = StakeholderFactory(project=project, name="Already In", email=facilitator.email)
    ticked = StakeholderFactory(project=project, name="Ticked")
    StakeholderFactory(project=project, name="Not Ticked")
    client = as_user(facilitator)
    url = reverse("stakeholders-bulk-invite", args=[project.slug])
    page = client.get(url, {"s": [joined.pk, ticked.pk]}).content.decode()
    assert "Invite 1 person to join" in page and "Already members" in page
    client.post(url, {"s": [joined.pk, ticked.pk], "role": "observer"})
    assert [m.to for m in mail.outbox] == [[ticked.email]]


def test_a_bad_message_keeps_the_choice_and_says_why(as_user, facilitator, project):
    ticked = StakeholderFactory(project=project, name="Ticked")
    url = reverse("stakeholders-bulk-invite", args=[project.slug])
    response = as_user(facilitator).post(url, {"s": ticked.pk, "role": "boss", "message": "Hi"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page and "Hi</textarea>" in page
    assert f'name="s" value="{ticked.pk}"' in page
    assert not mail.outbox


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_the_facilitator_is_told_when_someone_answers(as_user, facilitator, project, answer):
    person = StakeholderFactory(project=project, name="Asha Patel", email="asha@example.org")
    invitation = do_invite_stakeholder(
        stakeholder=person, role="participant", invited_by=facilitator
    )
    mail.outbox.clear()
    if answer == "accept":
        do_accept_invitation(invitation=invitation, user=UserFactory(email="asha@example.org"))
        said, shown = "accepted and has joined", "Asha Patel accepted on"
    else:
        do_decline_invitation(invitation=invitation)
        said, shown = "declined the invitation", "Asha Patel declined on"
    notice = Reminder.objects.get(kind=Reminder.Kind.INVITATION_ANSWERED)
    assert notice.recipient == facilitator and "Asha" not in notice.title
    assert send_due_reminders().sent == 1
    (email,) = mail.outbox
    assert email.to == [facilitator.email] and said in email.subject
    assert f"/stakeholders/{person.pk}/" in email.body and "Answered:" in email.body
    page = as_user(facilitator).get(reverse("stakeholders-list", args=[project.slug]))
    assert shown in page.content.decode()
