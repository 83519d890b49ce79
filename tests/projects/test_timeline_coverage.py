"""Every change a member makes to a project is a line on its timeline.

Two nets, each failing when something new slips through: every ``do_`` action of every
app either has a scenario here (which checks the words of its line) or a reason it is not
a change to the project; and every POST in the access matrix that a facilitator makes
leaves a line naming them, unless the view is listed with its reason.
"""

import datetime
import importlib
import inspect
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements import actions as agreements
from charter import actions as charter
from decisions import actions as decisions
from decisions.actions import do_propose
from decisions.models import Proposal
from impact import actions as impact
from meetings import actions as meetings
from partners import actions as partners
from powercheck import actions as powercheck
from powercheck.models import Checklist
from projects import actions as projects
from projects.models import AuditEvent, Membership, Role
from projects.timeline import get_lines
from reciprocity import actions as reciprocity
from reciprocity import claim_actions as claims
from reciprocity.records import get_contributor
from reciprocity.statements import get_recognition
from reporting import actions as reporting
from reporting.content import get_report
from stakeholders import actions as stakeholders
from stakeholders.csvfile import parse_csv
from tests.access.matrix import World
from tests.access.test_access import ROWS
from tests.factories import (
    CharterFactory,
    CommunicationItemFactory,
    ContributionFactory,
    DecisionRuleFactory,
    GoalFactory,
    GroundRuleFactory,
    ImpactEntryFactory,
    MeetingFactory,
    RoundFactory,
    StakeholderFactory,
    UserFactory,
)
from tests.partners.helpers import make_partner, make_signatory, send_version
from tests.reciprocity import helpers as payments

ROOT = Path(__file__).resolve().parents[2]

APPS = [
    *("projects", "agreements", "stakeholders", "powercheck", "partners", "charter", "reminders"),
    "decisions",
    *("meetings", "impact"),
    "reciprocity",
    "reporting",
]

NOT_CHANGES_TO_THE_PROJECT = {
    "reporting.do_save_view": (
        "a member's own view: who gave a view when would tell who rated what (the page shows "
        "how many gave one)"
    ),
    "reporting.do_make_goal": "adds the goal through do_add_goal, whose line is checked above",
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
    "decisions.do_respond": (
        "responses are counted on the proposal's page and in its decision; who answered how "
        "is not put on the timeline, where the rule or the project keeps responses private"
    ),
    "impact.do_set_my_digest": "a member's own setting, not a change to the project",
    "reciprocity.do_confirm_involvement": "logs the time through do_log_time, whose line is checked",
}


def action_modules(app: str) -> list:
    """An app's actions module, and those of its topics (``claim_actions.py``)."""
    names = sorted(path.stem for path in (ROOT / app).glob("*actions.py"))
    return [importlib.import_module(f"{app}.{name}") for name in names]


def project_actions() -> set[str]:
    """Every ``do_`` function defined in an app's actions modules, as "app.do_name"."""
    found = set()
    for app in APPS:
        for module in action_modules(app):
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


def proposed(w, **fields) -> Proposal:
    return decisions.do_propose(
        project=w.project,
        by=w.p,
        kind="free",
        title="Meet on Saturdays",
        background="Some of us work weekdays.",
        closes_on=timezone.localdate() + datetime.timedelta(days=7),
        **fields,
    )


def revised(w):
    proposal = proposed(w)
    decisions.do_revise_proposal(
        proposal=proposal,
        by=w.p,
        version=proposal.version,
        title="Meet on Sundays",
        background="",
        closes_on=timezone.localdate() + datetime.timedelta(days=8),
    )
    return "Revised the proposal “Meet on Sundays”: everyone is asked to respond again."


def lead_decided(w):
    proposal = proposed(w)
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.DECIDING)
    decisions.do_decide_proposal(proposal=proposal, by=w.f, adopted=True, reason="Most asked.")
    return "The group adopted the proposal “Meet on Saturdays”."


