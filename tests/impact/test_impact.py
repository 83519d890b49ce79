"""You said, we did: contributions, what changed because of them, each member's page (an
anonymous comment linked without saying whose), the weekly digest, the charter and reports."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from charter.content import gather_charter
from impact.actions import do_record_impact, do_set_my_digest, do_set_project_digest
from impact.demo import add_many_impact
from impact.models import Contribution, ImpactEntry
from impact.part import ImpactPart
from impact.sources import comment_source
from powercheck.models import Answer
from projects.models import Membership
from reminders.models import Reminder
from reminders.sweep import build_email
from tests.factories import (
    ContributionFactory,
    MembershipFactory,
    ResponseFactory,
    RoundFactory,
    answer_every_statement,
)

pytestmark = pytest.mark.django_db


def m(user) -> Membership:
    return Membership.objects.get(user=user)


def url(name: str, project, *args) -> str:
    return reverse(name, args=[project.slug, *args])


def entry_form(**changes) -> dict:
    data = {
        "what_changed": "A dropped kerb at the school crossing",
        "for_whom": "Wheelchair users",
        "changed_on": timezone.localdate().isoformat(),
    }
    return {**data, **changes}


def test_a_member_sees_what_changed_because_of_their_point(
    as_user, project, facilitator, participant, observer
):
    point = ContributionFactory(
        project=project,
        kind="meeting-point",
        text="No dropped kerb",
        member=m(participant),
        consent=True,
    )
    response = as_user(facilitator).post(
        url("impact-create", project), entry_form(contributions=[point.pk])
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.outcome == Contribution.Outcome.ADOPTED
    page = as_user(participant).get(url("impact-mine", project)).content.decode()
    assert "No dropped kerb" in page and "Adopted" in page
    assert "A dropped kerb at the school crossing" in page
    assert (
        "No dropped kerb" not in as_user(observer).get(url("impact-mine", project)).content.decode()
    )


def test_an_impact_entry_without_what_changed_is_refused_and_keeps_what_was_typed(
    as_user, project, facilitator
):
    response = as_user(facilitator).post(url("impact-create", project), entry_form(what_changed=""))
    assert response.status_code == 422
    assert "Wheelchair users" in response.content.decode()
    assert not ImpactEntry.objects.exists()


def test_a_point_is_named_only_with_consent(as_user, project, facilitator, participant):
    data = {"kind": "meeting-point", "text": "More benches", "member": m(participant).pk}
    refused = as_user(facilitator).post(url("impact-contribution-create", project), data)
    assert refused.status_code == 422
    assert "named only with consent" in refused.content.decode()
    as_user(facilitator).post(url("impact-contribution-create", project), {**data, "member": ""})
    unnamed = Contribution.objects.get()
    assert unnamed.member is None
    page = as_user(facilitator).get(url("impact-contributions", project)).content.decode()
    assert "More benches" in page and "Not named" in page


def test_not_taken_forward_needs_a_reason_the_member_then_reads(
    as_user, project, facilitator, participant
):
    idea = ContributionFactory(project=project, text="Close the road", member=m(participant))
    outcome = url("impact-contribution-outcome", project, idea.pk)
    refused = as_user(facilitator).post(outcome, {"outcome": "not-taken", "reason": ""})
    assert refused.status_code == 422
    as_user(facilitator).post(outcome, {"outcome": "not-taken", "reason": "The bus uses it"})
    page = as_user(participant).get(url("impact-mine", project)).content.decode()
    assert "Not taken forward" in page and "The bus uses it" in page


def closed_anonymous_round(project, writer):
    past = timezone.now() - datetime.timedelta(days=1)
    round = RoundFactory(project=project, anonymous=True, closes_at=past, closed_at=past)
    members = [m(writer)] + [MembershipFactory(project=project) for _ in range(2)]
    for member in members:
        answer_every_statement(ResponseFactory(round=round, member=member), 2)
    mine = Answer.objects.filter(response__member=m(writer)).first()
    Answer.objects.filter(pk=mine.pk).update(comment="We never meet in the evening")
    return mine


def test_an_anonymous_comment_is_linked_without_saying_whose_it_was(
    as_user, project, facilitator, participant, observer
):
    mine = closed_anonymous_round(project, participant)
    form = as_user(facilitator).get(url("impact-contribution-create", project)).content.decode()
    assert "We never meet in the evening" in form
    # The form offers a keyed hash, never the answer's id.
    assert comment_source(mine.pk) in form
    assert not re.search(
        rf'value="[^"]*\b{mine.pk}"', form.split("power_comment")[1].split("</select>")[0]
    )
    as_user(facilitator).post(
        url("impact-contribution-create", project),
        {"kind": "suggestion", "power_comment": comment_source(mine.pk)},
    )
    comment = Contribution.objects.get()
    assert (comment.kind, comment.member, comment.text) == (
        "power-comment",
        None,
        "We never meet in the evening",
    )
    do_record_impact(
        project=project,
        what_changed="Evening meetings",
        for_whom="People who work",
        changed_on=timezone.localdate(),
        contributions=[comment],
    )
    page = as_user(participant).get(url("impact-mine", project)).content.decode()
    assert "Only you can see it is yours." in page and "Evening meetings" in page
    other = as_user(observer).get(url("impact-mine", project)).content.decode()
    assert "We never meet in the evening" not in other
    listing = as_user(facilitator).get(url("impact-contributions", project)).content.decode()
    assert "Anonymous" in listing and participant.name not in listing
    assert ImpactPart().export_project(project)["contributions"][0]["member"] is None


def test_the_digest_is_off_until_the_project_and_the_member_turn_it_on(
    project, facilitator, participant
):
    def record():
        do_record_impact(
            project=project,
            what_changed="Benches",
            for_whom="Residents",
            changed_on=timezone.localdate(),
        )

    record()
    assert not Reminder.objects.filter(kind=Reminder.Kind.DIGEST).exists()
    do_set_my_digest(membership=m(participant), enabled=True)
    assert not Reminder.objects.filter(kind=Reminder.Kind.DIGEST).exists()
    do_set_project_digest(project=project, enabled=True, by=facilitator)
    record()
    record()
    (digest,) = Reminder.objects.pending().filter(kind=Reminder.Kind.DIGEST)
    assert digest.recipient == participant
    assert timezone.localtime(digest.due_at, project.zone).weekday() == 0
    assert digest.title == "Healthy Streets: 3 changes recorded · 0 meetings coming up"
    email = build_email(digest, m(participant).pk)
    assert email.subject == digest.title
    assert "What changed in the project, and what is coming up" in email.body
    assert url("impact-mine", project) in email.body


def test_the_charter_says_what_has_changed_so_far_and_notices_a_new_entry(project, facilitator):
    from charter.freshness import get_fingerprint

    before = get_fingerprint(project)
    do_record_impact(
        project=project,
        what_changed="Benches <on> Station Road",
        for_whom="Older residents",
        changed_on=datetime.date(2026, 11, 3),
    )
    (section,) = [s for s in gather_charter(project)["sections"] if s["id"] == "changes"]
    assert section["data"]["entries"][0]["what_changed"] == "Benches <on> Station Road"
    sentences = ImpactPart().charter_changes(before, get_fingerprint(project))
    assert sentences == ["1 change was recorded."]


def test_reports_can_cite_each_impact_entry(project):
    entry = do_record_impact(
        project=project,
        what_changed="Benches",
        for_whom="Older residents",
        changed_on=datetime.date(2026, 11, 3),
        contributions=[ContributionFactory(project=project)],
    )
    (evidence,) = ImpactPart().report_evidence(project)
    assert evidence.key == str(entry.pk)
    assert evidence.summary == (
        "On 3 November 2026, for Older residents: Benches (1 contribution led to it)."
    )
    assert (evidence.standards, evidence.gripp2) == (("impact",), ("results", "discussion"))


def test_erasing_a_person_removes_what_was_attributed_to_them(project, participant):
    ContributionFactory(project=project, member=m(participant), text="Mine")
    ImpactPart().erase_person(participant)
    assert not Contribution.objects.filter(text="Mine").exists()


@pytest.mark.parametrize(("name", "queries"), [("impact-list", 8), ("impact-mine", 9)])
@pytest.mark.parametrize("count", [10, 500])
def test_pages_query_count_is_flat(
    as_user, project, facilitator, participant, count, name, queries, django_assert_num_queries
):
    add_many_impact(project, count=count)
    Contribution.objects.update(member=m(participant), consent=True)
    client = as_user(participant)
    with django_assert_num_queries(queries):
        response = client.get(url(name, project))
    assert response.status_code == 200
