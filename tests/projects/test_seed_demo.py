import pytest
from django.core.management import CommandError, call_command

from projects.models import Goal, Membership, Project


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