def meeting_decision(w):
    decisions.do_record_decision(
        project=w.project,
        rule=None,
        text="Market Street changes first.",
        method="consensus",
        present=7,
        result="adopted",
        decided_at=timezone.now(),
        source_label="Meeting of 12 May",
        by=w.f,
    )
    return "Recorded a decision in the decision log: “Market Street changes first.” (Adopted)."


def a_meeting(w, **fields):
    start = timezone.make_aware(datetime.datetime(2030, 6, 4, 18), w.project.zone)
    fields.setdefault("starts_at", start)
    fields.setdefault("ends_at", start + datetime.timedelta(hours=2))
    return MeetingFactory(project=w.project, title="Steering group", **fields)


def minutes_out(w):
    return a_meeting(w, minutes="1. We met.", minutes_status="corrections")


def an_action(w):
    return meetings.do_add_action(
        meeting=a_meeting(w),
        text="Cost the kerb",
        owner=Membership.objects.get(user=w.p),
        due=datetime.date(2030, 6, 11),
        by=w.f,
    )


def a_suggestion(w):
    return meetings.do_suggest_agenda_item(meeting=a_meeting(w), by=w.p, title="Benches")


MEETING_SCENARIOS = {
    "meetings.do_schedule_meeting": lambda w: (
        meetings.do_schedule_meeting(
            project=w.project,
            title="Steering group",
            starts_at=timezone.make_aware(datetime.datetime(2030, 6, 4, 18), w.project.zone),
            ends_at=timezone.make_aware(datetime.datetime(2030, 6, 4, 20), w.project.zone),
            place="Library",
            by=w.f,
        )
        and "Scheduled the meeting “Steering group” on 4 June 2030, 18:00."
    ),
    "meetings.do_update_meeting": lambda w: (
        meetings.do_update_meeting(meeting=a_meeting(w), version=1, place="Town hall", by=w.f)
        and "Moved the meeting “Steering group” to 4 June 2030, 18:00."
    ),
    "meetings.do_cancel_meeting": lambda w: (
        meetings.do_cancel_meeting(meeting=a_meeting(w), by=w.f)
        or "Cancelled the meeting “Steering group”."
    ),
    "meetings.do_add_agenda_item": lambda w: (
        meetings.do_add_agenda_item(meeting=a_meeting(w), title="Welcome", by=w.f)
        and "Added “Welcome” to the agenda of “Steering group”."
    ),
    "meetings.do_suggest_agenda_item": lambda w: (
        a_suggestion(w) and "Suggested “Benches” for the agenda of “Steering group”."
    ),
    "meetings.do_answer_suggestion": lambda w: (
        meetings.do_answer_suggestion(item=a_suggestion(w), by=w.f, accept=False, reason="Later")
        and "Did not put the suggestion “Benches” on the agenda of “Steering group”."
    ),
    "meetings.do_remove_agenda_item": lambda w: (
        meetings.do_remove_agenda_item(item=a_suggestion(w), by=w.f)
        or "Took “Benches” off the agenda of “Steering group”."
    ),
    "meetings.do_reply_to_meeting": lambda w: (
        meetings.do_reply_to_meeting(
            meeting=a_meeting(w),
            membership=Membership.objects.get(user=w.p),
            answer="no",
            needs="A lift",
        )
        and "Said they cannot come to the meeting “Steering group”."
    ),
    "meetings.do_record_attendance": lambda w: (
        meetings.do_record_attendance(
            meeting=a_meeting(w),
            statuses={m.pk: "came" for m in Membership.objects.filter(project=w.project)},
            by=w.f,
        )
        or "Recorded who came to “Steering group”: 3 came."
    ),
    "meetings.do_save_minutes": lambda w: (
        meetings.do_save_minutes(meeting=a_meeting(w), text="1. We met.", version=1, by=w.f)
        and "Drafted the minutes of “Steering group”."
    ),
    "meetings.do_circulate_minutes": lambda w: (
        meetings.do_circulate_minutes(
            meeting=a_meeting(w, minutes="1. We met.", minutes_status="draft"),
            days=7,
            version=1,
            by=w.f,
        )
        and "Sent the minutes of “Steering group” round for corrections until"
    ),
    "meetings.do_ask_correction": lambda w: (
        meetings.do_ask_correction(meeting=minutes_out(w), by=w.p, text="Two benches")
        and "Asked for a correction to the minutes of “Steering group”."
    ),
    "meetings.do_approve_minutes": lambda w: (
        meetings.do_approve_minutes(meeting=minutes_out(w), version=1, by=w.f)
        and "Approved the minutes of “Steering group”."
    ),
    "meetings.do_add_action": lambda w: (
        an_action(w) and "Added the action “Cost the kerb” from “Steering group”, due 11 June 2030."
    ),
    "meetings.do_update_action": lambda w: (
        meetings.do_update_action(action=an_action(w), version=1, text="Cost it", by=w.f)
        and "Changed the action “Cost it”."
    ),
    "meetings.do_mark_action_done": lambda w: (
        meetings.do_mark_action_done(action=an_action(w), version=1, by=w.p)
        and "Marked the action “Cost the kerb” done."
    ),
    "meetings.do_request_paper": lambda w: (
        meetings.do_request_paper(meeting=a_meeting(w), kind="agenda", by=w.f)
        and "Asked for the agenda of “Steering group” as PDF."
    ),
    "meetings.do_put_proposal_on_agenda": lambda w: (
        meetings.do_put_proposal_on_agenda(
            meeting=a_meeting(w),
            proposal=do_propose(
                project=w.project,
                by=w.p,
                kind="free",
                title="Meet on Saturdays",
                closes_on=datetime.date(2030, 6, 1),
            ),
            by=w.f,
        )
        and "Added “Meet on Saturdays” to the agenda of “Steering group”."
    ),
    "meetings.do_record_meeting_decision": lambda w: (
        meetings.do_record_attendance(
            meeting=(held := a_meeting(w)),
            statuses={Membership.objects.get(user=w.p).pk: "came"},
            by=w.f,
        )
        or (
            meetings.do_record_meeting_decision(
                meeting=held,
                text="Meet on Saturdays",
                rule=None,
                method="consent",
                result="adopted",
                by=w.f,
            )
            and "Recorded a decision in the decision log: “Meet on Saturdays” (Adopted)."
        )
    ),
    "impact.do_record_contribution": lambda w: (
        impact.do_record_contribution(
            project=w.project, kind="suggestion", text="More benches", by=w.f
        )
        and "Recorded a contribution: “More benches”."
    ),
    "impact.do_set_outcome": lambda w: (
        impact.do_set_outcome(
            contribution=ContributionFactory(project=w.project, text="More benches"),
            outcome="not-taken",
            reason="No room",
            by=w.f,
        )
        and "Said what happened to “More benches”: not taken forward."
    ),
    "impact.do_record_impact": lambda w: (
        impact.do_record_impact(
            project=w.project,
            what_changed="A dropped kerb",
            for_whom="Wheelchair users",
            changed_on=datetime.date(2030, 1, 1),
            by=w.f,
        )
        and "Recorded what changed: “A dropped kerb”."
    ),
    "impact.do_update_impact": lambda w: (
        impact.do_update_impact(
            entry=ImpactEntryFactory(project=w.project), version=1, what_changed="Kerb", by=w.f
        )
        and "Changed what changed: “Kerb”."
    ),
    "impact.do_delete_impact": lambda w: (
        impact.do_delete_impact(
            entry=ImpactEntryFactory(project=w.project, what_changed="Kerb"), by=w.f
        )
        or "Deleted what changed: “Kerb”."
    ),
    "impact.do_set_project_digest": lambda w: (
        impact.do_set_project_digest(project=w.project, enabled=True, by=w.f)
        or "Turned on the weekly digest for members who ask for it."
    ),
}


