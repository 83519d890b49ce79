"""The policy: dated rates, a preset that cites its source and adds no figures, everyone reads
it, and the charter prints it without anyone's amounts."""

import datetime
from decimal import Decimal

from django.urls import reverse

from charter.content import gather_charter
from charter.freshness import get_fingerprint
from projects.models import Project
from projects.parts import get_parts
from reciprocity.actions import do_apply_preset, do_decide_time, do_save_policy
from reciprocity.models import Rate
from reciprocity.part import ReciprocityPart
from tests.reciprocity import helpers


def test_a_rate_applies_by_the_date_of_the_work(project, facilitator):
    helpers.rate(project, facilitator, amount="15.00", since=datetime.date(2030, 1, 1))
    helpers.rate(project, facilitator, amount="16.00", since=datetime.date(2030, 4, 1))
    rates = Rate.objects.filter(project=project)
    assert rates.in_force(datetime.date(2030, 3, 31))["meeting"].amount == Decimal("15.00")
    assert rates.in_force(datetime.date(2030, 4, 1))["meeting"].amount == Decimal("16.00")
    assert rates.in_force(datetime.date(2029, 12, 31)) == {}


def test_time_before_a_change_is_paid_at_the_old_rate(project, facilitator, participant):
    helpers.rate(project, facilitator, amount="15.00", since=datetime.date(2030, 1, 1))
    helpers.rate(project, facilitator, amount="16.00", since=datetime.date(2030, 4, 1))
    helpers.paid(project, participant)
    before = helpers.time(project, participant, hours="2", day=datetime.date(2030, 3, 31))
    after = helpers.time(project, participant, hours="2", day=datetime.date(2030, 4, 2))
    assert do_decide_time(entry=before, approve=True, by=facilitator).amount == Decimal("30.00")
    assert do_decide_time(entry=after, approve=True, by=facilitator).amount == Decimal("32.00")


def test_a_half_day_begun_is_paid_as_a_whole_one(project, facilitator):
    rate = helpers.rate(project, facilitator, amount="65.00", unit="half_day")
    assert rate.pay_for(Decimal("2")) == Decimal("65.00")
    assert rate.pay_for(Decimal("4")) == Decimal("65.00")
    assert rate.pay_for(Decimal("4.5")) == Decimal("130.00")


def test_hourly_pay_is_rounded_to_the_penny(project, facilitator):
    rate = helpers.rate(project, facilitator, amount="12.21")
    assert rate.pay_for(Decimal("0.25")) == Decimal("3.05")  # 3.0525


def test_the_preset_cites_its_source_and_adds_no_figures(project, facilitator):
    policy = do_apply_preset(project=project, preset="nihr", by=facilitator)
    assert policy.source_title.startswith("NIHR")
    assert policy.source_url.startswith("https://www.nihr.ac.uk/")
    assert policy.source_version and policy.source_effective
    assert policy.expenses and policy.methods
    assert not project.rates.exists()


def test_every_member_reads_the_policy(client, project, facilitator, observer):
    helpers.policy(project, facilitator, how_to_claim="Send a photo of the receipt.")
    helpers.rate(project, facilitator, amount="16.00", since=datetime.date(2030, 4, 1))
    client.force_login(observer)
    page = client.get(reverse("reciprocity-index", args=[project.slug])).content.decode()
    assert "£16.00 per hour" in page
    assert "1 April 2030" in page
    assert "Send a photo of the receipt." in page
    assert "Bank transfer" in page


def test_an_empty_policy_says_what_to_do(client, project, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("reciprocity-index", args=[project.slug])).content.decode()
    assert "has not agreed a payment and recognition policy yet" in page
    assert "Write the policy" in page


def test_a_negative_rate_is_refused_and_what_was_typed_is_kept(client, project, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("reciprocity-rate-create", args=[project.slug]),
        {
            "activity": "meeting",
            "unit": "hour",
            "amount": "-5",
            "effective_from": "2030-01-01",
            "source": "Our own figure",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "There is a problem" in page
    assert "not a negative one" in page
    assert 'value="Our own figure"' in page
    assert not project.rates.exists()


def test_saving_a_policy_someone_else_changed_keeps_what_was_typed(client, project, facilitator):
    policy = helpers.policy(project, facilitator)
    stale = policy.version
    do_save_policy(project=project, version=stale, by=facilitator, how_to_claim="Theirs")
    client.force_login(facilitator)
    response = client.post(
        reverse("reciprocity-policy-update", args=[project.slug]),
        {
            "version": stale,
            "currency": "GBP",
            "how_to_claim": "Mine",
            "respond_within_days": "5",
            "pay_within_days": "10",
        },
    )
    assert response.status_code == 422
    assert "Someone else saved this" in response.content.decode()
    policy.refresh_from_db()
    assert policy.how_to_claim == "Theirs"


def test_the_charter_prints_the_policy_and_never_anyones_amounts(project, facilitator, participant):
    helpers.policy(project, facilitator, how_to_claim="Claim monthly.")
    helpers.rate(project, facilitator, amount="16.00")
    helpers.claim(project, participant, amount="987.65", description="Taxi home")
    section = next(s for s in gather_charter(project)["sections"] if s["id"] == "payment")
    printed = repr(section["data"])
    assert "£16.00" in printed and "Claim monthly." in printed
    assert "987.65" not in printed and "Taxi home" not in printed


def test_the_charter_knows_when_the_policy_or_a_rate_changed(project, facilitator):
    helpers.policy(project, facilitator)
    before = get_fingerprint(project)
    helpers.rate(project, facilitator, amount="16.00")
    do_save_policy(project=project, version=None, by=facilitator, pay_within_days=7)
    now = get_fingerprint(Project.objects.get(pk=project.pk))
    sentences = ReciprocityPart().charter_changes(before, now)
    assert "The payment and recognition policy changed." in sentences
    assert "1 payment rate was added." in sentences


def test_reports_cite_the_policy_never_amounts(project, facilitator, participant):
    helpers.policy(project, facilitator)
    helpers.rate(project, facilitator)
    helpers.claim(project, participant, amount="43.21")
    part = next(p for p in get_parts() if isinstance(p, ReciprocityPart))
    [evidence] = part.report_evidence(project)
    assert "support_and_learning" in evidence.standards
    assert "inclusive_opportunities" in evidence.standards
    assert evidence.gripp2 == ("methods",)
    assert "meetings" in evidence.summary and "within 10 days" in evidence.summary
    assert "43.21" not in evidence.summary
