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
from decisions.models import Proposal
from impact.models import Contribution, ImpactEntry
from meetings.models import Action, Meeting, Minutes
from powercheck.actions import AnswerInput, do_save_answers
from powercheck.models import Answer, Question, Round
from projects import demo
from projects.models import Membership, Project
from reciprocity.models import Contributor, Policy
from reminders.models import Reminder
from reporting.actions import do_edit_report_item, do_save_view
from reporting.content import current_versions, get_report
from reporting.models import Assessment, ViewRating
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
    # The URL name the form posts to, when it is not the page's own.
    posts_to: str = ""


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
        posts_to="account-preferences",
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


def revised_proposal(project: Project) -> Case:
    proposal = Proposal.objects.get(
        project=project, status="open", kind="ground-rule-new", proposed_by__email=demo.PARTICIPANT
    )
    kwargs = {"slug": project.slug, "proposal_id": proposal.pk}
    return Case(kwargs, lambda: row(proposal), "Save the changed proposal", demo.PARTICIPANT)


def upcoming_meeting(project: Project) -> Case:
    meeting = Meeting.objects.get(project=project, title="Steering group")
    Meeting.objects.filter(pk=meeting.pk).update(
        note_taker=project.memberships.get(user__email=demo.PARTICIPANT)
    )
    kwargs = {"slug": project.slug, "meeting_id": meeting.pk}
    return Case(kwargs, lambda: row(meeting), "Save the meeting")


def minutes(project: Project) -> Case:
    meeting = Meeting.objects.get(project=project, minutes_status=Minutes.CORRECTIONS)
    Meeting.objects.filter(pk=meeting.pk).update(minutes="1. Welcome.\r\n\r\n2. Designs.")
    kwargs = {"slug": project.slug, "meeting_id": meeting.pk}
    return Case(kwargs, lambda: row(meeting), "Save the minutes")


def attendance(project: Project) -> Case:
    meeting = Meeting.objects.get(project=project, minutes_status=Minutes.APPROVED)

    def rows():
        return sorted(meeting.attendance.values_list("membership_id", "status"))

    kwargs = {"slug": project.slug, "meeting_id": meeting.pk}
    return Case(kwargs, rows, "Save attendance")


def action(project: Project) -> Case:
    item = Action.objects.filter(project=project, done_at=None).first()
    return Case({"slug": project.slug, "action_id": item.pk}, lambda: row(item), "Save the action")


def impact_entry(project: Project) -> Case:
    entry = ImpactEntry.objects.filter(project=project).exclude(link="").first()

    def rows():
        return row(entry), sorted(entry.contributions.values_list("pk", flat=True))

    return Case({"slug": project.slug, "entry_id": entry.pk}, rows, "Save")


def outcome(project: Project) -> Case:
    contribution = Contribution.objects.filter(project=project).exclude(reason="").first()
    kwargs = {"slug": project.slug, "contribution_id": contribution.pk}
    return Case(kwargs, lambda: row(contribution), "Save")


def partner(project: Project) -> Case:
    council = project.partners.get(name="Northbridge City Council")
    assert council.logo and council.stakeholders.exists() and council.members.exists()

    def rows():
        links = (
            sorted(council.stakeholders.values_list("pk", flat=True)),
            sorted(council.members.values_list("pk", flat=True)),
        )
        return row(council), links

    kwargs = {"slug": project.slug, "partner_id": council.pk}
    return Case(kwargs, rows, "Save partner")


def payment_policy(project: Project) -> Case:
    policy = Policy.objects.get(project=project)
    assert policy.source_effective and policy.methods and policy.how_to_claim
    return Case({"slug": project.slug}, lambda: row(policy), "Save policy")


def eligibility(project: Project) -> Case:
    person = project.memberships.get(user__email=demo.FACILITATOR).user
    contributor = Contributor.objects.get(project=project, user=person)
    assert contributor.not_eligible and contributor.not_eligible_reason
    kwargs = {"slug": project.slug, "user_id": person.pk}
    return Case(kwargs, lambda: row(contributor), "Save")


def recognition(project: Project) -> Case:
    person = project.memberships.get(user__email=demo.PARTICIPANT).user
    Contributor.objects.filter(project=project, user=person).update(
        recognition_note="Led the walkabout.\nTwice."
    )
    contributor = Contributor.objects.get(project=project, user=person)
    kwargs = {"slug": project.slug, "user_id": person.pk}
    return Case(kwargs, lambda: row(contributor), "Save")


def assessment_entry(project: Project) -> Case:
    midway = Assessment.objects.get(project=project, title="Midway review")
    entry = midway.entries.get(standard="inclusive_opportunities")
    entry.going_well = "Evening sessions\nwith childcare"
    # One piece of evidence still held, one whose row has gone.
    entry.evidence = ["people:categories", "meeting:999"]
    entry.save()
    kwargs = {"slug": project.slug, "assessment_id": midway.pk, "standard": entry.standard}
    return Case(kwargs, lambda: row(entry), "Save")


