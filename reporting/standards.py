"""The six UK Standards for Public Involvement and the items of GRIPP2, as data.

The standards' statements are those of the UK Standards for Public Involvement (UK Standards
Partnership, November 2019). The questions under each are put in plain words after the
reflective questions the standards publish for it: they are prompts for the group, not
quotations. GRIPP2 is the reporting checklist of Staniszewska et al. (2017): the short form's
five items, and the long form's sections for reports whose main focus is involvement.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from projects.parts import GRIPP2_ITEMS, STANDARDS


@dataclass(frozen=True)
class Standard:
    key: str
    number: int
    title: str
    statement: str
    questions: tuple[str, ...]


STANDARD_LIST = [
    Standard(
        "inclusive_opportunities",
        1,
        _("Inclusive opportunities"),
        _(
            "Offer public involvement opportunities that are accessible and that reach people "
            "and groups according to research needs."
        ),
        (
            _("Who is affected by or interested in this work, and are they involved?"),
            _("Were people involved from the start, and can they join at every stage?"),
            _(
                "What gets in the way of taking part (cost, travel, times, formats, access "
                "needs), and what have we done about it?"
            ),
            _("How are people paid or thanked for their time, and do they know beforehand?"),
        ),
    ),
    Standard(
        "working_together",
        2,
        _("Working together"),
        _(
            "Work together in a way that values all contributions, and that builds and "
            "sustains mutually respectful and productive relationships."
        ),
        (
            _("Have we agreed together how we work, and are everyone’s roles clear?"),
            _("Are all contributions valued, and can people see how theirs were used?"),
            _("How do we share power in decisions, and deal with disagreement?"),
            _("How do we keep the relationship going, and review how it is working?"),
        ),
    ),
    Standard(
        "support_and_learning",
        3,
        _("Support and learning"),
        _(
            "Offer and promote support and learning opportunities that build confidence and "
            "skills for public involvement in research."
        ),
        (
            _("What support do people need to take part, and is it offered?"),
            _("What learning is there for members of the public and for professionals?"),
            _("Is there someone people can go to with questions or concerns?"),
            _("How do we learn from what works and what does not?"),
        ),
    ),
    Standard(
        "communications",
        4,
        _("Communications"),
        _(
            "Use plain language for well-timed and relevant communications, as part of "
            "involvement plans and activities."
        ),
        (
            _("Do we use plain language, in formats that suit the people involved?"),
            _("Do people hear from us in good time, and through channels that reach them?"),
            _("Can people reply and raise things, not just receive information?"),
            _("Do we tell people what happened as a result of their involvement?"),
        ),
    ),
    Standard(
        "impact",
        5,
        _("Impact"),
        _(
            "Seek improvement by identifying and sharing the difference that public "
            "involvement makes to research."
        ),
        (
            _("What difference has involvement made, and how do we record it?"),
            _("Do we share that difference with the people involved and beyond?"),
            _("What did not change, or did not go as hoped, and what did we learn?"),
            _("How do we use what we learn to improve involvement?"),
        ),
    ),
    Standard(
        "governance",
        6,
        _("Governance"),
        _("Involve the public in research management, regulation, leadership and decision making."),
        (
            _("Are members of the public part of how the project is run and decided?"),
            _("Is there a clear, shared understanding of who decides what?"),
            _("Are public voices heard where decisions are made, not only consulted?"),
            _("Is involvement planned for and resourced in budgets and plans?"),
        ),
    ),
]
STANDARD_BY_KEY = {standard.key: standard for standard in STANDARD_LIST}
assert tuple(STANDARD_BY_KEY) == STANDARDS

# A simple scale: how far the project is with a standard.
RATINGS = [
    (1, _("Not yet started")),
    (2, _("Making a start")),
    (3, _("Getting there")),
    (4, _("Doing well")),
]
RATING_LABELS = dict(RATINGS)
TOP_RATING = 4


def rating_label(value: int | None) -> str:
    return str(RATING_LABELS[value]) if value in RATING_LABELS else str(_("Not rated"))


@dataclass(frozen=True)
class Item:
    """One item of the report: its key, its heading, and what it asks for."""

    key: str
    title: str
    asks: str
    long_form: bool = False


SHORT_FORM = [
    Item("aim", _("Aim"), _("The aim of involving the public in the project.")),
    Item(
        "methods",
        _("Methods"),
        _("The methods used for involving the public: who was involved, how and when."),
    ),
    Item(
        "results",
        _("Results"),
        _("The outcomes of involvement, including its positive and negative effects."),
    ),
    Item(
        "discussion",
        _("Discussion"),
        _("The extent to which involvement influenced the project overall."),
    ),
    Item(
        "reflections",
        _("Reflections"),
        _("A critical look at involvement: what went well and what did not, so others learn."),
    ),
]
assert tuple(item.key for item in SHORT_FORM) == GRIPP2_ITEMS

# The long form's sections that the short form does not already hold.
LONG_FORM = [
    Item(
        "background",
        _("Background"),
        _("The definition of involvement the project used, and the ideas it drew on."),
        True,
    ),
    Item(
        "measurement",
        _("Capture or measurement of impact"),
        _("How the impact of involvement was captured or measured, if it was."),
        True,
    ),
    Item(
        "economic",
        _("Economic assessment"),
        _("How the costs and benefits of involvement were assessed, if they were."),
        True,
    ),
]


def report_items(long_form: bool) -> list[Item]:
    """The items of the report in the order of the GRIPP2 checklist."""
    if not long_form:
        return list(SHORT_FORM)
    aim, methods, results, discussion, reflections = SHORT_FORM
    background, measurement, economic = LONG_FORM
    return [background, aim, methods, measurement, economic, results, discussion, reflections]


ITEM_BY_KEY = {item.key: item for item in SHORT_FORM + LONG_FORM}
