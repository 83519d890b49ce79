"""The checklist's own words, marked for translation, and their easy-read versions.

The checklist is data (``0002_default_checklist``, reworded in plain English by
``0004_plain_english_statements``), so its wording is listed here as well: ``makemessages``
finds it, and ``shown()`` gives the text in the reader's language. A project's own
statements are shown as written. Each easy-read version says the same thing in short
sentences with common words, one idea on each line, and has a picture (``ICONS``).
"""

from django.utils.translation import gettext, gettext_noop

SECTION_TITLES = [
    gettext_noop("Who takes part?"),
    gettext_noop("How we talk and work together"),
    gettext_noop("How the organisations work with the group"),
    gettext_noop("What changes because we work together?"),
]

STATEMENTS = [
    gettext_noop(
        "The group includes everyone the project affects, and people with lived experience."
    ),
    gettext_noop("We reach beyond the usual suspects to people who are seldom heard."),
    gettext_noop("Community members help decide who else is invited to take part."),
    gettext_noop(
        "Things that make it hard to take part are removed: time, cost, travel, access, "
        "language and caring."
    ),
    gettext_noop("People are paid or recognised fairly for the time they give."),
    gettext_noop("What people know from life counts as much as what they know from work or study."),
    gettext_noop("Everyone gets a fair chance to speak, and quieter voices are invited in."),
    gettext_noop("People can disagree without fear of what will happen."),
    gettext_noop("Jargon is avoided, or explained when it is used."),
    gettext_noop("Different people take turns to run meetings, not always the same ones."),
    gettext_noop("It is clear which decisions the group makes and which are made elsewhere."),
    gettext_noop("The organisations in the project do what the group decides."),
    gettext_noop("Budgets, timelines and rules are open to discussion by the whole group."),
    gettext_noop("Community members get the same papers as staff, at the same time."),
    gettext_noop(
        "The organisations change their rules (for pay, ethics and contracts) to suit "
        "community members, not only the other way round."
    ),
    gettext_noop("People gain skills, confidence or new chances by taking part."),
    gettext_noop("Services, policies or research change because of the group’s work."),
    gettext_noop("People are told what changed because of what they said."),
    gettext_noop("What the project gains is shared fairly with the community."),
    gettext_noop("The group reflects together on power and acts on what it finds."),
]

SUGGESTED_ACTIONS = [
    gettext_noop("Ask community members who is missing from the group, and invite them together."),
    gettext_noop(
        "Agree a payment and expenses policy for community members before the next meeting."
    ),
    gettext_noop("Ask each member what makes taking part hard, and remove one barrier each month."),
    gettext_noop(
        "Take turns chairing meetings, with community members chairing at least every other one."
    ),
    gettext_noop("Keep a jargon list at every meeting and explain any word on it."),
    gettext_noop(
        "Start each meeting with a round where everyone speaks once before open discussion."
    ),
    gettext_noop(
        "Write down which decisions the group makes and which are made elsewhere, and share it."
    ),
    gettext_noop(
        "Share the project budget and timeline with the whole group and review them together."
    ),
    gettext_noop("Send community members every paper staff receive, at the same time."),
    gettext_noop("Send everyone a short “you said, we did” update after each decision."),
    gettext_noop("Agree with community members how the project’s benefits will be shared."),
    gettext_noop("Repeat this check in three months and discuss the results together."),
]

# Easy read: each statement of the checklist, said simply, one idea on each line.
EASY_READ = dict(
    zip(
        STATEMENTS,
        [
            gettext_noop(
                "Everyone the project is about is in the group.\n"
                "This means people who know it from their own life too."
            ),
            gettext_noop(
                "We ask people who are not often asked.\nWe do not just ask the same people."
            ),
            gettext_noop("People from the community help choose\nwho else to ask to join."),
            gettext_noop(
                "We take away what makes it hard to come.\n"
                "This can be time, cost, travel, language or care."
            ),
            gettext_noop("People get paid or thanked\nfor the time they give."),
            gettext_noop(
                "What you know from your life counts.\nIt counts as much as what you learn at work."
            ),
            gettext_noop("Everyone gets a turn to speak.\nWe ask quiet people what they think."),
            gettext_noop("You can say you do not agree.\nYou do not need to be scared."),
            gettext_noop("We use easy words.\nWe explain any hard word."),
            gettext_noop("We take turns to run the meetings.\nIt is not always the same person."),
            gettext_noop("We know what the group decides.\nWe know what other people decide."),
            gettext_noop("The groups in charge do\nwhat we decide."),
            gettext_noop("We can all talk about the money, the plan and the rules."),
            gettext_noop("You get the same papers as the staff.\nYou get them at the same time."),
            gettext_noop(
                "The groups in charge change their rules to help you.\n"
                "You do not always have to fit their rules."
            ),
            gettext_noop("You learn new things by taking part.\nYou feel more sure of yourself."),
            gettext_noop(
                "Things change because of what we do.\nThis can be a service, a plan or a study."
            ),
            gettext_noop("We tell you what changed\nbecause of what you said."),
            gettext_noop("The good things from the project\nare shared fairly with everyone."),
            gettext_noop("We talk together about who has power.\nThen we do something about it."),
        ],
        strict=True,
    )
)

# The picture beside each easy-read statement: one per section (static/img/easy/…).
ICONS = ["people", "talk", "building", "change"]
ICON_LABELS = {
    "people": gettext_noop("A picture of a group of people"),
    "talk": gettext_noop("A picture of two speech bubbles"),
    "building": gettext_noop("A picture of a building"),
    "change": gettext_noop("A picture of an arrow going up"),
}


def shown(text: str) -> str:
    """The checklist's own wording in the reader's language (anything else as written)."""
    return gettext(text) if text else text


def easy_read(text: str) -> str:
    """The easy-read version of one of the checklist's statements, or "" if it has none."""
    easy = EASY_READ.get(text)
    return gettext(easy) if easy else ""
