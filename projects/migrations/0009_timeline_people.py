"""Timeline lines refer to people instead of copying their names.

Existing lines that named a member (a role changed, someone left, someone accepted an
invitation) were written as plain English text. Each is rewritten with a ``{name}``
placeholder and a reference when the name is that of exactly one person who can be found:
the line's own author for "accepted", otherwise one user among the project's members, the
people who acted in it and those who accepted its invitations. A name that matches nobody, or
more than one person, cannot be told apart: it is replaced by a reference to nobody, shown
as "a former member", so that no line keeps a name that erasure could no longer find.
(Stakeholders' lines are converted by ``stakeholders`` 0005.)
"""

import re

from django.conf import settings
from django.db import migrations, models

USER = settings.AUTH_USER_MODEL.lower()
USER_LINES = {
    "role changed": re.compile(r"^(?P<name>.+) is now (?:facilitator|participant|observer)\.$"),
    "member removed": re.compile(r"^(?P<name>.+) left the project\.$"),
    "joined": re.compile(r"^(?P<name>.+) accepted the invitation and joined as \w+\.$"),
}
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{(\w+)\}")


def escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def display_name(user) -> str:
    return user.name or user.email


def with_reference(event, match, reference) -> None:
    start, end = match.span("name")
    summary = event.summary
    event.summary = escape(summary[:start]) + "{name}" + escape(summary[end:])
    event.people = {"name": reference}


def refer_to_users(apps, schema_editor) -> None:
    AuditEvent = apps.get_model("projects", "AuditEvent")
    Membership = apps.get_model("projects", "Membership")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    lines = AuditEvent.objects.filter(verb__in=USER_LINES, people={}).select_related("actor")
    candidates: dict[int, dict[str, list[int]]] = {}
    changed = []
    for event in lines.iterator():
        match = USER_LINES[event.verb].match(event.summary)
        if match is None:
            continue
        name = match.group("name")
        if event.verb == "joined" and event.actor and display_name(event.actor) == name:
            found = [event.actor_id]
        else:
            if event.project_id not in candidates:
                ids = set(
                    Membership.objects.filter(project_id=event.project_id).values_list(
                        "user_id", flat=True
                    )
                ) | set(
                    AuditEvent.objects.filter(project_id=event.project_id, actor__isnull=False)
                    .values_list("actor_id", flat=True)
                    .distinct()
                )
                by_name: dict[str, list[int]] = {}
                for user in User.objects.filter(pk__in=ids):
                    by_name.setdefault(display_name(user), []).append(user.pk)
                candidates[event.project_id] = by_name
            found = candidates[event.project_id].get(name, [])
        with_reference(event, match, [USER, found[0] if len(found) == 1 else None])
        changed.append(event)
    AuditEvent.objects.bulk_update(changed, ["summary", "people"], batch_size=500)


def write_names_back(apps, schema_editor) -> None:
    """Going back: each line says the name of whoever it refers to, as it would be shown."""
    AuditEvent = apps.get_model("projects", "AuditEvent")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    changed = []
    for event in AuditEvent.objects.exclude(people={}).iterator():
        names = {}
        for key, (label, pk) in event.people.items():
            if label != USER:
                names[key] = "someone"
                continue
            user = User.objects.filter(pk=pk).first() if pk else None
            names[key] = display_name(user) if user else "a former member"

        def name(match, names=names):
            if match.group(1) is None:
                return match.group(0)[0]
            return names.get(match.group(1), match.group(0))

        text = PLACEHOLDER.sub(name, event.summary)
        event.summary, event.people = (text[:1].upper() + text[1:])[:300], {}
        changed.append(event)
    AuditEvent.objects.bulk_update(changed, ["summary", "people"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0008_share_map_positions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="people",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(refer_to_users, write_names_back),
    ]