def my_view(project: Project) -> Case:
    midway = Assessment.objects.get(project=project, title="Midway review")
    membership = project.memberships.get(user__email=demo.PARTICIPANT)
    ratings = {"impact": (2, "We rarely hear\nwhat changed"), "governance": (None, "Not sure")}
    do_save_view(assessment=midway, member=membership, ratings=ratings)

    def rows():
        mine = ViewRating.objects.filter(view__assessment=midway, view__member=membership)
        return sorted(
            (s, r, same_meaning(c)) for s, r, c in mine.values_list("standard", "rating", "comment")
        )

    kwargs = {"slug": project.slug, "assessment_id": midway.pk}
    return Case(kwargs, rows, "Save your view", demo.PARTICIPANT)


def report_item(project: Project) -> Case:
    report = get_report(project)
    number = current_versions(report)["methods"].number
    do_edit_report_item(
        report=report,
        item="methods",
        text="Residents planned it.\n\nOfficers joined.",
        based_on=number,
    )
    versions = report.versions.filter(item="methods")

    def rows():
        return [(v.number, same_meaning(v.text)) for v in versions.order_by("number")]

    return Case({"slug": project.slug, "item": "methods"}, rows, "Save this version")


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
    "decisions-revise": revised_proposal,
    "meetings-update": upcoming_meeting,
    "meetings-minutes": minutes,
    "meetings-attendance": attendance,
    "meetings-action-update": action,
    "impact-update": impact_entry,
    "impact-contribution-outcome": outcome,
    "partners-update": partner,
    "reciprocity-policy-update": payment_policy,
    "reciprocity-eligibility-update": eligibility,
    "reciprocity-recognition-update": recognition,
    "reporting-standard-update": assessment_entry,
    "reporting-my-view": my_view,
    "reporting-report-item-update": report_item,
}