def partner_signed(w):
    signatory = make_signatory(make_partner(w.project), w.users["observer"])
    request = send_version(w.project, by=w.f)
    partners.do_sign(
        signatory=signatory,
        charter=request.charter,
        by=w.users["observer"],
        name="Olu",
        role="Chair",
        organisation="Northbridge City Council",
        signed_on=datetime.date(2026, 12, 1),
        statement="On behalf of Northbridge City Council I agree.",
    )
    return (
        f"{w.users['observer'].display_name} signed version {request.charter.version} of the "
        "charter for Northbridge City Council."
    )


def partner_declined(w):
    signatory = make_signatory(make_partner(w.project), w.users["observer"])
    request = send_version(w.project, by=w.f)
    partners.do_decline(
        signatory=signatory, charter=request.charter, by=w.users["observer"], reason="Not yet"
    )
    return (
        f"{w.users['observer'].display_name} declined to sign version "
        f"{request.charter.version} of the charter for Northbridge City Council."
    )


def signatory_removed(w):
    signatory = make_signatory(make_partner(w.project), w.users["observer"])
    partners.do_remove_signatory(signatory=signatory, by=w.f)
    return (
        f"{w.users['observer'].display_name} no longer signs the charter for "
        "Northbridge City Council."
    )


def sent_to_sign(w):
    make_signatory(make_partner(w.project), w.users["observer"])
    charter = CharterFactory(project=w.project, version=3)
    partners.do_send_for_signature(project=w.project, charter=charter, by=w.f)
    return "Sent version 3 of the charter to the partners to sign."


