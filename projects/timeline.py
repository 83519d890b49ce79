"""A project's timeline: every app records what happened here; people are referenced, not copied.

A line that names a person stores a ``{placeholder}`` in its summary and a reference to them
(``[model label, id]``) in ``people``; their name is looked up only when the line is shown,
through the parts' ``timeline_names``. Erasing someone makes exactly their lines say "an
erased stakeholder" or "a former member", and nobody else's. Lines never hold email
addresses, access needs, notes or tokens.
"""

import re
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, Project
from .parts import get_timeline_names

# "{{" and "}}" are braces typed by someone; "{name}" is a person named by reference.
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{(\w+)\}")


def reference(person: Model) -> list:
    """How a line refers to a person: their model's label and their id."""
    return [person._meta.label_lower, person.pk]


def escape_braces(value) -> str:
    return str(value).replace("{", "{{").replace("}", "}}")


def do_record_event(
    *,
    project: Project,
    actor,
    verb: str,
    summary: str,
    people: dict[str, Model] | None = None,
    values: dict | None = None,
) -> AuditEvent:
    """Add a line to the project's timeline. Summaries name things, never sensitive values.

    Without ``people`` or ``values`` the summary is stored as given. With them it is a
    ``%(key)s`` template: ``values`` are filled in now, and each of ``people`` (a user, a
    stakeholder) is stored as a reference, to be named when the line is shown.
    """
    people = people or {}
    if people or values:
        fill = {
            key: escape_braces(value) if people else value for key, value in (values or {}).items()
        }
        fill.update({key: "{" + key + "}" for key in people})
        summary = summary % fill
    return AuditEvent.objects.create(
        project=project,
        actor=actor if actor and actor.is_authenticated else None,
        verb=verb,
        summary=summary[:300],
        people={key: reference(person) for key, person in people.items()},
    )


def get_lines(events: Iterable[AuditEvent]) -> list[AuditEvent]:
    """The events, each with ``text``: its summary naming each person as they are now.

    One query per kind of person named, however many lines; someone who was erased or
    deleted their account is named as the part that knew them says (``timeline_names``).
    """
    events = list(events)
    lookups = get_timeline_names()
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        for label, pk in event.people.values():
            if pk is not None and label in lookups:
                wanted[label].add(pk)
    names = {label: lookups[label].names(ids) for label, ids in wanted.items()}
    for event in events:
        event.text = render_line(event, names, lookups)
    return events


def render_line(event: AuditEvent, names: dict[str, dict[int, str]], lookups: dict) -> str:
    """The line's summary with each placeholder replaced by the person's name (or "gone")."""
    if not event.people:
        return event.summary

    def name(match: re.Match) -> str:
        key = match.group(1)
        if key is None:
            return match.group(0)[0]
        if key not in event.people:
            return match.group(0)
        label, pk = event.people[key]
        found = names.get(label, {}).get(pk)
        if found:
            return found
        return str(lookups[label].gone) if label in lookups else str(_("someone"))

    return capfirst(PLACEHOLDER.sub(name, event.summary))


def do_forget_in_timeline(
    *, project: Project, person: Model, shown_as: type[Model] | None = None
) -> int:
    """The project's timeline keeps what happened, but no longer says it was this person.

    Every line of the project that names them names someone gone instead (as the part of
    ``shown_as``, or of the person's own model, says it); if they are a user, the lines
    they recorded no longer say who did it. Returns how many lines changed.
    """
    label, pk = reference(person)
    gone = [(shown_as or type(person))._meta.label_lower, None]
    changed = []
    for event in project.events.exclude(people={}).only("pk", "people"):
        people = {key: gone if ref == [label, pk] else ref for key, ref in event.people.items()}
        if people != event.people:
            event.people = people
            changed.append(event)
    AuditEvent.objects.bulk_update(changed, ["people"], batch_size=500)
    acted = 0
    if label == settings.AUTH_USER_MODEL.lower():
        acted = project.events.filter(actor_id=pk).update(actor=None)
    return len(changed) + acted
