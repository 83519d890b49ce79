"""Timeline lines about stakeholders refer to them instead of copying their names.

Lines about invitations (sent, sent again, withdrawn, declined) were written as plain English
text with the stakeholder's name. Each is rewritten with a ``{name}`` placeholder and a
reference when the name is that of exactly one stakeholder of the project, or, when several
share it, of exactly one of them whose invitation was sent, withdrawn or declined at the
moment of the line. A name that matches no stakeholder (renamed, or already erased) or cannot
be told apart is replaced by a reference to nobody, shown as "an erased stakeholder": no
line keeps a name that erasure could no longer find.
"""

import datetime
import re

from django.db import migrations
from django.db.models import Q

STAKEHOLDER = "stakeholders.stakeholder"
STAKEHOLDER_LINES = {
    "invited": (
        re.compile(r"^Invited (?P<name>.+) to join as (?:participant|observer)\.$"),
        "created_at",
    ),
    "invitation resent": (re.compile(r"^Sent (?P<name>.+) a new invitation link\.$"), "created_at"),
    "invitation revoked": (re.compile(r"^Withdrew the invitation to (?P<name>.+)\.$"), "revoked_at"),
    "declined": (re.compile(r"^(?P<name>.+) declined the invitation\.$"), "declined_at"),
}
# The invitation and its timeline line were written in the same transaction.
SAME_MOMENT = datetime.timedelta(seconds=5)
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{(\w+)\}")


def escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def refer_to_stakeholders(apps, schema_editor) -> None:
    AuditEvent = apps.get_model("projects", "AuditEvent")
    Stakeholder = apps.get_model("stakeholders", "Stakeholder")
    Invitation = apps.get_model("stakeholders", "Invitation")
    changed = []
    lines = AuditEvent.objects.filter(verb__in=STAKEHOLDER_LINES, people={})
    for event in lines.iterator():
        pattern, moment = STAKEHOLDER_LINES[event.verb]
        match = pattern.match(event.summary)
        if match is None:
            continue
        found = list(
            Stakeholder.objects.filter(
                project_id=event.project_id, name=match.group("name")
            ).values_list("pk", flat=True)
        )
        if len(found) > 1:
            near = Q(**{f"{moment}__range": (event.created_at - SAME_MOMENT, event.created_at + SAME_MOMENT)})
            found = list(
                Invitation.objects.filter(near, stakeholder_id__in=found)
                .values_list("stakeholder_id", flat=True)
                .distinct()
            )
        start, end = match.span("name")
        summary = event.summary
        event.summary = escape(summary[:start]) + "{name}" + escape(summary[end:])
        event.people = {"name": [STAKEHOLDER, found[0] if len(found) == 1 else None]}
        changed.append(event)
    AuditEvent.objects.bulk_update(changed, ["summary", "people"], batch_size=500)


def write_names_back(apps, schema_editor) -> None:
    """Going back: each line about a stakeholder says their name, as it would be shown."""
    AuditEvent = apps.get_model("projects", "AuditEvent")
    Stakeholder = apps.get_model("stakeholders", "Stakeholder")
    changed = []
    for event in AuditEvent.objects.exclude(people={}).iterator():
        if any(label != STAKEHOLDER for label, _pk in event.people.values()):
            continue  # lines that also name a user are written back by projects 0008
        names = {}
        for key, (_label, pk) in event.people.items():
            stakeholder = Stakeholder.objects.filter(pk=pk).first() if pk else None
            names[key] = stakeholder.name if stakeholder else "an erased stakeholder"

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
        ("projects", "0009_timeline_people"),
        ("stakeholders", "0004_imports"),
    ]

    operations = [migrations.RunPython(refer_to_stakeholders, write_names_back)]
