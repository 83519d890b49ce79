"""Who in an imported file is already on the map, or in the file twice.

Two rows are the same person when they have the same email address, or the same name and
organisation (capitals and spaces aside). The preview shows what ``plan_import`` finds, and
the import itself plans again against the map as it is when it saves.
"""

from dataclasses import dataclass

from django.utils import timezone

from charter.actions import do_request_charter, do_withdraw_charters
from projects.models import Project

from .csvfile import HEADERS, is_yes
from .models import Stakeholder

ADD, ON_MAP, REPEAT = "add", "on_map", "repeat"


def identity_keys(data: dict) -> list[tuple]:
    """The keys a row is matched on: its email address if it has one, its name and
    organisation."""
    keys: list[tuple] = []
    email = (data.get("email") or "").strip().lower()
    if email:
        keys.append(("email", email))
    name = " ".join((data.get("name") or "").split()).casefold()
    organisation = " ".join((data.get("organisation") or "").split()).casefold()
    keys.append(("name", name, organisation))
    return keys


@dataclass(slots=True)
class Planned:
    """One valid row of the file and what an import would do with it."""

    line: int
    data: dict
    action: str = ADD
    match_pk: int | None = None
    match_name: str = ""
    repeats_line: int | None = None
    # Filled in for the rows a preview page shows.
    category_label: str = ""
    named: bool = False


def plan_import(project: Project, rows: list[dict]) -> list[Planned]:
    """Each row as new, already on the map (and who), or a repeat of an earlier row of the
    file; in one query however many rows and stakeholders there are."""
    on_map: dict[tuple, tuple[int, str]] = {}
    existing = project.stakeholders.order_by("pk").values_list(
        "pk", "name", "organisation", "email"
    )
    for pk, name, organisation, email in existing:
        for key in identity_keys({"name": name, "organisation": organisation, "email": email}):
            on_map.setdefault(key, (pk, name))
    seen: dict[tuple, int] = {}
    planned = []
    for row in rows:
        keys = identity_keys(row["data"])
        item = Planned(line=row["line"], data=row["data"])
        repeat = next((seen[key] for key in keys if key in seen), None)
        if repeat is not None:
            item.action, item.repeats_line = REPEAT, repeat
        else:
            match = next((on_map[key] for key in keys if key in on_map), None)
            if match is not None:
                item.action, (item.match_pk, item.match_name) = ON_MAP, match
            for key in keys:
                seen.setdefault(key, item.line)
        planned.append(item)
    return planned


@dataclass(frozen=True)
class Plan:
    """Counts of a planned import, for the preview."""

    new: int
    on_map: int
    repeats: int


def count_plan(planned: list[Planned]) -> Plan:
    actions = [p.action for p in planned]
    return Plan(actions.count(ADD), actions.count(ON_MAP), actions.count(REPEAT))


# The columns of a file for the model's fields they fill, where the two differ.
FIELD_OF_COLUMN = {
    "consent_recorded": "consent_recorded_at",
    "agreed_to_be_named": "named_consent_at",
}
COLUMN_OF_FIELD = {field: column for column, field in FIELD_OF_COLUMN.items()}
UPDATED = {
    *(c for c in HEADERS if c not in FIELD_OF_COLUMN),
    *FIELD_OF_COLUMN.values(),
}


def apply_updates(project: Project, changes: dict, columns: list[str]) -> list[Stakeholder]:
    """Save the changed details of people already on the map, in the file's columns only; a
    consent recorded stays as it was when the file just says "yes". Return those changed.

    As ``do_update_stakeholder`` does, charter versions naming someone who may no longer be
    named are withdrawn and the charter asked for again."""
    names = [FIELD_OF_COLUMN.get(c, c) for c in columns if FIELD_OF_COLUMN.get(c, c) in UPDATED]
    if not changes or not names:
        return []
    now = timezone.now()
    changed, named_since = [], []
    for stakeholder in project.stakeholders.select_for_update().filter(pk__in=list(changes)):
        fields, data = changes[stakeholder.pk]
        was_named = stakeholder.may_be_named
        before = [getattr(stakeholder, name) for name in names]
        for name in names:
            value = fields[name]
            column = COLUMN_OF_FIELD.get(name)
            if column and getattr(stakeholder, name) and value and is_yes(data.get(column, "")):
                continue  # "yes" again: the date it was first recorded stays
            setattr(stakeholder, name, value)
        if [getattr(stakeholder, name) for name in names] != before:
            stakeholder.updated_at = now
            changed.append(stakeholder)
            if was_named and not stakeholder.may_be_named:
                named_since.append(
                    stakeholder.created_at
                    if stakeholder.is_organisation or not stakeholder.named_consent_at
                    else stakeholder.named_consent_at
                )
    Stakeholder.objects.bulk_update(changed, [*names, "updated_at"], batch_size=1000)
    if named_since and do_withdraw_charters(project=project, made_since=min(named_since)):
        do_request_charter(project=project, by=None)
    return changed
