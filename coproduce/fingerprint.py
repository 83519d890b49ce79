"""Fingerprints of rows, computed by the database: a short hash of each row's printed fields.

A part of a project describes what its charter sections print as a few annotations on a
``Project`` query (``ProjectPart.charter_fingerprint``): ``rows_fingerprint`` for a set of
rows, ``text_digest`` for the project's own fields. The values are plain text, so they can be
stored with a charter version and compared later with what the project holds now; comparing
two row fingerprints (``compare_rows``) says how many rows were added, removed or changed.
"""

from dataclasses import dataclass

from django.db.models import (
    Aggregate,
    Expression,
    F,
    Func,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import MD5, Cast, Coalesce, Left

# Between a row's fields; never typed into a form (a control character).
FIELD_SEPARATOR = "\x1f"
# Characters of each row's MD5 kept: enough that an edit is never mistaken for no change.
ROW_HASH_LENGTH = 10


class JoinedText(Aggregate):
    """The rows' text joined with commas (in text order on PostgreSQL, where it is cheap)."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"STRING_AGG({sql}, ',' ORDER BY {sql})", (*params, *params)


def as_text(field: str | Expression) -> Expression:
    value = F(field) if isinstance(field, str) else field
    return Coalesce(Cast(value, TextField()), Value(""), output_field=TextField())


class Joined(Func):
    """Texts joined by ``||`` in one flat expression (``Concat`` nests a function call per
    field, deeper than SQLite's parser allows for a few dozen fields in one query)."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = [], []
        for expression in self.source_expressions:
            part_sql, part_params = compiler.compile(expression)
            sql.append(part_sql)
            params.extend(part_params)
        return "(" + " || ".join(sql) + ")", params


def row_text(*fields: str | Expression) -> Expression:
    """The fields as one text, each separated from the next (empty for NULL)."""
    parts: list[Expression] = []
    for field in fields:
        if parts:
            parts.append(Value(FIELD_SEPARATOR))
        parts.append(as_text(field))
    return Joined(*parts, Value(""))


def text_digest(*fields: str | Expression) -> Expression:
    """An MD5 of these fields of the row being queried (a project's own fields)."""
    return MD5(row_text(*fields))


def rows_fingerprint(queryset: QuerySet, project: str, *fields: str | Expression) -> Subquery:
    """For a ``Project`` query: ``"id:hash,id:hash,…"`` for the project's rows of
    ``queryset`` (``project`` is the path from a row to its project), one short hash of
    ``fields`` per row. NULL when the project has none."""
    rows = queryset.filter(**{project: OuterRef("pk")}).order_by().values(project)
    entry = Joined(
        Cast("pk", TextField()), Value(":"), Left(MD5(row_text(*fields)), ROW_HASH_LENGTH)
    )
    return Subquery(
        rows.annotate(fingerprint=JoinedText(entry)).values("fingerprint"), output_field=TextField()
    )


@dataclass(frozen=True)
class RowChanges:
    """How two fingerprints of the same rows differ."""

    added: int = 0
    removed: int = 0
    changed: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def parse_rows(fingerprint: str | None) -> dict[str, str]:
    if not fingerprint:
        return {}
    return dict(entry.split(":", 1) for entry in fingerprint.split(","))


def compare_rows(before: str | None, now: str | None) -> RowChanges:
    """Rows added, removed and changed between two values of one ``rows_fingerprint``."""
    old, new = parse_rows(before), parse_rows(now)
    return RowChanges(
        added=len(new.keys() - old.keys()),
        removed=len(old.keys() - new.keys()),
        changed=sum(1 for key in old.keys() & new.keys() if old[key] != new[key]),
    )
