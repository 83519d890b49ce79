"""A facilitator's export of a whole project, and a person's download of their own data."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import GroundRuleAgreement
from decisions.actions import do_comment, do_propose, do_record_decision, do_respond
from powercheck.actions import do_close_round
from powercheck.models import Answer, Checklist, Question
from projects.models import Membership
from stakeholders.actions import do_invite_stakeholder
from tests.factories import (
    ActionFactory,
    CommunicationItemFactory,
    ContributionFactory,
    DecisionRuleFactory,
    GroundRuleFactory,
    ImpactEntryFactory,
    MeetingFactory,
    MembershipFactory,
    ResponseFactory,
    RoundFactory,
    StakeholderFactory,
)


def export(client, project) -> dict:
    return json.loads(client.get(reverse("projects-export", args=[project.slug])).content)


def answer(response, comment: str = "") -> None:
    question = Question.objects.filter(section__checklist=Checklist.default()).first()
    Answer.objects.create(response=response, question=question, score=3, comment=comment)


@pytest.fixture
def full_project(project, facilitator, participant):
    membership = Membership.objects.get(user=participant)
    StakeholderFactory(
        project=project, name="Rosa Diaz", access_needs="Step-free venue", user=participant
    )
    invitee = StakeholderFactory(project=project, name="Sam Lee")
    do_invite_stakeholder(stakeholder=invitee, role="participant", invited_by=facilitator)
    DecisionRuleFactory(project=project, area="the budget")
    GroundRuleFactory(project=project, text="Everyone's knowledge counts")
    GroundRuleAgreement.objects.create(membership=membership, version=1)
    CommunicationItemFactory(project=project, audience="Residents", owner=membership)
    secret = RoundFactory(project=project, title="Spring check", anonymous=True)
    answer(ResponseFactory(round=secret, member=membership), comment="Nobody listens to us")
    for _ in range(2):
        answer(ResponseFactory(round=secret))
    do_close_round(round=secret)  # anonymous: its comments are exported once it has closed
    named = RoundFactory(project=project, title="Autumn check", anonymous=False)
    answer(ResponseFactory(round=named, member=membership))
    return project


def test_project_export_holds_every_part_of_the_project(as_user, facilitator, full_project):
    data = export(as_user(facilitator), full_project)
    rosa, sam = data["stakeholders"]
    assert (rosa["name"], rosa["access_needs"]) == ("Rosa Diaz", "Step-free venue")
    assert sam["invitations"][0]["status"] == "sent"
    assert "Decisions about the budget" in data["decision_rules"][0]["sentence"]
    assert data["ground_rules"]["rules"] == ["Everyone's knowledge counts"]
    assert data["ground_rules"]["agreements"][0]["version"] == 1
    assert data["communication_plan"][0]["audience"] == "Residents"
    assert {r["title"] for r in data["power_checks"]} == {"Spring check", "Autumn check"}
    assert any(e["what"].startswith("Exported") for e in data["timeline"])


def test_project_export_never_holds_invitation_tokens(as_user, facilitator, full_project):
    text = as_user(facilitator).get(reverse("projects-export", args=[full_project.slug]))
    invitation = full_project.stakeholders.get(name="Sam Lee").invitations.get()
    assert invitation.token_hash not in text.content.decode()
    assert "token" not in text.content.decode()


def test_anonymous_rounds_stay_anonymous_in_the_export(
    as_user, facilitator, participant, full_project
):
    rounds = {r["title"]: r for r in export(as_user(facilitator), full_project)["power_checks"]}
    secret = json.dumps(rounds["Spring check"])
    assert "Nobody listens to us" in secret, "what was said is kept"
    for identifying in [participant.display_name, participant.email, "perspective", "submitted"]:
        assert identifying not in secret
    named = rounds["Autumn check"]["responses"][0]
    assert named["member"] == participant.display_name


def propose_and_comment(project, user, title: str) -> None:
    proposal = do_propose(
        project=project,
        by=user,
        kind="free",
        title=title,
        background="Why",
        closes_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    do_respond(proposal=proposal, user=user, answer="agree")
    do_comment(proposal=proposal, by=user, text="A comment")
    do_record_decision(
        project=project,
        rule=None,
        text=title,
        method="",
        present=3,
        result="adopted",
        decided_at=timezone.now(),
        source_label="Meeting",
    )


def test_export_takes_the_same_queries_however_big_the_project(
    as_user, facilitator, full_project, django_assert_num_queries
):
    client = as_user(facilitator)
    url = reverse("projects-export", args=[full_project.slug])

    def meeting_and_impact():
        held = MeetingFactory(project=full_project)
        ActionFactory(meeting=held, owner=full_project.memberships.first())
        entry = ImpactEntryFactory(project=full_project)
        entry.contributions.add(ContributionFactory(project=full_project))

    propose_and_comment(full_project, facilitator, "First")
    meeting_and_impact()
    # Session, user and access check, then one or two per kind of row; the power check's
    # totals take the same few queries for every round together (scoring.get_results_of);
    # one per kind of person the timeline names (here the stakeholder invited).
    queries = 58
    with django_assert_num_queries(queries):
        client.get(url)
    spring = full_project.power_rounds.get(title="Spring check")
    for n in range(5):
        StakeholderFactory(project=full_project)
        GroundRuleFactory(project=full_project, text=f"Rule {n}")
        DecisionRuleFactory(project=full_project, area=f"area {n}")
        member = MembershipFactory(project=full_project)
        CommunicationItemFactory(project=full_project, owner=member)
        answer(ResponseFactory(round=spring, member=member), comment=f"Comment {n}")
        ResponseFactory(round=RoundFactory(project=full_project, anonymous=n % 2 == 0))
        invitee = StakeholderFactory(project=full_project, email=f"invitee{n}@example.org")
        do_invite_stakeholder(stakeholder=invitee, role="participant", invited_by=facilitator)
        propose_and_comment(full_project, member.user, f"Proposal {n}")
        meeting_and_impact()
    with django_assert_num_queries(queries):
        client.get(url)


def test_a_person_downloads_what_is_held_about_them_and_nobody_else(
    as_user, participant, full_project
):
    response = as_user(participant).get(reverse("account-data"))
    data = json.loads(response.content)
    assert [(s["name"], s["access_needs"]) for s in data["recorded_about_you"]] == [
        ("Rosa Diaz", "Step-free venue")
    ]
    comments = [a["comment"] for r in data["your_power_check_answers"] for a in r["answers"]]
    assert "Nobody listens to us" in comments, "their own anonymous answers are theirs to see"
    assert data["ground_rule_agreements"][0]["version"] == 1
    assert data["communication_items_you_send"][0]["audience"] == "Residents"
    assert "Sam Lee" not in response.content.decode()
