"""Lines written before the timeline referred to people: their names become references where
exactly one person can be found, and are replaced where nobody (or more than one) can."""

import datetime
import html

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from projects.models import AuditEvent
from stakeholders.actions import do_erase_stakeholder
from stakeholders.models import Stakeholder
from tests.factories import MembershipFactory, StakeholderFactory, UserFactory

BEFORE = [
    ("projects", "0008_share_map_positions"),
    ("stakeholders", "0004_imports"),
]


def migrate_to(targets) -> None:
    MigrationExecutor(connection).migrate(targets)


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def old_line(project, summary: str, verb: str, actor=None, at=None) -> None:
    """A line as the old code wrote it, with plain SQL (the old table has no ``people``)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO projects_auditevent (project_id, actor_id, verb, summary, created_at)"
            " VALUES (%s, %s, %s, %s, %s)",
            [project.pk, actor.pk if actor else None, verb, summary, at or timezone.now()],
        )


def test_old_lines_refer_to_the_people_they_named(transactional_db, client):
    facilitator = UserFactory(name="Fay Okafor")
    project = MembershipFactory(user=facilitator, role="facilitator").project
    rosa = StakeholderFactory(project=project, name="Rosa Diaz", email="rosa@example.org")
    rosa2 = StakeholderFactory(project=project, name="Rosa Diaz2")
    twins = [StakeholderFactory(project=project, name="Sam Lee") for _ in range(2)]
    sam_invited_at = timezone.now() - datetime.timedelta(days=3)
    twins[1].invitations.create(
        role="participant",
        token_hash="1" * 64,
        invited_by=facilitator,
        created_at=sam_invited_at,
        expires_at=sam_invited_at + datetime.timedelta(days=14),
    )
    member = MembershipFactory(project=project, user=UserFactory(name="Ada Member")).user
    for _ in range(2):  # two members called Kim: a line naming Kim cannot tell which
        MembershipFactory(project=project, user=UserFactory(name="Kim"))
    try:
        migrate_to(BEFORE)
        old_line(project, "Invited Rosa Diaz to join as participant.", "invited", facilitator)
        old_line(project, "Invited Rosa Diaz2 to join as participant.", "invited", facilitator)
        old_line(
            project, "Sent Sam Lee a new invitation link.", "invitation resent", at=sam_invited_at
        )
        old_line(project, "Withdrew the invitation to Sam Lee.", "invitation revoked")
        old_line(project, "Invited Gone Person {x} to join as observer.", "invited")
        old_line(project, "Ada Member is now observer.", "role changed", facilitator)
        old_line(project, "Kim left the project.", "member removed", facilitator)
        old_line(
            project,
            "Ada Member accepted the invitation and joined as participant.",
            "joined",
            member,
        )
        old_line(project, "Added a goal: “Safer {crossings}”", "goals changed", facilitator)
    finally:
        migrate_to(latest())

    invited = AuditEvent.objects.filter(summary="Invited {name} to join as participant.")
    assert sorted(e.people["name"][1] for e in invited) == [rosa.pk, rosa2.pk]
    lines = {e.summary: e.people for e in AuditEvent.objects.exclude(pk__in=invited)}
    assert lines["Sent {name} a new invitation link."] == {
        "name": ["stakeholders.stakeholder", twins[1].pk]
    }, "two share the name: the one invited at that moment"
    assert lines["Withdrew the invitation to {name}."] == {
        "name": ["stakeholders.stakeholder", None]
    }, "two share the name and nothing tells them apart"
    assert lines["Invited {name} to join as observer."] == {
        "name": ["stakeholders.stakeholder", None]
    }
    assert lines["{name} is now observer."] == {"name": ["coproduce.user", member.pk]}
    assert lines["{name} left the project."] == {"name": ["coproduce.user", None]}
    assert lines["Added a goal: “Safer {crossings}”"] == {}, "lines naming nobody stay as they are"

    client.force_login(facilitator)
    do_erase_stakeholder(stakeholder=Stakeholder.objects.get(pk=rosa.pk), by=facilitator)
    page = html.unescape(
        client.get(reverse("projects-events", args=[project.slug])).content.decode()
    )
    assert "Invited an erased stakeholder to join as participant." in page
    assert "Invited Rosa Diaz2 to join as participant." in page
    assert "Ada Member is now observer." in page
    assert "Ada Member accepted the invitation and joined as participant." in page
    assert "Sent Sam Lee a new invitation link." in page
    assert "Withdrew the invitation to an erased stakeholder." in page
    assert "A former member left the project." in page
    assert "Added a goal: “Safer {crossings}”" in page
