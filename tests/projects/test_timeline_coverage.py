"""Every change a member makes to a project is a line on its timeline.

Two nets, each failing when something new slips through: every ``do_`` action of every
app either has a scenario here (which checks the words of its line) or a reason it is not
a change to the project; and every POST in the access matrix that a facilitator makes
leaves a line naming them, unless the view is listed with its reason.
"""

import datetime
import importlib
import inspect

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements import actions as agreements
from charter import actions as charter
from powercheck import actions as powercheck
from powercheck.models import Checklist
from projects import actions as projects
from projects.models import AuditEvent, Membership, Role
from projects.timeline import get_lines
from stakeholders import actions as stakeholders
from stakeholders.csvfile import parse_csv
from tests.access.matrix import World
from tests.access.test_access import ROWS
from tests.factories import (
    CommunicationItemFactory,
    DecisionRuleFactory,
    GoalFactory,
    GroundRuleFactory,
    RoundFactory,
    StakeholderFactory,
    UserFactory,
)

APPS = ["projects", "agreements", "stakeholders", "powercheck", "charter", "reminders"]

NOT_CHANGES_TO_THE_PROJECT = {
    "projects.do_add_member": "its callers record why someone joined (accepting an invitation)",
    "projects.do_delete_project": "the project goes, and its timeline with it",
    "powercheck.do_save_answers": (
        "answers are never on the timeline: who answered when would undo anonymous rounds "
        "(the results page counts who took part)"
    ),
    "powercheck.do_submit_response": "as do_save_answers",
    "charter.do_withdraw_charters": "part of erasing a stakeholder, whose line says so",
    "charter.do_schedule_review_reminders": (
        "follows the review date (or the facilitators), whose change is on the timeline"
    ),
    "reminders.do_set_reminders_enabled": "a member's own setting, not a change to the project",
    "reminders.do_renew_calendar_feed": "a member's own calendar address",
    "reminders.do_revoke_calendar_feed": "a member's own calendar address",
}


def project_actions() -> set[str]:
    """Every ``do_`` function defined in an app's actions module, as "app.do_name"."""
    found = set()
    for app in APPS:
        module = importlib.import_module(f"{app}.actions")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("do_") and function.__module__ == module.__name__:
                found.add(f"{app}.{name}")
    return found


# Each scenario makes one change as the facilitator ``f`` (or the member it names) and
# returns the line a facilitator then reads on the timeline.


def goal_moved(w):
    GoalFactory(project=w.project, text="Shade")
    goal = GoalFactory(project=w.project, text="Benches")
    projects.do_move_goal(goal=goal, direction="up", by=w.f)
    return "Moved the goal “Benches” up."


def role_changed(w):
    membership = Membership.objects.get(user=w.p)
    projects.do_change_role(
        membership=membership, role=Role.OBSERVER, perspective="community", by=w.f
    )
    return f"{w.p.display_name} is now an observer."


def end_date_wiped(w):
    w.project.end_date = datetime.date(2027, 3, 1)
    w.project.save()
    projects.do_update_project(project=w.project, version=w.project.version, end_date=None, by=w.f)
    return "Changed the end date from 1 March 2027 to none."


def account_deleted(w):
    projects.do_delete_account(user=w.p)
    return "A member deleted their account."


def principles_saved(w):
    agreements.do_save_principles(
        project=w.project,
        meanings={"sharing-power": "We decide together."},
        definitions=[],
        own_definition="",
        by=w.f,
    )
    return "Changed what “Sharing of power” means for the project."


def decision_rule_moved(w):
    DecisionRuleFactory(project=w.project, area="rooms")
    rule = DecisionRuleFactory(project=w.project, area="the budget")
    agreements.do_move_decision_rule(rule=rule, direction="up", by=w.f)
    return "Moved the decision rule about the budget up."


def ground_rule_moved(w):
    rule = GroundRuleFactory(project=w.project, text="Be kind.")
    GroundRuleFactory(project=w.project, text="Listen.")
    agreements.do_move_ground_rule(rule=rule, direction="down", by=w.f)
    return "Moved the ground rule “Be kind.” down."


