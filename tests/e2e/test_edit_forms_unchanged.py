"""Every edit form in the app, opened in a real browser on the demo project with every field
filled (dates included) and saved without a change, leaves its rows as they were.

The edit pages are found from the URLconf, like the access matrix: every URL name is either
an edit page with a case in ``CASES`` or listed in ``NOT_EDIT_PAGES`` with the reason, and a
name ending in ``-edit`` or ``-update`` must have a case. So a new edit page fails here until
it has one.
"""

import datetime
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pprint import pformat
from typing import Any

import pytest
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from playwright.sync_api import expect

from agreements.models import CommunicationItem, DecisionMethod, DecisionRule, Format, Principle
from powercheck.actions import AnswerInput, do_save_answers
from powercheck.models import Answer, Question, Round
from projects import demo
from projects.models import Membership, Project
from reminders.models import Reminder
from stakeholders.models import Stakeholder
from tests.access.test_access import url_names

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "coproduce-demo"
# Bookkeeping that a save may move on without changing what the row says.
BOOKKEEPING = {"version", "updated_at"}


def same_meaning(value: Any) -> Any:
    """A value as the form hands it back when it means the same: browsers send a text box's
    line breaks as CRLF, and ticked choices (JSON lists) come back in the order of the choices."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    if isinstance(value, list):
        return sorted(same_meaning(item) for item in value)
    return value


def row(instance: models.Model) -> dict:
    """What the row holds now, read again from the database."""
    values = type(instance).objects.filter(pk=instance.pk).values().get()
    return {key: same_meaning(value) for key, value in values.items() if key not in BOOKKEEPING}


def pending_reminders(project: Project) -> list[tuple]:
    return sorted(
        Reminder.objects.pending()
        .filter(project=project)
        .values_list("dedupe_key", "due_at", "event_at", "title")
    )


@dataclass
class Case:
    """An edit page of one row: where it is, who edits it, what it holds, which button saves."""

    kwargs: dict
    rows: Callable[[], Any]
    button: str
    user: str = demo.FACILITATOR


def project_details(project: Project) -> Case:
    # Every date filled: start, end and charter review (whose reminders must survive a save).
    assert project.start_date and project.end_date and project.review_date
    assert Reminder.objects.pending().filter(kind=Reminder.Kind.CHARTER_REVIEW).exists()
    return Case({"slug": project.slug}, lambda: row(project), "Save details")


def aim(project: Project) -> Case:
    return Case({"slug": project.slug}, lambda: row(project), "Save aim")


def goal(project: Project) -> Case:
    goal = project.goals.exclude(measure="").first()
    return Case({"slug": project.slug, "goal_id": goal.pk}, lambda: row(goal), "Save goal")


def member(project: Project) -> Case:
    membership = project.memberships.get(user__email=demo.PARTICIPANT)
    kwargs = {"slug": project.slug, "member_id": membership.pk}
    return Case(kwargs, lambda: row(membership), "Save")


def principles(project: Project) -> Case:
    Principle.objects.filter(project=project, meaning="").update(meaning="What it means for us.")
    Project.objects.filter(pk=project.pk).update(own_definition="Our own words.\nTwo lines.")

    def rows():
        return row(project), [row(p) for p in Principle.objects.filter(project=project)]

    assert Principle.objects.filter(project=project).count() == len(Principle.Key)
    return Case({"slug": project.slug}, rows, "Save principles")


def decision_rule(project: Project) -> Case:
    rule = DecisionRule.objects.filter(project=project).first()
    DecisionRule.objects.filter(pk=rule.pk).update(
        who=DecisionRule.Who.NAMED_GROUP,
        who_name="the steering group",
        method=DecisionMethod.CONSENT,
        fallback=DecisionMethod.SUPERMAJORITY,
        percentage=67,
        quorum=DecisionRule.Quorum.HALF,
        dissent=DecisionRule.Dissent.UNNAMED,
    )
    kwargs = {"slug": project.slug, "rule_id": rule.pk}
    return Case(kwargs, lambda: row(rule), "Save decision rule")


def ground_rule(project: Project) -> Case:
    rule = project.ground_rules.first()

    def rows():
        return row(rule), Project.objects.values_list("ground_rules_version").get(pk=project.pk)

    return Case({"slug": project.slug, "rule_id": rule.pk}, rows, "Save ground rule")


def communication_item(project: Project) -> Case:
    item = CommunicationItem.objects.filter(project=project, closed=False).first()
    CommunicationItem.objects.filter(pk=item.pk).update(
        formats=[Format.LARGE_PRINT, Format.EASY_READ],
        owner=project.memberships.get(user__email=demo.FACILITATOR),
    )
    assert item.next_due is not None
    kwargs = {"slug": project.slug, "item_id": item.pk}
    return Case(kwargs, lambda: row(item), "Save")


def stakeholder(project: Project) -> Case:
    person = project.stakeholders.filter(user=None).exclude(email="").first()
    Stakeholder.objects.filter(pk=person.pk).update(
        organisation="Market Traders' Association",
        seldom_heard=True,
        access_needs="Step-free access",
        notes="Prefers a phone call first.",
        consent_recorded_at=datetime.datetime(2030, 1, 2, 12, 0, tzinfo=datetime.UTC),
    )
    kwargs = {"slug": project.slug, "stakeholder_id": person.pk}
    return Case(kwargs, lambda: row(person), "Save")


def my_settings(project: Project) -> Case:
    membership = project.memberships.get(user__email=demo.PARTICIPANT)
    Membership.objects.filter(pk=membership.pk).update(reminders_enabled=False)
    return Case(
        {"slug": project.slug}, lambda: row(membership), "Save reminder setting", demo.PARTICIPANT
    )


def account_preferences(project: Project) -> Case:
    user = project.memberships.get(user__email=demo.PARTICIPANT).user
    type(user).objects.filter(pk=user.pk).update(easy_read=True)
    users = type(user).objects.filter(pk=user.pk)
    return Case(
        {},
        lambda: users.values("email", "name", "language", "easy_read").get(),
        "Save my preferences",
        demo.PARTICIPANT,
    )


def answers(project: Project) -> Case:
    round = Round.objects.filter(project=project).still_open().get()
    membership = project.memberships.get(user__email=demo.PARTICIPANT)
    first_section = Question.objects.filter(section__order=1, project=None)
    do_save_answers(
        round=round,
        member=membership,
        answers=[
            AnswerInput(question.pk, [0, 1, 2, 3, None][n % 5], f"Comment {n}\nover two lines")
            for n, question in enumerate(first_section)
        ],
    )

    def rows():
        mine = Answer.objects.filter(response__round=round, response__member=membership)
        return sorted(
            (q, score, same_meaning(c))
            for q, score, c in mine.values_list("question_id", "score", "comment")
        )

    kwargs = {"slug": project.slug, "round_id": round.pk, "step": 1}
    return Case(kwargs, rows, "Save and continue", demo.PARTICIPANT)


# Each edit page by URL name: a GET page showing a form for rows that already exist.
CASES: dict[str, Callable[[Project], Case]] = {
    "projects-edit": project_details,
    "projects-aim": aim,
    "projects-goal-update": goal,
    "projects-member-update": member,
    "agreements-principles": principles,
    "agreements-decision-update": decision_rule,
    "agreements-ground-rule-update": ground_rule,
    "agreements-communication-update": communication_item,
    "stakeholders-update": stakeholder,
    "reminders-my-settings": my_settings,
    "account": account_preferences,
    "powercheck-respond": answers,
}

ADDS = "a form for a new row: nothing existing to keep"
CONFIRMS = "a yes-or-no confirmation: no field holds an existing value"
ACTION = "a POST-only action: no page with a form"
VIEW = "a page or file without a form for an existing row"
NOT_EDIT_PAGES: dict[str, str] = {
    # The site and accounts.
    "home": VIEW,
    "healthz": VIEW,
    "signup": ADDS,
    "signup-confirm": VIEW,
    "signup-finish": ADDS,
    "account-data": VIEW,
    "account-delete": CONFIRMS,
    "account-preferences": "a POST-only action: its form on the account page is tested in "
    "tests/i18n/test_welsh.py",
    "language-set": ACTION,
    "login": "signing in: nothing stored is shown in it",
    "logout": ACTION,
    "password_change": "a new password is typed each time: nothing stored is shown",
    "password_change_done": VIEW,
    "password_reset": "asks for an address: nothing stored is shown",
    "password_reset_done": VIEW,
    "password_reset_confirm": "a new password is typed each time: nothing stored is shown",
    "password_reset_complete": VIEW,
    "bench-ok": VIEW,  # only with BENCHMARK=1
    # Projects.
    "projects-list": VIEW,
    "projects-create": ADDS,
    "projects-detail": VIEW,
    "projects-goals": "the goals page's aim form is the projects-aim case; its goal form adds",
    "projects-goal-create": ACTION,
    "projects-goal-delete": CONFIRMS,
    "projects-goal-move": ACTION,
    "projects-members": VIEW,
    "projects-member-remove": CONFIRMS,
    "projects-events": VIEW,
    "projects-export": VIEW,
    "projects-delete": CONFIRMS,
    # Agreements.
    "agreements-decisions": VIEW,
    "agreements-decision-create": ADDS,
    "agreements-decision-delete": CONFIRMS,
    "agreements-decision-move": ACTION,
    "agreements-ground-rules": "its forms add a rule or agree to the set",
    "agreements-ground-rule-create": ACTION,
    "agreements-ground-rules-agree": ACTION,
    "agreements-ground-rule-delete": CONFIRMS,
    "agreements-ground-rule-move": ACTION,
    "agreements-communication": VIEW,
    "agreements-communication-create": ADDS,
    "agreements-communication-done": ACTION,
    "agreements-communication-delete": CONFIRMS,
    # The charter.
    "charter-index": "its only form asks for a new version",
    "charter-generate": ACTION,
    "charter-preview": VIEW,
    "charter-pdf": VIEW,
    "charter-version-pdf": VIEW,
    # Reminders.
    "reminders-list": VIEW,
    "reminders-my-calendar": ACTION,
    "reminders-my-perspective": "a POST-only action: its form on the my-settings page is tested "
    "in tests/reminders/test_my_settings.py",
    "reminders-stop": CONFIRMS,
    "calendar-feed": VIEW,
    # Stakeholders.
    "stakeholders-list": "its filter form holds no row; its add form adds",
    "stakeholders-create": ADDS,
    "stakeholders-grid": VIEW,
    "stakeholders-export": VIEW,
    "stakeholders-import": ADDS,
    "stakeholders-import-preview": CONFIRMS,
    "stakeholders-detail": "its invitation form sends a new invitation",
    "stakeholders-delete": CONFIRMS,
    "stakeholders-invite": ACTION,
    "stakeholders-invitation-resend": ACTION,
    "stakeholders-invitation-revoke": CONFIRMS,
    "invitations-respond": CONFIRMS,
    "invitations-decline": CONFIRMS,
    "invitations-waiting": VIEW,
    "invitations-open": VIEW,
    # The power dynamics check.
    "powercheck-index": VIEW,
    "powercheck-statements": ADDS,
    "powercheck-round-create": ADDS,
    "powercheck-round-close": CONFIRMS,
    "powercheck-check": "submits the answers given on the powercheck-respond pages",
    "powercheck-results": VIEW,
    "powercheck-adopt": ACTION,
}


def test_every_edit_page_has_a_case():
    names = url_names()
    both = set(CASES) & set(NOT_EDIT_PAGES)
    assert not both, f"Both an edit case and not an edit page: {sorted(both)}"
    assert set(CASES) <= names, f"No such URL names: {sorted(set(CASES) - names)}"
    missing = names - set(CASES) - set(NOT_EDIT_PAGES)
    assert not missing, (
        f"Add a case to CASES (an edit page) or a reason to NOT_EDIT_PAGES: {sorted(missing)}"
    )
    edits = {name for name in names if name.endswith(("-edit", "-update"))}
    assert edits <= set(CASES), f"Edit pages without a case: {sorted(edits - set(CASES))}"


@pytest.fixture
def demo_project(live_server) -> Project:
    call_command("seed_demo", "--force", "--password", DEMO_PASSWORD, verbosity=0)
    return Project.objects.get(slug=demo.DEMO_SLUG)


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My projects")).to_be_visible()


@pytest.mark.parametrize("name", sorted(CASES))
def test_saving_an_edit_form_unchanged_changes_nothing(new_page, demo_project, name):
    case = CASES[name](demo_project)
    before = (case.rows(), pending_reminders(demo_project))
    page = new_page()
    log_in(page, case.user)
    url = reverse(name, kwargs=case.kwargs)
    page.goto(url)
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(url)) as sent:
        page.get_by_role("button", name=case.button, exact=True).first.click()
    assert sent.value.status < 400, f"{name}: the unchanged form was refused ({sent.value.status})"
    page.wait_for_load_state()
    expect(page.get_by_text("There is a problem")).to_have_count(0)
    after = (case.rows(), pending_reminders(demo_project))
    assert after == before, f"{name}: saving the form unchanged changed what was stored:\n" + (
        "\n".join(difflib.unified_diff(pformat(before).splitlines(), pformat(after).splitlines()))
    )
