"""The demo project has a policy, logged time, claims in each state and statements."""

from django.core.management import call_command

from projects.models import Project
from reciprocity.models import Claim, TimeEntry
from reciprocity.records import get_contributor, get_policy
from reciprocity.statements import get_statement


def test_the_demo_has_a_policy_time_claims_in_every_state_and_a_statement(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", "pw-demo", verbosity=0)
    project = Project.objects.get()
    policy = get_policy(project)
    assert policy.source_title and policy.how_to_claim
    assert project.rates.count() == 4
    assert set(Claim.objects.values_list("status", flat=True)) == set(Claim.Status.values)
    assert all(claim.receipt for claim in Claim.objects.all())
    statuses = set(TimeEntry.objects.values_list("status", flat=True))
    assert {TimeEntry.Status.APPROVED, TimeEntry.Status.SUBMITTED} <= statuses
    participant = project.memberships.get(user__email="participant@example.org").user
    statement = get_statement(project, participant, get_contributor(project, participant), "GBP")
    assert statement.totals["time_amount"] > 0 and statement.totals["expenses_paid"] > 0
