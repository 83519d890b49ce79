import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from projects.management.commands.seed_demo import Command
from projects.models import Goal, Membership, Project, Reminder
from projects.reminders import send_due_reminders
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


def test_seed_demo_leaves_reminders_due_now_for_a_first_sweep(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", "pw-demo")
    assert Reminder.objects.filter(kind="charter_review").exists()
    assert Reminder.objects.pending().count() >= 4
    assert send_due_reminders().sent >= 2
    assert Reminder.objects.pending().exists(), "some stay for later"


def test_many_reminders_are_bulk_created_with_the_asked_share_due(db):
    project = MembershipFactory().project
    Command().add_many_reminders(project, count=12_000, due=1_200)
    assert Reminder.objects.count() == 12_000
    assert Reminder.objects.claimable(timezone.now()).count() == 1_200