PARTNER_SCENARIOS = {
    "partners.do_add_partner": lambda w: (
        partners.do_add_partner(
            project=w.project, by=w.f, name="Northbridge Uni", kind="university"
        )
        and "Added Northbridge Uni as a partner."
    ),
    "partners.do_update_partner": lambda w: (
        partners.do_update_partner(
            partner=make_partner(w.project), by=w.f, website="https://n.example"
        )
        and "Changed the details of the partner Northbridge City Council."
    ),
    "partners.do_delete_partner": lambda w: (
        partners.do_delete_partner(partner=make_partner(w.project), by=w.f)
        or "Removed the partner Northbridge City Council."
    ),
    "partners.do_add_signatory": lambda w: (
        partners.do_add_signatory(
            partner=make_partner(w.project),
            by=w.f,
            membership=Membership.objects.get(user=w.p),
            role="Chair",
        )
        and f"Asked {w.p.display_name} to sign the charter for Northbridge City Council."
    ),
    "partners.do_remove_signatory": signatory_removed,
    "partners.do_send_for_signature": sent_to_sign,
    "partners.do_sign": partner_signed,
    "partners.do_decline": partner_declined,
}


def bus_fare(w):
    return payments.claim(w.project, w.p, amount="4.80", description="Bus fare")


def queried(w):
    claim = bus_fare(w)
    return claims.do_query_claim(claim=claim, question="Which bus?", by=w.f)


def approved_time(w):
    payments.rate(w.project, w.f, amount="20.00")
    payments.paid(w.project, w.p)
    entry = payments.time(w.project, w.p, hours="1.5", day=datetime.date(2030, 5, 2))
    reciprocity.do_decide_time(entry=entry, approve=True, by=w.f)
    return f"Approved 1.5 hours of meetings by {w.p.display_name} on 2 May 2030: £30.00."


def recognition_approved(w):
    payments.time(w.project, w.p)
    text = get_recognition(w.project, w.p, get_contributor(w.project, w.p))
    reciprocity.do_approve_recognition(project=w.project, user=w.p, text_hash=text["hash"])
    return f"{w.p.display_name} approved what their certificate and reference letter say."


