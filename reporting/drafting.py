"""The report drafted from the record: plain, deterministic functions over ``Evidence``.

Every drafted sentence is an evidence item's own sentence, or a count of items of one kind,
and carries the link and the keys of the rows it came from. What the record cannot fill is a
gap, said with what to add. The same evidence always gives the same draft.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from projects.parts import Evidence

from .evidence import evidence_key
from .standards import Item

# Kinds in the order a reader expects them; kinds of parts not known here come after, by name.
KIND_ORDER = [
    *("definition", "aim", "goal", "members", "people", "partner", "decision_rule"),
    *("ground_rules", "communication", "payment", "meeting", "decision", "impact"),
    *("round", "round_trend", "perception_gap", "assessment_trend", "assessment"),
    "assessment_gap",
]
# Of these kinds, a count first and then the latest few; of any other, the latest dozen.
COUNTED = {"meeting", "decision", "impact"}
LIST_AT_MOST = 6
OTHERS_AT_MOST = 12


def count_text(kind: str, count: int, dated: bool) -> str:
    """ "12 meetings were held, from %(first)s to %(last)s." (one whole sentence per case)."""
    if kind == "meeting":
        if not dated:
            return ngettext("%(count)s meeting was held.", "%(count)s meetings were held.", count)
        return ngettext(
            "%(count)s meeting was held, on %(first)s.",
            "%(count)s meetings were held, from %(first)s to %(last)s.",
            count,
        )
    if kind == "decision":
        if not dated:
            return ngettext(
                "%(count)s decision was logged.", "%(count)s decisions were logged.", count
            )
        return ngettext(
            "%(count)s decision was logged, on %(first)s.",
            "%(count)s decisions were logged, from %(first)s to %(last)s.",
            count,
        )
    if kind == "impact":
        if not dated:
            return ngettext(
                "%(count)s change was recorded as a result of involvement.",
                "%(count)s changes were recorded as a result of involvement.",
                count,
            )
        return ngettext(
            "%(count)s change was recorded as a result of involvement, on %(first)s.",
            "%(count)s changes were recorded as a result of involvement, from %(first)s to "
            "%(last)s.",
            count,
        )
    raise ValueError(f"No count sentence for {kind!r}")


IMPACT_GAP = _("No impact has been recorded yet: record what changed after a meeting or decision.")
# Per item, what it should hold: (kinds any of which fills it, what to add when none does).
EXPECTED = {
    "aim": [
        (("aim",), _("No aim has been written yet: say what the project is trying to achieve.")),
        (("goal",), _("No goals have been set yet: add goals, and how you will know.")),
    ],
    "methods": [
        (
            ("members", "people"),
            _("Nobody is recorded as involved yet: map who is involved, or invite members."),
        ),
        (("decision_rule",), _("No decision rules yet: agree who decides what, and how.")),
        (("meeting",), _("No meetings have been recorded yet: record the meetings held.")),
        (
            ("communication",),
            _("No communication plan yet: plan how you keep in touch with each audience."),
        ),
        (
            ("payment",),
            _("No payment policy has been recorded yet: say how people are paid for their time."),
        ),
    ],
    "results": [
        (("impact",), IMPACT_GAP),
        (
            ("decision",),
            _("No decisions have been logged yet: log the decisions the group makes, and how."),
        ),
    ],
    "discussion": [(("impact",), IMPACT_GAP)],
    "reflections": [
        (
            ("round",),
            _("No power dynamics check has ended yet: run a round to see how power is shared."),
        ),
        (
            ("assessment",),
            _("No self-assessment has been rated yet: assess the project against the standards."),
        ),
    ],
    "background": [
        (
            ("definition",),
            _("No definition of co-production has been chosen yet: choose one under Principles."),
        ),
    ],
    "measurement": [(("impact", "round", "assessment"), IMPACT_GAP)],
    "economic": [
        (
            ("payment",),
            _("No payment policy has been recorded yet: say how people are paid for their time."),
        ),
    ],
}
# The long form's own items draw on evidence by kind (Evidence names short-form items only).
LONG_FORM_KINDS = {
    "background": {"definition"},
    "measurement": {"impact", "round", "round_trend", "assessment"},
    "economic": {"payment"},
}


@dataclass(frozen=True)
class Sentence:
    text: str
    url: str
    title: str
    sources: tuple[str, ...]

    def as_data(self) -> dict:
        return {
            "text": self.text,
            "url": self.url,
            "title": self.title,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class Draft:
    item: Item
    sentences: tuple[Sentence, ...]
    gaps: tuple[str, ...]


def kind_rank(kind: str) -> tuple[int, str]:
    return (KIND_ORDER.index(kind), "") if kind in KIND_ORDER else (len(KIND_ORDER), kind)


def day(value: datetime.date | None) -> str:
    return date_format(value, "j F Y") if value else ""


def of_item(item: Item, evidence: list[Evidence]) -> list[Evidence]:
    if item.key in LONG_FORM_KINDS:
        return [e for e in evidence if e.kind in LONG_FORM_KINDS[item.key]]
    return [e for e in evidence if item.key in e.gripp2]


def count_sentence(kind: str, rows: list[Evidence]) -> Sentence:
    """How many rows of a kind there are, and over which dates, linked to the latest."""
    dates = sorted(e.date for e in rows if e.date)
    text = count_text(kind, len(rows), bool(dates)) % {
        "count": len(rows),
        "first": day(dates[0]) if dates else "",
        "last": day(dates[-1]) if dates else "",
    }
    latest = rows[-1]
    return Sentence(text, latest.url, latest.title, tuple(evidence_key(e) for e in rows))


def draft_item(item: Item, evidence: list[Evidence]) -> Draft:
    """One item of the report from the evidence: its sentences, each with its source, and its
    gaps."""
    by_kind: dict[str, list[Evidence]] = defaultdict(list)
    # Stable: rows of one kind on the same date stay in the order their part gave them.
    ordered = sorted(
        of_item(item, evidence), key=lambda e: (kind_rank(e.kind), e.date or datetime.date.min)
    )
    for e in ordered:
        by_kind[e.kind].append(e)
    sentences = []
    for kind, rows in by_kind.items():
        if kind in COUNTED:
            sentences.append(count_sentence(kind, rows))
            rows = rows[-LIST_AT_MOST:]
        else:
            rows = rows[-OTHERS_AT_MOST:]
        sentences += [Sentence(e.summary, e.url, e.title, (evidence_key(e),)) for e in rows]
    gaps = tuple(
        str(gap)
        for kinds, gap in EXPECTED.get(item.key, [])
        if not any(kind in by_kind for kind in kinds)
    )
    return Draft(item, tuple(sentences), tuple(dict.fromkeys(gaps)))


def draft_report(items: list[Item], evidence: list[Evidence]) -> list[Draft]:
    """Every item of the report drafted from the same evidence."""
    return [draft_item(item, evidence) for item in items]
