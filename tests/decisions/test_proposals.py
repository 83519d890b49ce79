"""A member proposes, the group responds, the sweep closes it as the rule says, and the
adopted change is made through the same actions as a facilitator's edit."""

import datetime

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import GroundRule
from decisions.actions import do_comment, do_respond, do_revise_proposal
from decisions.closing import close_due_proposals
from decisions.models import Decision, Proposal
from projects.models import AuditEvent, Goal
from reminders.models import Reminder
from reminders.sweep import send_due_reminders
from tests.factories import (
    CommunicationItemFactory,
    DecisionRuleFactory,
    GoalFactory,
    GroundRuleFactory,
    MembershipFactory,
)

from .conftest import in_days, later


def page(client, proposal) -> str:
    return client.get(proposal.get_absolute_url()).content.decode()


def test_a_participant_proposes_a_ground_rule_and_the_page_says_how_it_is_decided(
    client, project, rule, participant, facilitator
):
    client.force_login(participant)
    response = client.post(
        reverse("decisions-propose", args=[project.slug]),
        {
            "kind": "ground-rule-new",
            "text": "Phones away during meetings.",
            "rule": rule.pk,
            "closes_on": in_days(project, 7).isoformat(),
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert proposal.title == "Phones away during meetings."
    html = page(client, proposal)
    assert "Decided by a simple majority: adopted if more of those who vote agree" in html
    assert "Facilitators and participants take part (2 members); observers can read." in html
    assert AuditEvent.objects.filter(summary__contains="Proposed “Phones away").exists()


def test_a_proposal_in_an_area_that_does_not_exist_is_refused_keeping_what_was_typed(
    client, project, participant
):
    other = DecisionRuleFactory()
    client.force_login(participant)
    response = client.post(
        reverse("decisions-propose", args=[project.slug]),
        {
            "kind": "ground-rule-new",
            "text": "Be on time.",
            "rule": other.pk,
            "closes_on": in_days(project, 3).isoformat(),
        },
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "That decision area does not exist in this project" in html
    assert 'value="Be on time."' in html
    assert not Proposal.objects.exists()


def test_a_deadline_in_the_past_is_refused(client, project, participant):
    client.force_login(participant)
    response = client.post(
        reverse("decisions-propose", args=[project.slug]),
        {"kind": "goal-new", "text": "Benches", "closes_on": in_days(project, -1).isoformat()},
    )
    assert response.status_code == 422
    assert "Choose a deadline that is today or later." in response.content.decode()


def test_an_unknown_kind_says_so(client, project, participant):
    client.force_login(participant)
    response = client.get(reverse("decisions-propose", args=[project.slug]) + "?kind=coup")
    assert response.status_code == 422
    assert "That is not a kind of proposal." in response.content.decode()


def test_two_members_agree_the_sweep_adopts_it_and_everyone_is_asked_to_agree_again(
    project, proposal, participant, facilitator
):
    GroundRuleFactory(project=project, text="Be kind.")
    do_respond(proposal=proposal, user=participant, answer="agree")
    do_respond(proposal=proposal, user=facilitator, answer="agree")
    assert close_due_proposals(now=later(project, 8)) == 1
    proposal.refresh_from_db()
    assert proposal.status == "adopted"
    assert proposal.ground_rule.text == "Phones away during meetings."
    assert GroundRule.objects.filter(project=project, text="Phones away during meetings.").exists()
    decision = Decision.objects.get(proposal=proposal)
    assert (decision.turnout, decision.eligible, decision.counts["agree"]) == (2, 2, 2)
    assert "Adopted by a simple majority: 2 for and 0 against." in decision.summary
    assert AuditEvent.objects.filter(
        summary="The group adopted the proposal “Phones away”."
    ).exists()
    assert AuditEvent.objects.filter(
        summary__startswith="Added a ground rule: “Phones away"
    ).exists()
    # A new version of the ground rules, as with any added rule.
    project.refresh_from_db()
    assert project.ground_rules_version == 1


def test_the_second_sweep_closes_nothing(project, proposal, participant):
    do_respond(proposal=proposal, user=participant, answer="agree")
    assert close_due_proposals(now=later(project, 8)) == 1
    assert close_due_proposals(now=later(project, 9)) == 0
    assert Decision.objects.count() == 1
    assert GroundRule.objects.filter(project=project).count() == 1


def test_nothing_closes_before_the_deadline(project, proposal):
    assert close_due_proposals(now=later(project, 6)) == 0
    proposal.refresh_from_db()
    assert proposal.status == "open"


def test_a_response_after_the_deadline_is_refused(client, project, proposal, participant):
    close_due_proposals(now=later(project, 8))
    client.force_login(participant)
    response = client.post(
        reverse("decisions-respond", args=[project.slug, proposal.pk]), {"answer": "agree"}
    )
    assert response.status_code == 422
    assert "This proposal has closed, so responses can no longer be changed." in (
        response.content.decode()
    )
    assert not proposal.responses.exists()


def test_a_block_without_a_reason_is_refused(client, project, participant, facilitator):
    consensus = DecisionRuleFactory(project=project, area="money", method="consensus")
    from decisions.actions import do_propose

    proposal = do_propose(
        project=project,
        by=facilitator,
        kind="free",
        title="Pay for taxis",
        background="Some cannot get here.",
        rule=consensus,
        closes_on=in_days(project, 5),
    )
    client.force_login(participant)
    url = reverse("decisions-respond", args=[project.slug, proposal.pk])
    response = client.post(url, {"answer": "block", "reason": "  "})
    assert response.status_code == 422
    assert (
        "Say why you block it, so the proposer knows what to change." in response.content.decode()
    )
    assert not proposal.responses.exists()
    client.post(url, {"answer": "block", "reason": "We cannot afford it."})
    assert "1 member blocks it, so there is no consensus yet" in page(client, proposal)


def test_a_block_is_refused_where_the_rule_is_not_consensus(client, project, proposal, participant):
    client.force_login(participant)
    url = reverse("decisions-respond", args=[project.slug, proposal.pk])
    response = client.post(url, {"answer": "block", "reason": "No."})
    assert response.status_code == 422
    assert "Select a valid choice." in response.content.decode()


def test_a_response_can_be_changed_until_the_deadline_and_counts_once(
    project, proposal, participant
):
    do_respond(proposal=proposal, user=participant, answer="disagree")
    do_respond(proposal=proposal, user=participant, answer="agree")
    assert list(proposal.responses.values_list("answer", flat=True)) == ["agree"]


def test_a_response_saved_again_unchanged_stays_as_it_was(client, project, proposal, participant):
    do_respond(proposal=proposal, user=participant, answer="disagree", reason="Too strict")
    before = list(proposal.responses.values())
    client.force_login(participant)
    html = page(client, proposal)
    assert 'value="disagree" required id="id_answer_2" checked' in html
    url = reverse("decisions-respond", args=[project.slug, proposal.pk])
    client.post(url, {"answer": "disagree", "reason": "Too strict"})
    assert list(proposal.responses.values()) == before


def test_an_observer_cannot_respond(client, project, proposal, observer):
    client.force_login(observer)
    url = reverse("decisions-respond", args=[project.slug, proposal.pk])
    assert client.post(url, {"answer": "agree"}).status_code == 403


def test_a_facilitators_decision_refuses_a_participant_with_a_message(
    client, project, participant, facilitator
):
    only_facilitators = DecisionRuleFactory(project=project, who="facilitators", method="majority")
    from decisions.actions import do_propose

    proposal = do_propose(
        project=project,
        by=facilitator,
        kind="free",
        title="Hire a room",
        background="x",
        rule=only_facilitators,
        closes_on=in_days(project, 5),
    )
    client.force_login(participant)
    url = reverse("decisions-respond", args=[project.slug, proposal.pk])
    response = client.post(url, {"answer": "agree"})
    assert response.status_code == 422
    assert "This decision is not yours to take part in." in response.content.decode()


def test_revising_asks_those_who_responded_again_and_their_old_response_no_longer_counts(
    project, proposal, participant, facilitator
):
    do_respond(proposal=proposal, user=facilitator, answer="agree")
    do_revise_proposal(
        proposal=proposal,
        by=participant,
        version=Proposal.objects.get(pk=proposal.pk).version,
        title="Phones on silent",
        background="",
        closes_on=in_days(project, 7),
        change={"text": "Phones on silent during meetings."},
    )
    told = Reminder.objects.pending().filter(
        kind="proposal_closing",
        recipient=facilitator,
        title__contains="has changed since you responded",
    )
    assert told.exists()
    close_due_proposals(now=later(project, 8))
    proposal.refresh_from_db()
    # Nobody responded to the new wording: no votes, no majority, and no fall-back.
    assert proposal.status == "rejected"
    assert "0 for and 0 against" in proposal.outcome


def test_the_closing_reminder_goes_only_to_members_who_have_not_responded(
    project, proposal, participant, facilitator
):
    pending = Reminder.objects.pending().filter(kind="proposal_closing")
    assert set(pending.values_list("recipient", flat=True)) == {participant.pk, facilitator.pk}
    do_respond(proposal=proposal, user=participant, answer="agree")
    assert set(pending.values_list("recipient", flat=True)) == {facilitator.pk}
    mail.outbox.clear()
    send_due_reminders(now=proposal.closes_at - datetime.timedelta(hours=30))
    assert [m.to for m in mail.outbox] == [[facilitator.email]]
    assert "Respond to the proposal “Phones away”" in mail.outbox[0].subject
    assert "Open: until the end of" in mail.outbox[0].body


def test_the_proposer_and_facilitators_are_told_the_outcome(
    project, proposal, participant, facilitator
):
    do_respond(proposal=proposal, user=participant, answer="agree")
    closed_at = later(project, 8)
    close_due_proposals(now=closed_at)
    mail.outbox.clear()
    send_due_reminders(now=closed_at + datetime.timedelta(minutes=1))
    told = {m.to[0]: m.subject for m in mail.outbox}
    assert told == {
        participant.email: "Reminder: The proposal “Phones away” was adopted",
        facilitator.email: "Reminder: The proposal “Phones away” was adopted",
    }


def test_a_goal_proposal_adds_the_goal(project, participant, facilitator):
    from decisions.actions import do_propose

    proposal = do_propose(
        project=project,
        by=participant,
        kind="goal-new",
        title="Benches",
        closes_on=in_days(project, 2),
        change={"text": "Benches on every street", "measure": "Count"},
    )
    do_respond(proposal=proposal, user=facilitator, answer="agree")
    close_due_proposals(now=later(project, 3))
    proposal.refresh_from_db()
    # The default area: a simple majority with at least half taking part (1 of 2).
    assert proposal.status == "adopted"
    assert Goal.objects.get(project=project).text == "Benches on every street"


def test_a_change_to_a_removed_ground_rule_is_adopted_and_says_nothing_changed(
    project, participant, facilitator
):
    from decisions.actions import do_propose

    target = GroundRuleFactory(project=project, text="Be kind.")
    proposal = do_propose(
        project=project,
        by=participant,
        kind="ground-rule-remove",
        title="Drop it",
        closes_on=in_days(project, 2),
        ground_rule=target,
    )
    do_respond(proposal=proposal, user=facilitator, answer="agree")
    target.delete()
    close_due_proposals(now=later(project, 3))
    proposal.refresh_from_db()
    assert (
        "Nothing was changed: the ground rule it would change had been removed." in proposal.outcome
    )


def test_the_lead_records_the_decision_after_consulting(client, project, participant, facilitator):
    from decisions.actions import do_propose

    lead = DecisionRuleFactory(project=project, who="lead", method="lead", area="publications")
    proposal = do_propose(
        project=project,
        by=participant,
        kind="free",
        title="Publish in easy read",
        background="So everyone can read it.",
        rule=lead,
        closes_on=in_days(project, 2),
    )
    close_due_proposals(now=later(project, 3))
    proposal.refresh_from_db()
    assert proposal.status == "deciding"
    client.force_login(facilitator)
    url = reverse("decisions-decide", args=[project.slug, proposal.pk])
    response = client.post(url, {"result": "adopted", "reason": ""})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    client.post(url, {"result": "adopted", "reason": "Everyone asked for it."})
    proposal.refresh_from_db()
    assert proposal.status == "adopted"
    assert "Reason: Everyone asked for it." in proposal.decision.summary


def test_private_responses_show_only_counts(client, project, proposal, participant, facilitator):
    do_respond(proposal=proposal, user=facilitator, answer="disagree", reason="Too strict")
    client.force_login(participant)
    assert "Too strict" in page(client, proposal)
    client.force_login(facilitator)
    client.post(reverse("decisions-settings", args=[project.slug]), {"responses_private": "on"})
    client.force_login(participant)
    html = page(client, proposal)
    assert "Too strict" not in html
    assert "members see only how many responded each way" in html


def test_the_decision_log_filters_by_area_and_downloads_as_csv(
    client, project, proposal, participant
):
    do_respond(proposal=proposal, user=participant, answer="agree")
    close_due_proposals(now=later(project, 8))
    client.force_login(participant)
    log = reverse("decisions-log", args=[project.slug])
    assert "Phones away" in client.get(log + "?area=how+we+behave").content.decode()
    response = client.get(log + "?area=nowhere")
    assert response.status_code == 422
    assert "That decision area does not exist in this project" in response.content.decode()
    csv = client.get(reverse("decisions-log-csv", args=[project.slug])).content.decode()
    assert csv.splitlines()[0].startswith("decided_on,area,decision,how,result")
    assert "Phones away,Simple majority" in csv


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_of_the_list_and_a_proposal_are_flat_at_10_and_1000_proposals(
    client, project, proposal, participant, facilitator
):
    do_comment(proposal=proposal, by=facilitator, text="First")
    client.force_login(participant)
    proposals = reverse("decisions-proposals", args=[project.slug])
    client.get(proposals)  # the first request after logging in also saves the session
    counts = {}
    for size, members in ((10, 5), (1000, 50)):
        have = Proposal.objects.filter(project=project).count()
        Proposal.objects.bulk_create(
            Proposal(
                project=project,
                kind="free",
                title=f"P{i}",
                area="x",
                terms=proposal.terms,
                proposed_by=participant,
                closes_at=proposal.closes_at,
            )
            for i in range(have, size)
        )
        for member in MembershipFactory.create_batch(members, project=project):
            do_respond(proposal=proposal, user=member.user, answer="agree")
            do_comment(proposal=proposal, by=member.user, text="Agreed")
        counts[size] = (
            queries_of(client, proposals),
            queries_of(client, proposals + "?page=2&status=open"),
            queries_of(client, proposal.get_absolute_url()),
        )
    assert counts[10] == counts[1000], counts


def post_proposal(client, project, kind: str, query: str = "", **data):
    url = reverse("decisions-propose", args=[project.slug]) + query
    data = {"kind": kind, "closes_on": in_days(project, 2).isoformat(), **data}
    return client.post(url, data)


def test_each_kind_of_change_is_made_once_adopted(client, project, participant, facilitator):
    rule = DecisionRuleFactory(project=project, area="rooms", method="consensus")
    item = CommunicationItemFactory(project=project, purpose="News", audience="Residents")
    goal = GoalFactory(project=project, text="Benches")
    client.force_login(participant)
    responses = [
        post_proposal(
            client,
            project,
            "decision-rule-change",
            f"?decision_rule={rule.pk}",
            decision_rule=rule.pk,
            title="Vote on rooms",
            **{"rule-who": "whole-group", "rule-method": "majority", "rule-quorum": "half"},
        ),
        post_proposal(
            client,
            project,
            "communication-change",
            communication_item=item.pk,
            audience="Everyone",
            purpose="News",
            channel="email",
            frequency="monthly",
        ),
        post_proposal(client, project, "goal-change", goal=goal.pk, text="Benches and shade"),
        post_proposal(
            client,
            project,
            "invite",
            name="Market Traders",
            is_organisation="on",
            category="community_group",
        ),
    ]
    assert [r.status_code for r in responses] == [302] * 4, [
        r.content.decode()[:3000] for r in responses if r.status_code != 302
    ]
    for proposal in Proposal.objects.all():
        do_respond(proposal=proposal, user=facilitator, answer="agree")
    assert close_due_proposals(now=later(project, 3)) == 4
    rule.refresh_from_db()
    item.refresh_from_db()
    goal.refresh_from_db()
    assert (rule.method, rule.quorum) == ("majority", "half")
    assert item.audience == "Everyone"
    assert goal.text == "Benches and shade"
    assert project.stakeholders.get(name="Market Traders").is_organisation
    assert set(Proposal.objects.values_list("status", flat=True)) == {"adopted"}


def test_a_rule_change_that_cannot_be_a_rule_is_refused(client, project, participant):
    rule = DecisionRuleFactory(project=project, area="rooms", method="consensus")
    client.force_login(participant)
    response = post_proposal(
        client,
        project,
        "decision-rule-change",
        f"?decision_rule={rule.pk}",
        decision_rule=rule.pk,
        title="Lead decides",
        **{"rule-who": "whole-group", "rule-method": "lead"},
    )
    assert response.status_code == 422
    assert "“After asking everyone” is for a few people who decide for the group." in (
        response.content.decode().replace("&#x27;", "'")
    )
    assert not Proposal.objects.exists()


def test_a_ground_rule_offers_a_proposal_to_change_it_to_members_who_may_propose(
    client, project, participant, observer
):
    rule = GroundRuleFactory(project=project, text="Be kind.")
    client.force_login(participant)
    html = client.get(reverse("agreements-ground-rules", args=[project.slug])).content.decode()
    link = f"?kind=ground-rule-change&amp;ground_rule={rule.pk}"
    assert link in html
    form = client.get(
        reverse("decisions-propose", args=[project.slug]) + link.replace("&amp;", "&")
    ).content.decode()
    assert 'value="Be kind."' in form
    client.force_login(observer)
    html = client.get(reverse("agreements-ground-rules", args=[project.slug])).content.decode()
    assert "Propose a change" not in html