ADDS = "a form for a new row: nothing existing to keep"
CONFIRMS = "a yes-or-no confirmation: no field holds an existing value"
ACTION = "a POST-only action: no page with a form"
VIEW = "a page or file without a form for an existing row"
NOT_EDIT_PAGES: dict[str, str] = {
    # The site and accounts.
    "home": VIEW,
    "healthz": VIEW,
    "account-data": VIEW,
    "account-delete": CONFIRMS,
    # Accounts (django-allauth): signing in, codes and passwords are typed each time.
    "account_login": "signing in: nothing stored is shown in it",
    "account_signup": ADDS,
    "account_request_login_code": "asks for an address: nothing stored is shown",
    "account_confirm_login_code": "a code is typed each time: nothing stored is shown",
    "account_email_verification_sent": "a code is typed each time: nothing stored is shown",
    "account_logout": CONFIRMS,
    "account_inactive": VIEW,
    "account_reauthenticate": "a password or code is typed each time: nothing stored is shown",
    "account_request_reauthentication_code": "asks to send a code: nothing stored is shown",
    "account_confirm_reauthentication_code": "a code is typed each time: nothing stored is shown",
    "account_change_password": "a new password is typed each time: nothing stored is shown",
    "account_set_password": "a new password is typed each time: nothing stored is shown",
    "account_email": "adds an address or picks one: no field holds an existing value to keep",
    "account_reset_password": "asks for an address: nothing stored is shown",
    "account_reset_password_done": VIEW,
    "account_reset_password_from_key": "a new password is typed each time: nothing stored is shown",
    "account_reset_password_from_key_done": VIEW,
    "mfa_index": VIEW,
    "mfa_activate_totp": "a code from the app is typed each time: nothing stored is shown",
    "mfa_deactivate_totp": CONFIRMS,
    "mfa_generate_recovery_codes": CONFIRMS,
    "mfa_view_recovery_codes": VIEW,
    "mfa_download_recovery_codes": VIEW,
    "mfa_reauthenticate": "a code from the app is typed each time: nothing stored is shown",
    "mfa_authenticate": "a code from the app is typed each time: nothing stored is shown",
    "socialaccount_connections": "picks an organisation account to remove: nothing to keep",
    "socialaccount_login_cancelled": VIEW,
    "socialaccount_login_error": VIEW,
    "socialaccount_signup": ADDS,
    "openid_connect_login": ACTION,
    "openid_connect_callback": ACTION,
    "account-preferences": "a POST-only action: its form on the account page is tested in "
    "tests/i18n/test_welsh.py",
    "language-set": ACTION,
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
    # Partners.
    "partners-list": "its only form sends a version to sign",
    "partners-create": ADDS,
    "partners-delete": CONFIRMS,
    "partners-logo": VIEW,
    "partners-signatory-add": ADDS,
    "partners-signatory-remove": CONFIRMS,
    "partners-send": ACTION,
    "partners-sign": "each signature is given anew, to one version: nothing stored is edited",
    "partners-decline": "each answer is given anew, to one version: nothing stored is edited",
    # Stakeholders.
    "stakeholders-list": "its filter form holds no row; its add form adds",
    "stakeholders-create": ADDS,
    "stakeholders-grid": VIEW,
    "stakeholders-export": VIEW,
    "stakeholders-export-xlsx": VIEW,
    "stakeholders-import-template": VIEW,
    "stakeholders-bulk-invite": ACTION,
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
    # Proposals and decisions.
    "decisions-proposals": VIEW,
    "decisions-propose": ADDS,
    "decisions-detail": (
        "its response form posts to decisions-respond, and a response saved again unchanged "
        "stays as it was (tests/decisions/test_proposals.py); its comment form adds"
    ),
    "decisions-respond": ACTION,
    "decisions-comment": ACTION,
    "decisions-withdraw": CONFIRMS,
    "decisions-decide": "records the decision on a proposal waiting for one: nothing existing",
    "decisions-log": (
        "its filter form holds no row; its one checkbox (who sees responses) is posted to "
        "decisions-settings, which saves only a change"
    ),
    "decisions-log-csv": VIEW,
    "decisions-settings": ACTION,
    # Meetings.
    "meetings-list": VIEW,
    "meetings-create": ADDS,
    "meetings-detail": "its forms add a reply, an agenda item or a suggestion (the reply form "
    "shows the member's reply, saved again as it is)",
    "meetings-cancel": CONFIRMS,
    "meetings-reply": ACTION,
    "meetings-agenda-add": ACTION,
    "meetings-agenda-suggest": ACTION,
    "meetings-agenda-answer": "accepts or declines a suggestion: nothing stored is shown",
    "meetings-agenda-remove": ACTION,
    "meetings-agenda-proposal": ACTION,
    "meetings-decision": ADDS,
    "meetings-minutes-circulate": ACTION,
    "meetings-minutes-correct": ACTION,
    "meetings-minutes-approve": ACTION,
    "meetings-minutes-history": VIEW,
    "meetings-action-create": ADDS,
    "meetings-actions": VIEW,
    "meetings-action-done": ACTION,
    "meetings-paper-request": ACTION,
    "meetings-paper": VIEW,
    # What changed.
    "impact-list": "its forms turn the weekly digest on or off",
    "impact-mine": VIEW,
    "impact-create": ADDS,
    "impact-delete": CONFIRMS,
    "impact-digest": ACTION,
    "impact-my-digest": ACTION,
    "impact-contributions": VIEW,
    "impact-contribution-create": ADDS,
    # Payment and recognition.
    "reciprocity-index": VIEW,
    "reciprocity-preset": ACTION,
    "reciprocity-rate-create": ADDS,
    "reciprocity-rate-delete": CONFIRMS,
    "reciprocity-mine": VIEW,
    "reciprocity-my-choice": (
        "the choice is made again each time, after reading the note on benefits: its box is "
        "ticked anew and when it was chosen is recorded"
    ),
    "reciprocity-recognition": CONFIRMS,
    "reciprocity-time-create": ADDS,
    "reciprocity-time-confirm": ACTION,
    "reciprocity-claim-create": ADDS,
    "reciprocity-claim": "its forms answer a question or decide: nothing stored is shown in them",
    "reciprocity-claim-answer": ACTION,
    "reciprocity-claim-review": ACTION,
    "reciprocity-claim-withdraw": CONFIRMS,
    "reciprocity-receipt": VIEW,
    "reciprocity-time-review": ACTION,
    "reciprocity-people": VIEW,
    "reciprocity-statement-pdf": VIEW,
    "reciprocity-statement-csv": VIEW,
    "reciprocity-certificate": VIEW,
    "reciprocity-reference": VIEW,
    "reciprocity-finance-csv": VIEW,
    # Reporting involvement.
    "reporting-index": VIEW,
    "reporting-assessment-create": ADDS,
    "reporting-assessments-csv": VIEW,
    "reporting-assessment": VIEW,
    "reporting-assessment-close": CONFIRMS,
    "reporting-assessment-delete": CONFIRMS,
    "reporting-make-goal": ACTION,
    "reporting-report": "its forms draft the report or choose its form: no field holds a row",
    "reporting-report-draft": ACTION,
    "reporting-report-form": ACTION,
    "reporting-report-pdf-create": ACTION,
    "reporting-report-pdf": VIEW,
    "reporting-report-download": VIEW,
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
    target = reverse(case.posts_to, kwargs=case.kwargs) if case.posts_to else url
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith(target)
    ) as sent:
        page.get_by_role("button", name=case.button, exact=True).first.click()
    assert sent.value.status < 400, f"{name}: the unchanged form was refused ({sent.value.status})"
    page.wait_for_load_state()
    expect(page.get_by_text("There is a problem")).to_have_count(0)
    after = (case.rows(), pending_reminders(demo_project))
    assert after == before, f"{name}: saving the form unchanged changed what was stored:\n" + (
        "\n".join(difflib.unified_diff(pformat(before).splitlines(), pformat(after).splitlines()))
    )
