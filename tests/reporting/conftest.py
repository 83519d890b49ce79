import pytest
from django.core.management import call_command

from projects import demo
from projects.models import Project

from .helpers import register_fake_part, unregister


@pytest.fixture
def fake_record():
    part = register_fake_part()
    yield part
    unregister(part)


@pytest.fixture
def demo_project(db, settings, tmp_path) -> Project:
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--force", "--password", "demo-pass-123", verbosity=0)
    return Project.objects.get(slug=demo.DEMO_SLUG)
