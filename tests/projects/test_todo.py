"""The overview shows each member what waits for them, not the facilitators' setting-up steps
alone: a participant is asked to answer the open round and agree to the ground rules."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from agreements.actions import (
    do_add_communication_item,
    do_add_ground_rule,
    do_agree_to_ground_rules,
)
from agreements.choices import Channel, Frequency
from coproduce.dates import last_day
from projects.models import Membership
from tests.factories import ResponseFactory, RoundFactory, StakeholderFactory


def todo_section(client, project) -> str:
    page = client.get(project.get_absolute_url()).content.decode()
    if 'id="todo-heading"' not in page:
        return ""
    start = page.index('id="todo-heading"')
    return page[start : page.index("</section>", start)]


def test_a_participant_is_asked_to_answer_the_open_round_by_its_last_day(
    as_user, participant, project
):
    closes = timezone.now() + datetime.timedelta(days=10)
    RoundFactory(project=project, title="Spring check", closes_at=closes)
    todo = todo_section(as_user(participant), project)
    assert "Answer the power dynamics check “Spring check”" in todo
    assert f"by {date_format(last_day(closes, project.zone), 'j F Y')}" in todo
    assert "Done" not in todo


def test_an_answered_round_shows_as_done(as_user, participant, project):
    round = RoundFactory(project=project, title="Spring check")
    ResponseFactory(round=round, member=Membership.objects.get(user=participant))
    todo = todo_section(as_user(participant), project)
    assert "Spring check" in todo
    assert "Done" in todo


def test_ground_rules_are_to_agree_until_the_member_agrees_to_the_current_version(
    as_user, participant, project
):
    do_add_ground_rule(project=project, text="Listen to each other.")
    client = as_user(participant)
    assert "Agree to the ground rules" in todo_section(client, project)
    assert "Done" not in todo_section(client, project)
    do_agree_to_ground_rules(membership=Membership.objects.get(user=participant))
    assert "Done" in todo_section(client, project)
    do_add_ground_rule(project=project, text="Start on time.")
    assert "Done" not in todo_section(client, project)


def test_an_observer_is_not_asked_to_answer_or_agree(as_user, observer, project):
    RoundFactory(project=project)
    do_add_ground_rule(project=project, text="Listen to each other.")
    assert todo_section(as_user(observer), project) == ""


def test_with_nothing_open_a_participant_is_told_nothing_waits(as_user, participant, project):
    todo = todo_section(as_user(participant), project)
    assert "Nothing is waiting for you just now." in todo
    assert "<li" not in todo


def test_facilitators_are_asked_to_invite_people_never_invited(as_user, facilitator, project):
    StakeholderFactory(project=project, name="Ada")
    StakeholderFactory(project=project, name="Grace")
    StakeholderFactory(project=project, name="The Tenants' Group", is_organisation=True)
    client = as_user(facilitator)
    todo = todo_section(client, project)
    assert "Invite the 2 people on the map who have never been invited" in todo
    # The reach check on the same page counts the same people.
    page = client.get(project.get_absolute_url()).content.decode()
    assert "2 people on the map have never been invited." in page


def test_participants_are_not_shown_the_facilitators_shortfalls(as_user, participant, project):
    StakeholderFactory(project=project, name="Ada")
    page = as_user(participant).get(project.get_absolute_url()).content.decode()
    assert "never been invited" not in page
    assert "How the project is getting on" in page


def test_letters_and_calls_due_this_week_are_on_the_facilitators_to_do(
    as_user, facilitator, participant, project
):
    today = timezone.localdate()
    for channel, purpose, due in (
        (Channel.POST, "Posted update", 3),
        (Channel.PHONE, "Check-in call", -1),
        (Channel.EMAIL, "Email update", 1),
        (Channel.POST, "Next season's letter", 30),
    ):
        do_add_communication_item(
            project=project,
            audience="Mrs Jones",
            purpose=purpose,
            channel=channel,
            frequency=Frequency.ONCE,
            next_due=today + datetime.timedelta(days=due),
        )
    todo = todo_section(as_user(facilitator), project)
    assert "Send a letter to Mrs Jones: Posted update" in todo
    assert "Phone Mrs Jones: Check-in call" in todo
    assert "Email update" not in todo and "Next season" not in todo
    assert "Mrs Jones" not in todo_section(as_user(participant), project)


def test_an_observer_is_shown_what_they_can_read_and_download(as_user, observer, project):
    page = as_user(observer).get(project.get_absolute_url()).content.decode()
    assert "What you can read and download" in page
    assert reverse("charter-index", args=[project.slug]) in page


def test_a_closed_round_is_not_on_the_to_do(as_user, participant, project):
    RoundFactory(project=project, title="Old check", status="closed")
    assert "Old check" not in todo_section(as_user(participant), project)
