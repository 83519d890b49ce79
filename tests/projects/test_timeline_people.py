"""Timeline lines refer to people and name them when shown, so that erasing someone is exact.

Written as the attack: people whose names contain each other's, erased or deleted one at a
time, and every place a line is shown (the timeline page, the project export) read after.
"""

import html
import json

import pytest
from django.urls import reverse

from agreements.actions import do_add_ground_rule, do_agree_to_ground_rules
from projects.actions import do_change_role, do_delete_account
from projects.models import AuditEvent, Membership, Role
from projects.timeline import do_record_event
from stakeholders.actions import (
    do_accept_invitation,
    do_decline_invitation,
    do_erase_stakeholder,
    do_invite_stakeholder,
    do_resend_invitation,
    do_revoke_invitation,
)
from tests.factories import (
    MembershipFactory,
    StakeholderFactory,
    UserFactory,
)


def timeline_page(client, project) -> str:
    page = client.get(reverse("projects-events", args=[project.slug])).content.decode()
    return html.unescape(page)


def exported_lines(client, project) -> list[dict]:
    response = client.get(reverse("projects-export", args=[project.slug]))
    return json.loads(response.content)["timeline"]


def everything_shown(client, project) -> str:
    """Every line as facilitators can read it: on the timeline page and in the export."""
    return timeline_page(client, project) + json.dumps(
        exported_lines(client, project), ensure_ascii=False
    )


def invite_and_answer(stakeholder, facilitator, *, answer: str):
    """Invite, send a new link, withdraw it, invite again and answer: every invitation line."""
    first = do_invite_stakeholder(
        stakeholder=stakeholder, role="participant", invited_by=facilitator
    )
    second = do_resend_invitation(invitation=first, invited_by=facilitator)
    do_revoke_invitation(invitation=second, by=facilitator)
    third = do_invite_stakeholder(
        stakeholder=stakeholder, role="participant", invited_by=facilitator
    )
    if answer == "decline":
        do_decline_invitation(invitation=third)
    return third


@pytest.fixture
def namesakes(project, facilitator):
    """Rosa Diaz, with Rosa Diaz2 and Rosa on the same map, each invited and answering."""
    people = {}
    for n, name in enumerate(["Rosa Diaz", "Rosa Diaz2", "Rosa"]):
        stakeholder = StakeholderFactory(project=project, name=name, email=f"rosa{n}@example.org")
        invite_and_answer(stakeholder, facilitator, answer="decline")
        people[name] = stakeholder
    return people


def test_erasing_one_stakeholder_changes_only_the_lines_about_them(
    as_user, facilitator, project, namesakes
):
    client = as_user(facilitator)
    do_erase_stakeholder(stakeholder=namesakes["Rosa Diaz"], by=facilitator)
    shown = timeline_page(client, project)
    for name in ["Rosa Diaz2", "Rosa"]:
        assert shown.count(f"Invited {name} to join as a participant.") == 2
        assert f"Sent {name} a new invitation link." in shown
        assert f"Withdrew the invitation to {name}." in shown
        assert f"{name} declined the invitation." in shown
    assert shown.count("Invited an erased stakeholder to join as a participant.") == 2
    assert "Sent an erased stakeholder a new invitation link." in shown
    assert "Withdrew the invitation to an erased stakeholder." in shown
    assert "An erased stakeholder declined the invitation." in shown
    for place in [shown, json.dumps(exported_lines(client, project), ensure_ascii=False)]:
        assert "Rosa Diaz " not in place and "Rosa Diaz." not in place
        assert place.count("Rosa Diaz") == place.count("Rosa Diaz2")


def test_erasing_someone_who_joined_leaves_no_line_with_their_name(
    as_user, facilitator, project, namesakes
):
    rosa = namesakes["Rosa Diaz"]
    invitation = do_invite_stakeholder(stakeholder=rosa, role="participant", invited_by=facilitator)
    # She signed up under another spelling of her name: erasure must find her all the same.
    # With the invited address: only then is her record linked to the account.
    account = UserFactory(name="Rosa D.", email=rosa.email)
    membership = do_accept_invitation(invitation=invitation, user=account)
    do_add_ground_rule(project=project, text="Listen first.", by=facilitator)
    do_agree_to_ground_rules(membership=membership)
    do_change_role(
        membership=membership, role=Role.OBSERVER, perspective="practitioner", by=facilitator
    )
    rosa2 = MembershipFactory(project=project, user=UserFactory(name="Rosa D.2")).user
    do_change_role(
        membership=Membership.objects.get(user=rosa2),
        role=Role.OBSERVER,
        perspective="community",
        by=facilitator,
    )
    client = as_user(facilitator)
    assert "Rosa D. accepted the invitation and joined as a participant." in timeline_page(
        client, project
    )

    do_erase_stakeholder(stakeholder=rosa, by=facilitator, remove_member=True)

    shown = everything_shown(client, project)
    assert "Rosa D. " not in shown and "Rosa D.," not in shown and "Rosa Diaz " not in shown
    assert "An erased stakeholder accepted the invitation and joined as a participant." in shown
    assert "An erased stakeholder agreed to version 1 of the ground rules." in shown
    assert "An erased stakeholder is now an observer." in shown
    assert "An erased stakeholder left the project." in shown
    assert "Rosa D.2 is now an observer." in shown, "her namesake's lines are untouched"
    joined = AuditEvent.objects.get(verb="joined")
    assert joined.actor is None, "the line no longer says she did it"


