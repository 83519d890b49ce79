import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from agreements.models import CommunicationItem, DecisionRule, GroundRuleAgreement, Principle
from projects.models import Goal, Membership, Project
from reminders.models import Reminder
from reminders.part import add_many_reminders
from reminders.sweep import send_due_reminders
from tests.factories import MembershipFactory


def test_seed_demo_is_safe_to_run_twice(db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", "--password", "pw-demo")
    call_command("seed_demo", "--password", "pw-demo")
    assert Project.objects.count() == 1
    project = Project.objects.get()
    assert Goal.objects.filter(project=project).count() == 3
    assert set(Membership.objects.values_list("role", flat=True)) == {
        "facilitator",
        "participant",
        "observer",
    }
    assert "facilitator@example.org" in capsys.readouterr().out


def test_seed_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=False"):
        call_command("seed_demo")
    assert not Project.objects.exists()


def test_seed_demo_fills_in_the_agreements(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", "pw-demo")
    project = Project.objects.get()
    assert Principle.objects.filter(project=project).exclude(meaning="").count() == 5
    assert project.decision_rules.count() == 4
    statuses = {m.user.email: m for m in GroundRuleAgreement.member_statuses(project)}
    assert statuses["facilitator@example.org"].agreed_current
    assert statuses["participant@example.org"].agreed_version is not None
    assert not statuses["participant@example.org"].agreed_current
    assert project.communication_items.overdue().count() == 1
    assert any(item.is_due_soon() for item in project.communication_items.all())


def test_seed_demo_large_has_many_rules_and_items(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--size", "large", "--password", "pw-demo")
    assert DecisionRule.objects.count() == 50
    assert CommunicationItem.objects.count() == 100


def test_seed_demo_maps_stakeholders_with_a_reach_gap(db, settings):
    from stakeholders.models import Invitation, Stakeholder
    from stakeholders.reach import get_reach

    settings.DEBUG = True
    call_command("seed_demo")
    project = Project.objects.get()
    assert 18 <= Stakeholder.objects.filter(project=project).count() <= 25
    statuses = {invitation.status for invitation in Invitation.objects.all()}
    assert {"sent", "accepted"} <= statuses
    reach = get_reach(project)
    assert any("policymaker" in sentence for sentence in reach.shortfalls)
    pat = Stakeholder.objects.get(name="Pat Morgan")
    assert pat.user.email == "participant@example.org"


def test_seed_demo_large_maps_a_thousand_stakeholders(db, settings):
    from stakeholders.models import Stakeholder

    settings.DEBUG = True
    call_command("seed_demo", "--size", "large")
    assert Stakeholder.objects.count() >= 1000


def test_seed_demo_has_a_closed_round_with_a_gap_and_an_open_round(db, settings):
    from powercheck.models import Round
    from powercheck.scoring import get_results

    settings.DEBUG = True
    call_command("seed_demo")
    closed, open_ = Round.objects.get(status="closed"), Round.objects.get(status="open")
    assert open_.is_open() and not closed.is_open()
    results = get_results(closed)
    roles = set(closed.responses.values_list("member__role", flat=True))
    assert roles == {"facilitator", "participant"}
    assert results.gaps, "some section should show a perception gap of 15 or more"
    assert get_results(open_).previous_round == closed


def test_seed_demo_large_has_three_rounds_of_about_200_responses(db, settings):
    from powercheck.models import Round

    settings.DEBUG = True
    call_command("seed_demo", "--size", "large")
    counts = [r.responses.filter(submitted_at__isnull=False).count() for r in Round.objects.all()]
    assert len(counts) == 3 and all(200 <= n <= 210 for n in counts), counts


def test_seed_demo_leaves_reminders_due_now_for_a_first_sweep(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", "pw-demo")
    assert Reminder.objects.filter(kind="charter_review").exists()
    assert Reminder.objects.pending().count() >= 4
    assert send_due_reminders().sent >= 2
    assert Reminder.objects.pending().exists(), "some stay for later"


def test_many_reminders_are_bulk_created_with_the_asked_share_due(db):
    project = MembershipFactory().project
    add_many_reminders(project, count=12_000, due=1_200)
    assert Reminder.objects.count() == 12_000
    assert Reminder.objects.claimable(timezone.now()).count() == 1_200