def agreed(w):
    agreements.do_add_ground_rule(project=w.project, text="Be kind.", by=w.f)
    agreements.do_agree_to_ground_rules(membership=Membership.objects.get(user=w.p))
    return f"{w.p.display_name} agreed to version 1 of the ground rules."


def item(w, **fields):
    return CommunicationItemFactory(
        project=w.project,
        purpose="News",
        audience="Residents",
        frequency="weekly",
        next_due=datetime.date(2030, 1, 1),
        **fields,
    )


def item_added(w):
    agreements.do_add_communication_item(
        project=w.project,
        audience="Residents",
        purpose="News",
        channel="email",
        frequency="weekly",
        next_due=datetime.date(2030, 1, 1),
        by=w.f,
    )
    return "Added to the communication plan: “News (Residents)”, first due 1 January 2030."


def item_moved(w):
    news = item(w)
    agreements.do_update_communication_item(
        item=news, version=news.version, next_due=datetime.date(2030, 1, 8), by=w.f
    )
    return "Changed when “News (Residents)” is next due from 1 January 2030 to 8 January 2030."


def item_done(w):
    news = item(w)
    agreements.do_mark_communication_done(item=news, by=w.f)
    return f"Marked “News (Residents)” as done. It is next due {news.next_due:%-d %B %Y}."


def item_removed(w):
    agreements.do_delete_communication_item(item=item(w), by=w.f)
    return "Removed “News (Residents)” from the communication plan."


def asha(w, **fields):
    return StakeholderFactory(project=w.project, name="Asha Patel", **fields)


def invitation(w):
    return stakeholders.do_invite_stakeholder(
        stakeholder=asha(w), role="participant", invited_by=w.f
    )


def erased(w):
    stakeholders.do_erase_stakeholder(stakeholder=asha(w), by=w.f)
    return "Erased a stakeholder's details."


def imported(w):
    parsed = parse_csv(b"name,category,power,interest\nDr Lee,researcher,3,3\n")
    stakeholders.do_import_stakeholders(project=w.project, rows=parsed.rows, key="k", by=w.f)
    return "Imported 1 stakeholder from a file."


def accepted(w):
    invited = invitation(w)
    user = UserFactory(name="Asha P", email=invited.stakeholder.email)
    stakeholders.do_accept_invitation(invitation=invited, user=user)
    return "Asha P accepted the invitation and joined as a participant."


def statement_added(w):
    section = Checklist.default().sections.first()
    powercheck.do_add_statement(
        project=w.project, section=section, text="We meet in the evening.", by=w.f
    )
    return f"Added a statement to “{section.title}” in the power dynamics check: “We meet in the evening.”"


def round_opened(w):
    closes = timezone.make_aware(datetime.datetime(2031, 5, 1, 12), w.project.zone)
    powercheck.do_open_round(project=w.project, by=w.f, title="Spring", closes_at=closes)
    return "Opened the power dynamics check “Spring”, open until 12:00 on 1 May 2031."


