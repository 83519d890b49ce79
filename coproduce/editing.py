"""Writes every app makes the same way: ordered lists of rows, and saving only the version
that was read (optimistic locking). Called from the apps' actions, inside their transaction."""

from django.core.exceptions import ValidationError
from django.db.models import F, Max, Model, QuerySet
from django.utils import timezone


def next_order(rows: QuerySet) -> int:
    """The order value that puts a new row after these."""
    last = rows.aggregate(last=Max("order"))["last"]
    return 0 if last is None else last + 1


def move_in_order(item: Model, direction: str) -> bool:
    """Swap an ordered row with its neighbour above ("up") or below ("down") in its project.

    Returns whether anything moved. Call inside a transaction: the project's rows are locked.
    """
    model = type(item)
    items = list(model.objects.select_for_update().filter(project_id=item.project_id))
    index = next(i for i, row in enumerate(items) if row.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    for order, row in enumerate(items):
        row.order = order
    model.objects.bulk_update(items, ["order"])
    return True


def update_unless_changed(instance: Model, *, version: int, conflict: str, **fields) -> None:
    """Save fields (and a new version number) only if the stored row is still at ``version``.

    Raises ValidationError(conflict) when someone else saved it first; the caller then shows
    their version. The row must have ``version`` and ``updated_at`` fields.
    """
    updated = (
        type(instance)
        .objects.filter(pk=instance.pk, version=version)
        .update(version=F("version") + 1, updated_at=timezone.now(), **fields)
    )
    if not updated:
        raise ValidationError(conflict)
    instance.refresh_from_db()
