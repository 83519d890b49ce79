"""What people wrote in a round: comments on statements, and reflections on what helped and
what got in the way (docs/design.md, "The power dynamics check").

Shown only when ``scoring.disclose`` allows the round's totals to be shown, and in an order
unrelated to who wrote them: under each statement, and in each list of reflections, texts
are ordered by a keyed hash of the text that is different for every statement, list and
round. The order is stable (pages do not reshuffle), never by id or time, and the comment
in one place under every statement is not one person's. What helped and what got in the way
are two lists, each in its own order, so one person's two answers are never side by side.
"""

from django.db.models import Case, CharField, F, QuerySet, Value, When
from django.db.models.functions import MD5, Cast, Coalesce, Concat, NullIf
from django.utils.crypto import salted_hmac

from .models import Answer, Response
from .results import RoundResults

HELPED, HINDERED = "helped", "hindered"


def keyed(*parts) -> MD5:
    """A keyed hash of these values in the database: nobody without the site's secret can
    work out the order from the texts, and a round's id or a statement's among the values
    makes every round's and statement's order different."""
    secret = salted_hmac("powercheck.comments.order", "order").hexdigest()
    values = [Value(secret)]
    for part in parts:
        values += [Value(":"), Cast(part, CharField()) if isinstance(part, str) else part]
    return MD5(Concat(*values))


def shown(results: tuple[RoundResults, ...]) -> list[int]:
    return [r.round.pk for r in results if r.enough]


def get_comments(*results: RoundResults) -> QuerySet[Answer]:
    """Comments on statements from the submitted responses of these rounds (those whose
    totals may be shown), round by round, statement by statement in checklist order, and
    under each statement in the order of a keyed hash of the round, statement and text."""
    comments = (
        Answer.objects.filter(response__round__in=shown(results))
        .filter(response__submitted_at__isnull=False)
        .exclude(comment="")
        .select_related("question__section")
        .annotate(
            round_id=F("response__round_id"),
            place=keyed("response__round_id", "question_id", "comment"),
        )
        # Equal places are equal texts, which read the same in any order; the id only keeps
        # each page's share of them the same from one request to the next.
        .order_by(
            "response__round_id",
            *("question__section__order", "question__order", "question_id", "place", "id"),
        )
    )
    if any(not r.round.anonymous for r in results):
        comments = comments.select_related("response__member__user")
    return comments


def get_reflections(*results: RoundResults) -> QuerySet:
    """What helped and what got in the way, from the submitted responses of these rounds
    (those whose totals may be shown): per round, every text about what helped, then every
    text about what got in the way, each list in the order of a keyed hash of the round and
    the text. Rows are dicts with ``round_id``, ``kind`` (HELPED or HINDERED), ``text`` and,
    for a round that is not anonymous, ``name`` (None in an anonymous one)."""
    submitted = Response.objects.filter(round__in=shown(results), submitted_at__isnull=False)
    named = {r.round.pk for r in results if not r.round.anonymous}
    lists = []
    for kind in (HELPED, HINDERED):
        texts = submitted.exclude(**{kind: ""}).annotate(
            kind=Value(kind, output_field=CharField()),
            text=F(kind),
            place=keyed("round_id", Value(kind), kind),
            name=Case(
                When(
                    round_id__in=named,
                    then=Coalesce(NullIf("member__user__name", Value("")), "member__user__email"),
                ),
                default=None,
                output_field=CharField(),
            ),
        )
        # Without an order of its own: SQLite refuses one inside a UNION.
        lists.append(texts.values("round_id", "kind", "place", "text", "name").order_by())
    return lists[0].union(lists[1], all=True).order_by("round_id", "kind", "place", "text")
