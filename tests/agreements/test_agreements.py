"""Agreeing at the outset: principles, decision rules, ground rules, communication plan."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from agreements.actions import (
    do_add_ground_rule,
    do_agree_to_ground_rules,
    do_delete_ground_rule,
    do_mark_communication_done,
    do_move_ground_rule,
    do_update_ground_rule,
)
from agreements.models import (
    CommunicationItem,
    DecisionMethod,
    DecisionRule,
    Frequency,
    GroundRule,
    GroundRuleAgreement,
    Principle,
)
from projects.models import AuditEvent, Membership, Project, Role
from reminders.actions import do_renew_calendar_feed
from tests.factories import (
    CommunicationItemFactory,
    DecisionRuleFactory,
    GroundRuleFactory,
    MembershipFactory,
    ProjectFactory,
    UserFactory,
)

TODAY = datetime.date.today()


def url(name: str, project: Project, *args) -> str:
    return reverse(name, args=[project.slug, *args])


# Principles


def test_facilitator_writes_principles_and_participant_reads_them(
    as_user, facilitator, participant, project
):
    as_user(facilitator).post(
        url("agreements-principles", project),
        {
            "sharing-power": "Residents hold half the seats.",
            "reciprocity": "Everyone is paid.",
            "definitions": ["nihr"],
            "own_definition": "Designing streets together.",
        },
    )
    assert Principle.objects.get(project=project, key="sharing-power").meaning == (
        "Residents hold half the seats."
    )
    page = as_user(participant).get(url("agreements-principles", project)).content.decode()
    assert "Residents hold half the seats." in page
    assert "Including all perspectives and skills" in page  # every principle is shown
    assert "NIHR INVOLVE guidance" in page and "Designing streets together." in page
    assert "Save principles" not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reciprocity": "x" * 2001}, "Ensure this value has at most 2000 characters"),
        ({"definitions": ["made-up"]}, "Select a valid choice."),
    ],
)
def test_bad_principles_input_is_explained_and_nothing_saved(
    as_user, facilitator, project, data, message
):
    response = as_user(facilitator).post(
        url("agreements-principles", project), {"sharing-power": "Kept text", **data}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page and message in page and "Kept text" in page
    assert not Principle.objects.exists()


# Decision rules


def test_decision_rule_reads_as_the_sentence_from_the_issue():
    rule = DecisionRule(
        area="the budget",
        who=DecisionRule.Who.WHOLE_GROUP,
        method=DecisionMethod.CONSENT,
        fallback=DecisionMethod.SUPERMAJORITY,
        percentage=67,
        quorum=DecisionRule.Quorum.HALF,
    )
    assert rule.as_sentence() == (
        "Decisions about the budget are made by the whole group by consent. "
        "If there is no agreement, by a two-thirds majority. "
        "At least half of the members must take part."
    )


@pytest.mark.parametrize(
    ("fields", "sentence"),
    [
        (
            {"who": "named-group", "who_name": "the steering group", "method": "consensus"},
            "Decisions about publications are made by the steering group by consensus.",
        ),
        (
            {"who": "whole-group", "method": "lead", "fallback": "", "quorum": "all"},
            "Decisions about publications are made by the project lead after consulting the "
            "whole group. Every member must take part.",
        ),
        (
            {
                "who": "facilitators",
                "method": "supermajority",
                "percentage": 70,
                "fallback": "lead",
            },
            "Decisions about publications are made by the facilitators by a 70% majority. "
            "If there is no agreement, the project lead decides.",
        ),
        (
            {"who": "partner", "who_name": "the Trust", "method": "majority", "dissent": "named"},
            "Decisions about publications are made by the Trust by a simple majority. "
            "Disagreement is written in the notes of the meeting, with names.",
        ),
    ],
)
def test_decision_rule_sentences(fields, sentence):
    assert DecisionRule(area="publications", **fields).as_sentence() == sentence


def rule_data(**overrides) -> dict:
    return {
        "area": "the budget",
        "who": "whole-group",
        "who_name": "",
        "method": "consent",
        "percentage": "",
        "fallback": "",
        "quorum": "",
        "dissent": "",
        **overrides,
    }


def test_facilitator_adds_a_rule_and_members_see_its_sentence(
    as_user, facilitator, participant, project
):
    response = as_user(facilitator).post(
        url("agreements-decision-create", project),
        rule_data(fallback="supermajority", percentage="67", quorum="half"),
    )
    assert response.status_code == 302
    page = as_user(participant).get(url("agreements-decisions", project)).content.decode()
    assert "If there is no agreement, by a two-thirds majority." in page
    assert "Add a decision rule" not in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"method": "supermajority"}, "Give the majority needed, from 51% to 100%."),
        ({"method": "supermajority", "percentage": "50"}, "between 51% and 100%"),
        ({"method": "supermajority", "percentage": "101"}, "between 51% and 100%"),
        ({"fallback": "supermajority", "percentage": "-3"}, "between 51% and 100%"),
        ({"fallback": "consent"}, "The fall-back must be different from how they decide."),
        ({"percentage": "60"}, "Leave the majority blank unless"),
        ({"who": "named-group"}, "Give the name of the group or organisation."),
        ({"area": "   "}, "This field is required."),
        ({"method": "coin-toss"}, "Select a valid choice."),
        ({"percentage": "two thirds", "method": "supermajority"}, "Enter a whole number."),
    ],
)
def test_bad_decision_rule_is_explained_keeps_input_and_saves_nothing(
    as_user, facilitator, project, overrides, message
):
    data = rule_data(**{"area": "Kept area", **overrides})
    response = as_user(facilitator).post(url("agreements-decision-create", project), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    if "area" not in overrides:
        assert 'value="Kept area"' in page
    assert not DecisionRule.objects.exists()


def test_second_save_of_a_rule_gets_a_conflict_and_loses_nothing(as_user, facilitator, project):
    rule = DecisionRuleFactory(project=project, area="the budget")
    other = MembershipFactory(project=project, role=Role.FACILITATOR, user=UserFactory()).user
    edit = url("agreements-decision-update", project, rule.pk)
    as_user(other).post(edit, rule_data(method="consensus", version=rule.version))
    response = as_user(facilitator).post(
        edit, rule_data(area="the whole budget", method="majority", version=rule.version)
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Someone else saved this while you were editing" in page
    assert "The version saved by someone else" in page
    assert "Decisions about the budget are made by the whole group by consensus." in page
    assert 'value="the whole budget"' in page  # what I typed is still in the form
    rule.refresh_from_db()
    assert (rule.area, rule.method) == ("the budget", "consensus")
    # Saving again knowingly replaces the other version.
    response = as_user(facilitator).post(
        edit, rule_data(area="the whole budget", method="majority", version=rule.version)
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.area, rule.method) == ("the whole budget", "majority")


def test_decision_rules_reorder_and_delete_after_asking(as_user, facilitator, project):
    first, second = (DecisionRuleFactory(project=project, area=a) for a in ["one", "two"])
    client = as_user(facilitator)
    client.post(url("agreements-decision-move", project, second.pk, "up"))
    assert list(project.decision_rules.values_list("area", flat=True)) == ["two", "one"]
    page = client.get(url("agreements-decision-delete", project, first.pk)).content.decode()
    assert "Delete this?" in page and "Decisions about one" in page
    client.post(url("agreements-decision-delete", project, first.pk))
    assert list(project.decision_rules.values_list("area", flat=True)) == ["two"]


def test_rule_of_another_project_is_not_found(as_user, facilitator, project):
    theirs = DecisionRuleFactory(project=ProjectFactory(), area="theirs")
    response = as_user(facilitator).post(
        url("agreements-decision-update", project, theirs.pk), rule_data(version=1)
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.area == "theirs"


# Ground rules


def test_every_change_to_the_set_makes_a_new_version(project):
    rule = do_add_ground_rule(project=project, text="Be kind.")
    assert project.ground_rules_version == 1
    do_add_ground_rule(project=project, text="be kind.")  # already there: no change
    other = do_add_ground_rule(project=project, text="Listen.")
    do_update_ground_rule(rule=rule, text="Be kind.")  # same words: no change
    assert project.ground_rules_version == 2
    do_update_ground_rule(rule=rule, text="Be kind to each other.")
    do_move_ground_rule(rule=other, direction="up")
    do_move_ground_rule(rule=other, direction="up")  # already first: no change
    do_delete_ground_rule(rule=rule)
    project.refresh_from_db()
    assert project.ground_rules_version == 5
    assert GroundRule.objects.count() == 1


def test_agreeing_needs_rules_and_the_version_read(project, participant):
    membership = Membership.objects.get(user=participant)
    with pytest.raises(ValidationError, match="no ground rules"):
        do_agree_to_ground_rules(membership=membership)
    do_add_ground_rule(project=project, text="Be kind.")
    with pytest.raises(ValidationError, match="changed while you were reading"):
        do_agree_to_ground_rules(membership=membership, version=0)
    do_agree_to_ground_rules(membership=membership, version=1)
    do_agree_to_ground_rules(membership=membership, version=1)  # twice: one agreement
    assert GroundRuleAgreement.objects.get().version == 1


def test_facilitator_adds_a_suggestion_with_one_click(as_user, facilitator, project):
    client = as_user(facilitator)
    suggestion = str(GroundRule.SUGGESTIONS[0])
    assert suggestion in client.get(url("agreements-ground-rules", project)).content.decode()
    client.post(url("agreements-ground-rule-create", project), {"text": suggestion})
    client.post(url("agreements-ground-rule-create", project), {"text": suggestion})
    assert list(project.ground_rules.values_list("text", flat=True)) == [suggestion]
    page = client.get(url("agreements-ground-rules", project)).content.decode()
    suggestions = page.split('id="suggestions"')[1]
    assert suggestion not in suggestions


@pytest.mark.parametrize(
    ("text", "message"),
    [(" ", "This field is required."), ("r" * 301, "at most 300 characters")],
)
def test_bad_ground_rule_is_explained_and_nothing_saved(
    as_user, facilitator, project, text, message
):
    response = as_user(facilitator).post(
        url("agreements-ground-rule-create", project), {"text": text}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not GroundRule.objects.exists()
    rule = GroundRuleFactory(project=project, text="Kept")
    response = as_user(facilitator).post(
        url("agreements-ground-rule-update", project, rule.pk), {"text": text}
    )
    assert response.status_code == 422
    rule.refresh_from_db()
    assert rule.text == "Kept"


def test_participant_agrees_and_sees_an_edit_asks_them_again(
    as_user, facilitator, participant, observer, project
):
    rule = do_add_ground_rule(project=project, text="Be kind.")
    client = as_user(participant)
    page = client.get(url("agreements-ground-rules", project)).content.decode()
    assert "You have not agreed to the ground rules yet" in page
    client.post(url("agreements-ground-rules-agree", project), {"version": 1})
    page = client.get(url("agreements-ground-rules", project)).content.decode()
    assert "You agreed to these ground rules on" in page

    as_user(facilitator).post(
        url("agreements-ground-rule-update", project, rule.pk),
        {"text": "Be kind, always.", "kind": "change"},
    )
    page = as_user(facilitator).get(url("agreements-ground-rules", project)).content.decode()
    assert "0 of 2 members have agreed to the current ground rules." in page
    assert "Agreed to an earlier version" in page and "Not agreed yet" in page
    assert observer.display_name not in page.split('id="agreements"')[1]
    page = as_user(participant).get(url("agreements-ground-rules", project)).content.decode()
    assert "The ground rules have changed since you agreed" in page


def test_stale_agreement_is_refused_with_a_message(as_user, participant, project):
    do_add_ground_rule(project=project, text="Be kind.")
    do_add_ground_rule(project=project, text="Listen.")
    response = as_user(participant).post(
        url("agreements-ground-rules-agree", project), {"version": 1}, follow=True
    )
    assert "The ground rules changed while you were reading them" in response.content.decode()
    assert not GroundRuleAgreement.objects.exists()


# Communication plan


def item_data(project, **overrides) -> dict:
    owner = Membership.objects.filter(project=project).first()
    return {
        "audience": "all members",
        "purpose": "Kept purpose",
        "channel": "email",
        "formats": ["easy-read", "bsl"],
        "frequency": "monthly",
        "owner": owner.pk,
        "next_due": "2030-01-31",
        **overrides,
    }


def test_facilitator_adds_an_item_and_members_see_it(as_user, facilitator, participant, project):
    response = as_user(facilitator).post(
        url("agreements-communication-create", project), item_data(project)
    )
    assert response.status_code == 302
    item = CommunicationItem.objects.get()
    assert (item.formats, item.next_due, item.due_day) == (
        ["easy-read", "bsl"],
        datetime.date(2030, 1, 31),
        31,
    )
    page = as_user(participant).get(url("agreements-communication", project)).content.decode()
    assert "Kept purpose" in page and "Easy read, British Sign Language" in page
    assert "Mark done" not in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"audience": " "}, "This field is required."),
        ({"purpose": ""}, "This field is required."),
        ({"next_due": "31/31/2030"}, "Enter a valid date."),
        ({"next_due": ""}, "This field is required."),
        ({"frequency": "hourly"}, "Select a valid choice."),
        ({"formats": ["smoke-signals"]}, "Select a valid choice."),
        ({"owner": ""}, "This field is required."),
    ],
)
def test_bad_communication_item_is_explained_and_nothing_saved(
    as_user, facilitator, project, overrides, message
):
    response = as_user(facilitator).post(
        url("agreements-communication-create", project), item_data(project, **overrides)
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert not CommunicationItem.objects.exists()


def test_owner_must_be_a_member_of_this_project(as_user, facilitator, project):
    stranger = MembershipFactory(project=ProjectFactory())
    response = as_user(facilitator).post(
        url("agreements-communication-create", project), item_data(project, owner=stranger.pk)
    )
    assert response.status_code == 422
    assert not CommunicationItem.objects.exists()


@pytest.mark.parametrize(
    ("frequency", "due", "today", "expected"),
    [
        (Frequency.WEEKLY, "2030-01-31", "2030-01-30", "2030-02-07"),
        (Frequency.FORTNIGHTLY, "2030-01-31", "2030-01-31", "2030-02-14"),
        (Frequency.MONTHLY, "2030-01-31", "2030-01-31", "2030-02-28"),
        (Frequency.QUARTERLY, "2030-11-30", "2030-11-30", "2031-02-28"),
        (Frequency.MONTHLY, "2030-01-10", "2030-04-15", "2030-05-10"),  # long overdue
    ],
)
def test_following_due_date(frequency, due, today, expected):
    due = datetime.date.fromisoformat(due)
    item = CommunicationItem(frequency=frequency, next_due=due, due_day=due.day)
    assert item.following_due(datetime.date.fromisoformat(today)) == (
        datetime.date.fromisoformat(expected)
    )


def test_monthly_item_keeps_its_day_after_a_short_month(project):
    item = CommunicationItemFactory(project=project, next_due=datetime.date(2030, 1, 31))
    CommunicationItem.objects.filter(pk=item.pk).update(next_due=datetime.date(2030, 2, 28))
    item.refresh_from_db()
    assert item.following_due(datetime.date(2030, 2, 28)) == datetime.date(2030, 3, 31)


def test_mark_done_moves_the_date_on_or_closes_a_one_off(as_user, facilitator, project):
    monthly = CommunicationItemFactory(project=project, next_due=TODAY + datetime.timedelta(days=1))
    once = CommunicationItemFactory(project=project, frequency=Frequency.ONCE)
    expected = monthly.following_due()
    client = as_user(facilitator)
    response = client.post(
        url("agreements-communication-done", project, monthly.pk),
        {"version": monthly.version},
        follow=True,
    )
    assert "Marked as done. Next due" in response.content.decode()
    # A second click on the same version (a double submit) changes nothing.
    client.post(url("agreements-communication-done", project, monthly.pk), {"version": 1})
    monthly.refresh_from_db()
    assert monthly.next_due == expected > TODAY + datetime.timedelta(days=1)
    assert monthly.version == 2
    do_mark_communication_done(item=once)
    once.refresh_from_db()
    assert once.closed


def test_overdue_items_are_flagged_in_words_and_sorted_first(as_user, participant, project):
    CommunicationItemFactory(
        project=project, purpose="Later one", next_due=TODAY.replace(year=TODAY.year + 1)
    )
    CommunicationItemFactory(
        project=project, purpose="Late one", next_due=TODAY - datetime.timedelta(days=2)
    )
    page = as_user(participant).get(url("agreements-communication", project)).content.decode()
    assert "1 item is overdue." in page
    assert page.index("Late one") < page.index("Later one")
    assert page.count("Overdue</span>") == 1


def test_second_save_of_an_item_gets_a_conflict_and_loses_nothing(as_user, facilitator, project):
    item = CommunicationItemFactory(project=project, purpose="Original")
    edit = url("agreements-communication-update", project, item.pk)
    client = as_user(facilitator)
    client.post(edit, item_data(project, purpose="Their purpose", version=1))
    response = client.post(edit, item_data(project, purpose="My purpose", version=1))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Someone else saved this while you were editing" in page
    assert "Their purpose" in page and "My purpose" in page
    item.refresh_from_db()
    assert item.purpose == "Their purpose"


# Overview and query counts


def test_overview_shows_the_state_of_the_agreements(as_user, facilitator, participant, project):
    def agreements_state() -> str:
        page = as_user(facilitator).get(project.get_absolute_url()).content.decode()
        step = page.split("Agreements</a></h3>")[1].split("</li>")[0]
        return step.split("</span>")[1].split("</p>")[0]

    assert agreements_state() == "Not started"
    DecisionRuleFactory(project=project)
    do_add_ground_rule(project=project, text="Be kind.")
    CommunicationItemFactory(project=project)
    assert agreements_state() == "In progress"  # nobody has agreed yet
    for user in (facilitator, participant):
        do_agree_to_ground_rules(membership=Membership.objects.get(user=user))
    assert agreements_state() == "Done"


def fill(project, count: int) -> None:
    for _ in range(count):
        DecisionRuleFactory(project=project)
        GroundRuleFactory(project=project)
        membership = MembershipFactory(project=project, user=UserFactory())
        GroundRuleAgreement.objects.create(membership=membership, version=0)
        CommunicationItemFactory(project=project, owner=membership)


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("agreements-decisions", 4),
        ("agreements-ground-rules", 9),
        ("agreements-communication", 6),
        ("agreements-principles", 4),
        ("projects-detail", 18),
    ],
)
@pytest.mark.parametrize("count", [5, 100])
def test_pages_query_count_is_flat(
    as_user, facilitator, project, count, name, queries, django_assert_num_queries
):
    fill(project, count)
    client = as_user(facilitator)
    with django_assert_num_queries(queries):
        response = client.get(url(name, project))
    assert response.status_code == 200


# The timeline: every change to the rules is one line, seen by facilitators.


def timeline(client, project) -> str:
    return client.get(url("projects-events", project)).content.decode()


def test_each_change_to_the_rules_is_one_line_on_the_timeline(as_user, facilitator, project):
    client = as_user(facilitator)
    client.post(url("agreements-decision-create", project), rule_data(area="the budget"))
    rule = DecisionRule.objects.get()
    client.post(
        url("agreements-decision-update", project, rule.pk),
        rule_data(area="the budget", method="consensus", version=rule.version),
    )
    client.post(url("agreements-decision-delete", project, rule.pk))
    client.post(url("agreements-ground-rule-create", project), {"text": "Be kind."})
    ground = GroundRule.objects.get()
    client.post(url("agreements-ground-rule-update", project, ground.pk), {"text": "Be kind."})
    client.post(
        url("agreements-ground-rule-update", project, ground.pk),
        {"text": "Listen to each other.", "kind": "change"},
    )
    client.post(url("agreements-ground-rule-delete", project, ground.pk))
    page = timeline(client, project)
    for line in [
        "Added a decision rule about the budget.",
        "Changed the decision rule about the budget.",
        "Removed the decision rule about the budget.",
        "Added a ground rule: “Be kind.”",
        "Changed a ground rule from “Be kind.” to “Listen to each other.”",
        "Removed a ground rule: “Listen to each other.”",
    ]:
        assert line in page
    events = AuditEvent.objects.filter(project=project, verb="rules changed")
    assert events.count() == 6, "saving a ground rule unchanged is not a change"
    assert set(events.values_list("actor", flat=True)) == {facilitator.pk}


def test_the_timeline_is_for_facilitators_only(as_user, participant, project):
    do_add_ground_rule(project=project, text="Be kind.", by=participant)
    assert as_user(participant).get(url("projects-events", project)).status_code == 403


# The communication plan in members' calendars.


def test_calendar_feed_shows_the_items_a_member_sends(client, facilitator, participant, project):
    mine = CommunicationItemFactory(
        project=project,
        purpose="June newsletter",
        audience="market traders",
        owner=Membership.objects.get(user=participant),
        next_due=datetime.date(2030, 6, 1),
    )
    CommunicationItemFactory(
        project=project, purpose="Board report", owner=Membership.objects.get(user=facilitator)
    )
    CommunicationItemFactory(
        project=project,
        purpose="Closed item",
        owner=mine.owner,
        frequency=Frequency.ONCE,
        closed=True,
    )
    token = do_renew_calendar_feed(membership=mine.owner)
    feed = client.get(reverse("calendar-feed", args=[token]))
    events = {
        str(e["summary"]): e.decoded("dtstart")
        for e in Calendar.from_ical(feed.content).walk("VEVENT")
    }
    assert events == {
        "Communication due: June newsletter (market traders)": datetime.date(2030, 6, 1)
    }