SCENARIOS = {
    "projects.do_create_project": lambda w: (
        projects.do_create_project(by=w.f, title="Playgrounds") and "Created “Playgrounds”."
    ),
    "projects.do_add_goal": lambda w: (
        projects.do_add_goal(project=w.project, text="Benches", by=w.f)
        and "Added a goal: “Benches”"
    ),
    "projects.do_update_goal": lambda w: (
        projects.do_update_goal(
            goal=GoalFactory(project=w.project, text="Benches"), text="More", measure="", by=w.f
        )
        and "Changed the goal “Benches”."
    ),
    "projects.do_delete_goal": lambda w: (
        projects.do_delete_goal(goal=GoalFactory(project=w.project, text="Benches"), by=w.f)
        or "Removed the goal “Benches”."
    ),
    "projects.do_move_goal": goal_moved,
    "projects.do_change_role": role_changed,
    "projects.do_remove_member": lambda w: (
        projects.do_remove_member(membership=Membership.objects.get(user=w.p), by=w.f)
        or f"{w.p.display_name} left the project."
    ),
    "projects.do_update_project": end_date_wiped,
    "projects.do_delete_account": account_deleted,
    "agreements.do_save_principles": principles_saved,
    "agreements.do_add_decision_rule": lambda w: (
        agreements.do_add_decision_rule(
            project=w.project, area="the budget", who="whole-group", method="consent", by=w.f
        )
        and "Added a decision rule about the budget."
    ),
    "agreements.do_update_decision_rule": lambda w: (
        agreements.do_update_decision_rule(
            rule=DecisionRuleFactory(project=w.project, area="the budget"),
            version=1,
            method="consensus",
            by=w.f,
        )
        and "Changed the decision rule about the budget."
    ),
    "agreements.do_move_decision_rule": decision_rule_moved,
    "agreements.do_delete_decision_rule": lambda w: (
        agreements.do_delete_decision_rule(
            rule=DecisionRuleFactory(project=w.project, area="the budget"), by=w.f
        )
        or "Removed the decision rule about the budget."
    ),
    "agreements.do_add_ground_rule": lambda w: (
        agreements.do_add_ground_rule(project=w.project, text="Be kind.", by=w.f)
        and "Added a ground rule: “Be kind.”"
    ),
    "agreements.do_update_ground_rule": lambda w: (
        agreements.do_update_ground_rule(
            rule=GroundRuleFactory(project=w.project, text="Be kind."), text="Be kinder.", by=w.f
        )
        and "Changed a ground rule from “Be kind.” to “Be kinder.”"
    ),
    "agreements.do_move_ground_rule": ground_rule_moved,
    "agreements.do_delete_ground_rule": lambda w: (
        agreements.do_delete_ground_rule(
            rule=GroundRuleFactory(project=w.project, text="Be kind."), by=w.f
        )
        or "Removed a ground rule: “Be kind.”"
    ),
    "agreements.do_agree_to_ground_rules": agreed,
    "agreements.do_add_communication_item": item_added,
    "agreements.do_update_communication_item": item_moved,
    "agreements.do_mark_communication_done": item_done,
    "agreements.do_delete_communication_item": item_removed,
    "stakeholders.do_add_stakeholder": lambda w: (
        stakeholders.do_add_stakeholder(
            project=w.project, name="Asha Patel", category="carer", by=w.f
        )
        and "Added Asha Patel to the stakeholder map."
    ),
    "stakeholders.do_update_stakeholder": lambda w: (
        stakeholders.do_update_stakeholder(stakeholder=asha(w), power=5, by=w.f)
        and "Changed the details of Asha Patel on the stakeholder map."
    ),
    "stakeholders.do_erase_stakeholder": erased,
    "stakeholders.do_import_stakeholders": imported,
    "stakeholders.do_invite_stakeholder": lambda w: (
        invitation(w) and "Invited Asha Patel to join as a participant."
    ),
    "stakeholders.do_resend_invitation": lambda w: (
        stakeholders.do_resend_invitation(invitation=invitation(w), invited_by=w.f)
        and "Sent Asha Patel a new invitation link."
    ),
    "stakeholders.do_revoke_invitation": lambda w: (
        stakeholders.do_revoke_invitation(invitation=invitation(w), by=w.f)
        and "Withdrew the invitation to Asha Patel."
    ),
    "stakeholders.do_accept_invitation": accepted,
    "stakeholders.do_decline_invitation": lambda w: (
        stakeholders.do_decline_invitation(invitation=invitation(w))
        and "Asha Patel declined the invitation."
    ),
    "powercheck.do_open_round": round_opened,
    "powercheck.do_close_round": lambda w: (
        powercheck.do_close_round(round=RoundFactory(project=w.project, title="Spring"), by=w.f)
        and "Closed the power dynamics check “Spring”."
    ),
    "powercheck.do_add_statement": statement_added,
    "charter.do_request_charter": lambda w: (
        charter.do_request_charter(project=w.project, by=w.f, enqueue=False)
        and "Asked for version 1 of the charter."
    ),
}


