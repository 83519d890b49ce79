"""What had been shared before people could say whether they may be named is taken back."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from charter.models import Charter
from stakeholders.models import Stakeholder
from tests.factories import CharterFactory, ProjectFactory, StakeholderFactory, UserFactory


def migrate_to(targets) -> None:
    MigrationExecutor(connection).migrate(targets)


def test_charters_that_named_everyone_and_links_to_other_accounts_are_undone(
    transactional_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    migrate_to([("stakeholders", "0002_named_consent")])
    try:
        mapped, empty = ProjectFactory(), ProjectFactory()
        # At this state only the apps below stakeholders have tables: nothing to fingerprint.
        listed_everyone = CharterFactory(project=mapped, made_from={})
        StakeholderFactory(project=mapped, name="Rowan Quill")
        nothing_to_name = CharterFactory(project=empty, made_from={})
        invited = StakeholderFactory(project=mapped, email="asha@example.org")
        invited.user = UserFactory(email="someone.else@example.org")
        invited.save()
        joined = StakeholderFactory(project=mapped, email="Pat@Example.org")
        joined.user = UserFactory(email="pat@example.org")
        joined.save()
        pdf = listed_everyone.pdf.name
    finally:
        migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert Charter.objects.get(pk=listed_everyone.pk).status == "withdrawn"
    assert not listed_everyone.pdf.storage.exists(pdf)
    assert Charter.objects.get(pk=nothing_to_name.pk).status == "ready"
    assert Stakeholder.objects.get(pk=invited.pk).user is None, "a forwarded link's account"
    assert Stakeholder.objects.get(pk=joined.pk).user is not None
