"""Whether the latest charter still matches the project, and if not, what changed since.

Each version stores ``made_from``: every part's ``charter_fingerprint()`` values, read just
before its sections were gathered. Comparing them with the values of now is one query, never
a gathering of the sections; each part then says in plain sentences what changed in its own
sections (``charter_changes``). A version made
before versions kept ``made_from`` may be out of date: it says so until a request finds
the project unchanged (see docs/design.md, "The charter").
"""

import datetime
import functools
import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Expression
from django.utils.translation import gettext as _

from projects.models import Project
from projects.parts import get_parts

from .models import Charter

# Fingerprint values among other annotations (the overview's query) carry this prefix.
PREFIX = "charter_from__"


@functools.cache
def fingerprint_annotations() -> dict[str, Expression]:
    """Every part's ``charter_fingerprint()``, named with ``PREFIX`` (built once)."""
    return {
        PREFIX + name: expression
        for part in get_parts()
        for name, expression in part.charter_fingerprint().items()
    }


def plain(values: dict[str, Any]) -> dict[str, Any]:
    """The values as they are stored in a JSON field (dates and times as text)."""
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def fingerprint_of(row: dict[str, Any]) -> dict[str, Any]:
    """The fingerprint from a row annotated with ``fingerprint_annotations()``."""
    return plain({name[len(PREFIX) :]: row[name] for name in fingerprint_annotations()})


# Stands for the project's id while the query is built once.
SENTINEL_ID = -918_273_645


@functools.cache
def fingerprint_sql(vendor: str) -> tuple[str, tuple, int]:
    """The fingerprint query's SQL and parameters, and where the project's id goes in them.

    Built once per database: Django takes several times longer to build this query than
    the database takes to answer it. Every value it selects is text (or NULL), so the row
    needs none of Django's conversions.
    """
    query = Project.objects.filter(pk=SENTINEL_ID).values(**fingerprint_annotations())
    sql, params = query.query.sql_with_params()
    assert params.count(SENTINEL_ID) == 1, "the project's id must be the only such parameter"
    return sql, tuple(params), params.index(SENTINEL_ID)


def get_fingerprint(project: Project) -> dict[str, Any]:
    """What the charter's sections are made from, as they stand now: one query."""
    sql, params, at = fingerprint_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params[:at], project.pk, *params[at + 1 :]))
        names = [column[0] for column in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
    return fingerprint_of(row)


@dataclass(frozen=True)
class OutOfDate:
    """The latest ready charter no longer matches the project."""

    version: int
    made_at: datetime.datetime | None
    changes: tuple[str, ...]

    @property
    def summary(self) -> str:
        """The changes as one line, for a download link or the overview."""
        return " ".join(self.changes)


def get_out_of_date(
    *,
    version: int | None,
    made_at: datetime.datetime | None,
    made_from: dict[str, Any] | None,
    now: dict[str, Any],
) -> OutOfDate | None:
    """How the latest ready version (``version``, made at ``made_at`` from ``made_from``)
    differs from the project ``now``; None when it still matches, or there is none."""
    if version is None:
        return None
    if made_from is None:
        changes = [
            _(
                "This version was made before Coproduce kept a record of what each version was "
                "made from, so it may not show the latest changes."
            )
        ]
        return OutOfDate(version, made_at, tuple(changes))
    if all(made_from.get(name, value) == value for name, value in now.items()):
        return None
    changes = [str(s) for part in get_parts() for s in part.charter_changes(made_from, now)]
    if not changes:  # a value changed that no part describes: say so rather than nothing
        changes = [_("Something the charter shows has changed.")]
    return OutOfDate(version, made_at, tuple(changes))


def get_charter_out_of_date(project: Project, charter: Charter | None) -> OutOfDate | None:
    """Whether this (ready) charter is out of date, and how: one query."""
    if charter is None:
        return None
    return get_out_of_date(
        version=charter.version,
        made_at=charter.rendered_at,
        made_from=charter.made_from,
        now=get_fingerprint(project),
    )