def test_every_action_is_on_the_timeline_or_says_why_not():
    unclassified = project_actions() - set(SCENARIOS) - set(NOT_CHANGES_TO_THE_PROJECT)
    assert not unclassified, (
        f"Record a timeline line in these actions (and add a scenario here), or say why "
        f"they change nothing in the project: {sorted(unclassified)}"
    )
    assert not (set(SCENARIOS) | set(NOT_CHANGES_TO_THE_PROJECT)) - project_actions(), "stale"


class Actors(World):
    @property
    def f(self):
        return self.users["facilitator"]

    @property
    def p(self):
        return self.users["participant"]


@pytest.fixture
def world(project, facilitator, participant, observer, settings, tmp_path) -> Actors:
    settings.MEDIA_ROOT = tmp_path / "media"
    users = {"facilitator": facilitator, "participant": participant, "observer": observer}
    return Actors(project=project, users=users)


def new_lines(since: int) -> list[str]:
    events = AuditEvent.objects.filter(pk__gt=since).select_related("actor")
    return [event.text for event in get_lines(events)]


@pytest.mark.parametrize("action", sorted(SCENARIOS))
def test_each_action_records_what_a_facilitator_reads(world, action):
    since = AuditEvent.objects.order_by("pk").values_list("pk", flat=True).last() or 0
    expected = SCENARIOS[action](world)
    assert expected in new_lines(since)


# The views: every POST a facilitator makes, as the access matrix makes it.

POSTS_NOT_ON_THE_TIMELINE = {
    "logout": "signing out changes no project",
    "projects-delete": "the project goes, and its timeline with it",
    "powercheck-respond": NOT_CHANGES_TO_THE_PROJECT["powercheck.do_save_answers"],
    "powercheck-check": NOT_CHANGES_TO_THE_PROJECT["powercheck.do_save_answers"],
    "powercheck-adopt": (
        "the matrix posts a suggestion that is refused; adopting one adds a goal or a ground "
        "rule through do_add_goal or do_add_ground_rule, whose lines are checked above"
    ),
    "reminders-my-settings": "a member's own setting",
    "reminders-my-calendar": "a member's own calendar address",
    "account-preferences": "a person's own language and reading level, in no project",
    "language-set": "a person's own language, in no project",
}
# The matrix moves a row that has no neighbour: here it has one to swap with.
NEIGHBOURS = {
    "projects-goal-move": lambda w: GoalFactory(project=w.project, order=0),
    "agreements-decision-move": lambda w: DecisionRuleFactory(project=w.project, order=0),
    "agreements-ground-rule-move": lambda w: GroundRuleFactory(project=w.project, order=10**6),
}
FACILITATOR_POSTS = [
    row for row in ROWS if row.method == "post" and row.expected["facilitator"] == 302
]


@pytest.mark.parametrize("row", FACILITATOR_POSTS, ids=[row.id for row in FACILITATOR_POSTS])
def test_each_change_a_facilitator_posts_leaves_a_line_naming_them(client, world, row):
    if row.name in POSTS_NOT_ON_THE_TIMELINE:
        pytest.skip(POSTS_NOT_ON_THE_TIMELINE[row.name])
    if row.name in NEIGHBOURS:
        NEIGHBOURS[row.name](world)
    url = reverse(row.name, kwargs=row.kwargs(world))
    since = AuditEvent.objects.order_by("pk").values_list("pk", flat=True).last() or 0
    client.force_login(world.f)
    response = client.post(url, row.data(world))
    assert response.status_code == 302
    lines = AuditEvent.objects.filter(pk__gt=since)
    assert lines.exists(), f"POST {row.name} changed the project but left no timeline line"
    assert {line.actor for line in lines} == {world.f}


def test_every_post_left_off_the_timeline_is_still_a_post_of_the_matrix():
    assert set(POSTS_NOT_ON_THE_TIMELINE) <= {row.name for row in FACILITATOR_POSTS}