def test_erasing_a_member_who_stays_still_removes_their_name_from_earlier_lines(
    as_user, facilitator, project
):
    rosa = StakeholderFactory(project=project, name="Rosa Diaz")
    invitation = do_invite_stakeholder(stakeholder=rosa, role="participant", invited_by=facilitator)
    do_accept_invitation(
        invitation=invitation, user=UserFactory(name="Rosa Diaz", email=rosa.email)
    )
    client = as_user(facilitator)
    do_erase_stakeholder(stakeholder=rosa, by=facilitator)
    assert "Rosa" not in everything_shown(client, project)


def test_deleting_an_account_leaves_no_line_with_the_persons_name(
    as_user, facilitator, project, namesakes
):
    rosa = UserFactory(name="Rosa Diaz", email="rosa.account@example.org")
    rosa2 = UserFactory(name="Rosa Diaz2", email="rosa2.account@example.org")
    for user in [rosa, rosa2]:
        membership = MembershipFactory(project=project, user=user, role=Role.PARTICIPANT)
        do_change_role(
            membership=membership, role=Role.OBSERVER, perspective="community", by=facilitator
        )
    # In another project she has already left, her lines name her too.
    elsewhere = MembershipFactory(user=rosa, role=Role.PARTICIPANT)
    MembershipFactory(project=elsewhere.project, user=facilitator, role=Role.FACILITATOR)
    do_change_role(
        membership=elsewhere, role=Role.OBSERVER, perspective="community", by=facilitator
    )
    do_erase_stakeholder(stakeholder=namesakes["Rosa Diaz"], by=facilitator)

    do_delete_account(user=rosa)

    client = as_user(facilitator)
    shown = everything_shown(client, project)
    assert "A former member is now an observer." in shown
    assert "Rosa Diaz2 is now an observer." in shown, "her namesake's lines are untouched"
    assert shown.count("Rosa Diaz") == shown.count("Rosa Diaz2")
    other = everything_shown(client, elsewhere.project)
    assert "Rosa" not in other and "A former member is now an observer." in other


def test_a_name_with_braces_or_percent_signs_is_shown_as_typed(as_user, facilitator, project):
    odd = StakeholderFactory(project=project, name="Ana {name} 100%")
    do_invite_stakeholder(stakeholder=odd, role="observer", invited_by=facilitator)
    do_record_event(
        project=project,
        actor=facilitator,
        verb="goals changed",
        summary="Added a goal: “%(goal)s” for %(name)s",
        people={"name": odd},
        values={"goal": "Tag {name} and {{twice}} 50%"},
    )
    shown = timeline_page(as_user(facilitator), project)
    assert "Invited Ana {name} 100% to join as an observer." in shown
    assert "Added a goal: “Tag {name} and {{twice}} 50%” for Ana {name} 100%" in shown


@pytest.mark.parametrize("count", [5, 120])
def test_the_timeline_names_people_in_the_same_queries_however_many_lines(
    as_user, facilitator, project, count, django_assert_num_queries
):
    for n in range(count):
        stakeholder = StakeholderFactory(project=project, name=f"Person {n}")
        do_record_event(
            project=project,
            actor=facilitator,
            verb="invited",
            summary="Invited %(name)s, said %(member)s.",
            people={"name": stakeholder, "member": facilitator},
        )
    client = as_user(facilitator)
    # As an empty timeline, plus one query for the users and one for the stakeholders named.
    with django_assert_num_queries(7):
        page = timeline_page(client, project)
    assert f"Invited Person {count - 1}, said {facilitator.display_name}." in page
    assert page.count('<tr><td data-label="When">') == min(count, 50)