RECIPROCITY_SCENARIOS = {
    "reciprocity.do_save_policy": lambda w: (
        payments.policy(w.project, w.f) and "Changed the payment and recognition policy."
    ),
    "reciprocity.do_apply_preset": lambda w: (
        reciprocity.do_apply_preset(project=w.project, preset="nihr", by=w.f)
        and "Started the payment and recognition policy from “NIHR: Payment guidance for "
        "researchers and professionals”."
    ),
    "reciprocity.do_add_rate": lambda w: (
        payments.rate(w.project, w.f, amount="16", since=datetime.date(2030, 4, 1))
        and "Set the rate for meetings to £16.00 per hour from 1 April 2030."
    ),
    "reciprocity.do_remove_rate": lambda w: (
        reciprocity.do_remove_rate(
            rate=payments.rate(w.project, w.f, since=datetime.date(2030, 4, 1)), by=w.f
        )
        or "Removed the rate for meetings from 1 April 2030."
    ),
    "reciprocity.do_save_choice": lambda w: (
        payments.paid(w.project, w.p, choice="expenses")
        and f"{w.p.display_name} chose: expenses only."
    ),
    "reciprocity.do_set_eligibility": lambda w: (
        reciprocity.do_set_eligibility(
            project=w.project, user=w.p, not_eligible=True, reason="", version=None, by=w.f
        )
        and f"Marked {w.p.display_name} as not eligible for payment for their time."
    ),
    "reciprocity.do_log_time": lambda w: (
        payments.time(w.project, w.p, hours="2.5", day=datetime.date(2030, 5, 2))
        and f"{w.p.display_name} logged 2.5 hours of meetings on 2 May 2030."
    ),
    "reciprocity.do_decide_time": approved_time,
    "reciprocity.do_save_recognition_note": lambda w: (
        reciprocity.do_save_recognition_note(
            project=w.project, user=w.p, note="Led the walk.", version=None, by=w.f
        )
        and f"Changed what the certificate and reference letter say about {w.p.display_name}."
    ),
    "reciprocity.do_approve_recognition": recognition_approved,
    "reciprocity.do_submit_claim": lambda w: (
        bus_fare(w) and f"{w.p.display_name} claimed £4.80 for “Bus fare”."
    ),
    "reciprocity.do_query_claim": lambda w: (
        queried(w) and f"Asked {w.p.display_name} about the claim “Bus fare”."
    ),
    "reciprocity.do_answer_claim": lambda w: (
        claims.do_answer_claim(claim=queried(w), answer="The 12.")
        and f"{w.p.display_name} answered about the claim “Bus fare”."
    ),
    "reciprocity.do_approve_claim": lambda w: (
        claims.do_approve_claim(claim=bus_fare(w), by=w.f)
        and f"Approved £4.80 claimed by {w.p.display_name} for “Bus fare”, to be paid by"
    ),
    "reciprocity.do_record_claim_paid": lambda w: (
        claims.do_record_claim_paid(
            claim=claims.do_approve_claim(claim=bus_fare(w), by=w.f), by=w.f
        )
        and f"Recorded that £4.80 for “Bus fare” was paid to {w.p.display_name}."
    ),
    "reciprocity.do_withdraw_claim": lambda w: (
        claims.do_withdraw_claim(claim=bus_fare(w), by=w.p)
        or f"{w.p.display_name} withdrew the claim “Bus fare”."
    ),
}


def an_assessment(w):
    return reporting.do_create_assessment(project=w.project, title="At the start", stage="start")


def entry_saved(w):
    entry = an_assessment(w).entries.get(standard="impact")
    reporting.do_save_entry(
        entry=entry, rating=2, going_well="", to_improve="", evidence=[], by=w.f
    )
    return "Saved “Impact” in the self-assessment “At the start”."


def report_edited(w):
    report = get_report(w.project)
    reporting.do_edit_report_item(
        report=report, item="aim", text="To share power.", based_on=0, by=w.f
    )
    return "Edited “Aim” in the report on involvement."


def pdf_requested(w):
    report = get_report(w.project)
    reporting.do_request_report_pdf(report=report, content={"items": []}, by=w.f)
    return "Asked for a PDF of the report on involvement."


