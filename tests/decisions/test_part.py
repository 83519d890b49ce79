"""What proposals add to a project through its part: a member's to-do, calendar deadlines,
evidence for reports, the export, a person's data and erasure, and the charter's section."""

import datetime

from django.urls import reverse
from django.utils import timezone

from charter.content import gather_charter
from charter.render import render_charter_html
from decisions.actions import do_comment, do_propose, do_record_decision, do_respond
from decisions.closing import close_due_proposals
from decisions.models import Comment, Decision, Response
from decisions.part import DecisionsPart
from projects.actions import do_delete_account
from projects.models import Membership
from tests.factories import DecisionRuleFactory

from .conftest import in_days, later

PART = DecisionsPart()


def test_the_to_do_asks_members_who_take_part_and_says_when_they_have(
    project, proposal, participant, facilitator, observer
):
    mine = Membership.objects.get(user=participant)
    [item] = PART.todo(mine)
    assert (item.title, item.done) == ("Respond to the proposal “Phones away”", False)
    assert item.due == in_days(project, 7)
    do_respond(proposal=proposal, user=participant, answer="agree")
    assert [i.done for i in PART.todo(mine)] == [True]
    assert PART.todo(Membership.objects.get(user=observer)) == []


def test_facilitators_are_asked_to_record_a_decision_waiting_for_one(
    project, participant, facilitator
):
    lead = DecisionRuleFactory(project=project, who="lead", method="lead")
    made = do_propose(
        project=project,
        by=participant,
        kind="free",
        title="Publish it",
        background="x",
        rule=lead,
        closes_on=in_days(project, 1),
    )
    close_due_proposals(now=later(project, 2))
    titles = [i.title for i in PART.todo(Membership.objects.get(user=facilitator))]
    assert titles == ["Record the decision on “Publish it”"]
    assert made.pk


def test_the_deadline_is_in_the_calendar_of_members_who_take_part(
    project, proposal, participant, observer
):
    [event] = PART.calendar_dates(Membership.objects.get(user=participant))
    assert (event.title, event.start) == ("Proposal closes: Phones away", in_days(project, 7))
    assert PART.calendar_dates(Membership.objects.get(user=observer)) == []


def test_each_decision_is_evidence_for_a_report(project, proposal, participant):
    do_respond(proposal=proposal, user=participant, answer="agree")
    close_due_proposals(now=later(project, 8))
    [evidence] = PART.report_evidence(project)
    assert evidence.kind == "decision"
    assert evidence.standards == ("governance", "working_together")
    assert evidence.gripp2 == ("results", "discussion")
    assert "Adopted, with 1 of 2 taking part." in evidence.summary
    assert participant.name not in evidence.summary


def test_the_export_holds_proposals_responses_comments_and_the_log(
    project, proposal, participant, facilitator
):
    do_respond(proposal=proposal, user=participant, answer="agree", reason="Yes please")
    do_comment(proposal=proposal, by=facilitator, text="Good idea")
    exported = PART.export_project(project)
    [made] = exported["proposals"]
    assert made["responses"][0] == {
        "member": participant.display_name,
        "answer": "agree",
        "reason": "Yes please",
        "revision": 1,
    }
    assert made["comments"][0]["text"] == "Good idea"
    assert exported["decision_log"] == []


def test_a_person_who_deletes_their_account_leaves_counts_but_not_what_they_wrote(
    project, proposal, participant, facilitator
):
    do_respond(proposal=proposal, user=participant, answer="agree", reason="Mine")
    do_comment(proposal=proposal, by=participant, text="My words")
    data = PART.export_person(participant)
    assert data["your_responses_to_proposals"][0]["reason"] == "Mine"
    assert data["your_comments_on_proposals"][0]["text"] == "My words"
    close_due_proposals(now=later(project, 8))
    do_delete_account(user=participant)
    assert not Response.objects.exists() and not Comment.objects.exists()
    assert Decision.objects.get().counts["agree"] == 1


def test_the_charter_has_the_decisions_we_have_made(project, facilitator):
    do_record_decision(
        project=project,
        rule=None,
        text="Meet on Saturdays.",
        method="consensus",
        present=5,
        result="adopted",
        decided_at=timezone.now() - datetime.timedelta(days=1),
        source_label="Meeting of 12 May",
        by=facilitator,
    )
    sections = {section["id"]: section for section in gather_charter(project)["sections"]}
    data = sections["decisions-made"]["data"]
    assert data["decisions"][0]["text"] == "Meet on Saturdays."
    assert data["decisions"][0]["how"].startswith("Consensus")


def test_the_log_page_names_who_disagreed_only_where_the_rule_says(
    client, project, participant, facilitator
):
    named = DecisionRuleFactory(project=project, area="names", method="majority", dissent="named")
    made = do_propose(
        project=project,
        by=participant,
        kind="free",
        title="Hire a hall",
        background="x",
        rule=named,
        closes_on=in_days(project, 1),
    )
    do_respond(proposal=made, user=participant, answer="agree")
    do_respond(proposal=made, user=facilitator, answer="disagree", reason="Too dear")
    close_due_proposals(now=later(project, 2))
    client.force_login(participant)
    html = client.get(reverse("decisions-log", args=[project.slug])).content.decode()
    assert f"{facilitator.display_name}: Disagree — Too dear" in html


def test_the_charter_says_each_result_once_with_what_was_decided_apart_from_its_area(
    project, participant, facilitator
):
    rule = DecisionRuleFactory(project=project, area="the budget", method="majority")
    lapsed = do_propose(
        project=project,
        by=participant,
        kind="free",
        title="Move to Saturdays",
        background="x",
        rule=rule,
        closes_on=in_days(project, 1),
    )
    close_due_proposals(now=later(project, 2))
    decision = Decision.objects.get(proposal=lapsed)
    html = render_charter_html(
        gather_charter(project),
        version=1,
        generated_at=timezone.now(),
        stylesheet_url="",
    )
    row = html[html.index("<strong>Move to Saturdays</strong>") :].split("</tr>")[0]
    assert '<span class="meta">Decisions about the budget.</span>' in row
    # The outcome's sentence says the result: it is not put before it a second time.
    result = row.split("<td>")[-1]
    assert result.startswith(decision.summary), result
    assert decision.get_result_display() not in result.removeprefix(decision.summary)