SCENARIOS = {
    "reporting.do_create_assessment": lambda w: (
        reporting.do_create_assessment(
            project=w.project, title="At the start", stage="start", by=w.f
        )
        and "Started the self-assessment “At the start”."
    ),
    "reporting.do_save_entry": entry_saved,
    "reporting.do_close_assessment": lambda w: (
        reporting.do_close_assessment(assessment=an_assessment(w), by=w.f)
        and "Closed the self-assessment “At the start” to members’ views."
    ),
    "reporting.do_delete_assessment": lambda w: (
        reporting.do_delete_assessment(assessment=an_assessment(w), by=w.f)
        or "Deleted the self-assessment “At the start”."
    ),
    "reporting.do_draft_report": lambda w: (
        reporting.do_draft_report(project=w.project, by=w.f)
        and "Drafted the report on involvement from the record."
    ),
    "reporting.do_edit_report_item": report_edited,
    "reporting.do_set_report_form": lambda w: (
        reporting.do_set_report_form(report=get_report(w.project), long_form=True, by=w.f)
        and "Chose the long form for the report on involvement."
    ),
    "reporting.do_request_report_pdf": pdf_requested,
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
    "stakeholders.do_invite_stakeholders": lambda w: (
        stakeholders.do_invite_stakeholders(
            stakeholders=[asha(w), StakeholderFactory(project=w.project)],
            role="observer",
            invited_by=w.f,
        ),
        "Invited 2 people to join as observers.",
    )[1],
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
    "decisions.do_propose": lambda w: (
        proposed(w) and "Proposed “Meet on Saturdays” for the group to decide."
    ),
    "decisions.do_revise_proposal": revised,
    **RECIPROCITY_SCENARIOS,
    "decisions.do_comment": lambda w: (
        decisions.do_comment(proposal=proposed(w), by=w.f, text="Yes")
        and "Commented on the proposal “Meet on Saturdays”."
    ),
    "decisions.do_withdraw_proposal": lambda w: (
        decisions.do_withdraw_proposal(proposal=proposed(w), by=w.p)
        and "Withdrew the proposal “Meet on Saturdays”."
    ),
    "decisions.do_decide_proposal": lead_decided,
    "decisions.do_record_decision": meeting_decision,
    "decisions.do_save_decision_settings": lambda w: (
        decisions.do_save_decision_settings(project=w.project, responses_private=True, by=w.f)
        or "Members now see only how many responded each way to proposals."
    ),
    "charter.do_request_charter": lambda w: (
        charter.do_request_charter(project=w.project, by=w.f, enqueue=False)
        and "Asked for version 1 of the charter."
    ),
    **MEETING_SCENARIOS,
    **PARTNER_SCENARIOS,
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
    lines = new_lines(since)
    assert expected in lines or any(line.startswith(expected) for line in lines), lines


# The views: every POST a facilitator makes, as the access matrix makes it.

POSTS_NOT_ON_THE_TIMELINE = {
    "account_logout": "signing out changes no project",
    "account_login": "signing in changes no project (the matrix posts a wrong password)",
    "projects-delete": "the project goes, and its timeline with it",
    "powercheck-respond": NOT_CHANGES_TO_THE_PROJECT["powercheck.do_save_answers"],
    "powercheck-check": NOT_CHANGES_TO_THE_PROJECT["powercheck.do_save_answers"],
    "powercheck-adopt": (
        "the matrix posts a suggestion that is refused; adopting one adds a goal or a ground "
        "rule through do_add_goal or do_add_ground_rule, whose lines are checked above"
    ),
    "reminders-my-settings": "a member's own setting",
    "reminders-my-calendar": "a member's own calendar address",
    "reciprocity-recognition": "the matrix posts a stale approval, which is refused",
    "reciprocity-time-confirm": "the matrix posts a key no part holds, which is refused",
    "decisions-respond": NOT_CHANGES_TO_THE_PROJECT["decisions.do_respond"],
    "impact-my-digest": "a member's own setting",
    "reporting-my-view": NOT_CHANGES_TO_THE_PROJECT["reporting.do_save_view"],
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
