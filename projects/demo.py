"""Demo data for projects: people, the project, goals and what the group agreed."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from projects.actions import (
    do_add_communication_item,
    do_add_decision_rule,
    do_add_goal,
    do_add_ground_rule,
    do_agree_to_ground_rules,
    do_create_project,
    do_save_principles,
    do_update_project,
)
from projects.models import (
    Channel,
    CommunicationItem,
    DecisionMethod,
    DecisionRule,
    Definition,
    Format,
    Frequency,
    GroundRule,
    Membership,
    Perspective,
    Principle,
    Project,
    Reminder,
    Role,
)
from projects.reminders import do_schedule_reminder

UNUSABLE = make_password(None)
DEMO_SLUG = "healthy-streets-together"
FACILITATOR = "facilitator@example.org"
PARTICIPANT = "participant@example.org"
OBSERVER = "observer@example.org"
DEMO_PEOPLE = [
    (FACILITATOR, "Fatima Okafor"),
    (PARTICIPANT, "Pat Morgan"),
    (OBSERVER, "Olu Bennett"),
]


GOALS = [
    (
        "Residents and council officers agree the three streets to change first.",
        "A shortlist signed off at the June workshop by both groups.",
    ),
    (
        "People who rarely take part in consultations shape the designs.",
        "At least a third of design session attendees have never been to a council meeting.",
    ),
    (
        "The council adopts the group's recommendations in its transport plan.",
        "Recommendations appear in the plan published next spring.",
    ),
]


PRINCIPLES = [
    (
        Principle.Key.SHARING_POWER,
        "Residents hold half the seats on the steering group and a veto over the final designs.",
    ),
    (
        Principle.Key.ALL_PERSPECTIVES,
        "We go to the market, the mosque and the youth club rather than waiting for people "
        "to come to the town hall.",
    ),
    (
        Principle.Key.RESPECTING_KNOWLEDGE,
        "People who cross these streets every day know where the danger is; their maps count "
        "as evidence.",
    ),
    (
        Principle.Key.RECIPROCITY,
        "Residents are paid for their time at the living wage, and everyone gets a certificate "
        "and a reference.",
    ),
    (
        Principle.Key.RELATIONSHIPS,
        "We meet in the same place every month, with food, and keep in touch between meetings.",
    ),
]


DECISION_RULES = [
    {
        "area": "the budget",
        "who": DecisionRule.Who.WHOLE_GROUP,
        "method": DecisionMethod.CONSENT,
        "fallback": DecisionMethod.SUPERMAJORITY,
        "percentage": 67,
        "quorum": DecisionRule.Quorum.HALF,
    },
    {
        "area": "which streets change first",
        "who": DecisionRule.Who.NAMED_GROUP,
        "who_name": "the steering group",
        "method": DecisionMethod.CONSENSUS,
        "fallback": DecisionMethod.MAJORITY,
        "quorum": DecisionRule.Quorum.TWO_THIRDS,
        "dissent": DecisionRule.Dissent.NAMED,
    },
    {
        "area": "road safety and the law",
        "who": DecisionRule.Who.PARTNER,
        "who_name": "Northbridge City Council",
        "method": DecisionMethod.LEAD,
        "dissent": DecisionRule.Dissent.REPORT,
    },
    {
        "area": "meeting times and places",
        "who": DecisionRule.Who.FACILITATORS,
        "method": DecisionMethod.MAJORITY,
    },
]


COMMUNICATION = [
    (
        -3,
        FACILITATOR,
        {
            "audience": "all members",
            "purpose": "Notes and actions from the monthly meeting",
            "channel": Channel.EMAIL,
            "formats": [Format.LARGE_PRINT, Format.EASY_READ],
            "frequency": Frequency.MONTHLY,
        },
    ),
    (
        2,
        PARTICIPANT,
        {
            "audience": "residents of Market Street",
            "purpose": "What the group has decided so far, and how to have a say",
            "channel": Channel.NEWSLETTER,
            "formats": [Format.TRANSLATION],
            "frequency": Frequency.QUARTERLY,
        },
    ),
    (
        5,
        FACILITATOR,
        {
            "audience": "members who do not use email",
            "purpose": "A reminder of the next meeting",
            "channel": Channel.PHONE,
            "formats": [],
            "frequency": Frequency.FORTNIGHTLY,
        },
    ),
    (
        40,
        FACILITATOR,
        {
            "audience": "the council's transport committee",
            "purpose": "The group's recommendations",
            "channel": Channel.MEETING,
            "formats": [Format.BSL],
            "frequency": Frequency.ONCE,
        },
    ),
]


def get_user(email: str, name: str, password: str):
    user, created = get_user_model().objects.get_or_create(email=email, defaults={"name": name})
    if created or not user.has_usable_password():
        user.set_password(password)
        user.save()
    return user


def create_project(users: dict) -> Project:
    """The demo project with its members, goals and agreements."""
    today = timezone.localdate()
    project = do_create_project(
        by=users[FACILITATOR],
        title="Healthy Streets Together",
        organisation="Northbridge City Council",
        aim=(
            "Make the streets around Northbridge market safer and more pleasant to walk, "
            "wheel and play in, designed with the people who live and work there."
        ),
        start_date=today - datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=335),
        perspective=Perspective.RESEARCHER,
    )
    Project.objects.filter(pk=project.pk).update(slug=DEMO_SLUG, status=Project.Status.ACTIVE)
    project.refresh_from_db()
    Membership.objects.create(
        project=project,
        user=users[PARTICIPANT],
        role=Role.PARTICIPANT,
        perspective=Perspective.COMMUNITY,
    )
    Membership.objects.create(
        project=project,
        user=users[OBSERVER],
        role=Role.OBSERVER,
        perspective=Perspective.ORGANISATION,
    )
    for text, measure in GOALS:
        do_add_goal(project=project, text=text, measure=measure)
    add_agreements(project, users)
    return project


def add_many_members(project: Project, *, count: int) -> None:
    """Members without a usable password, spread across the perspectives."""
    User = get_user_model()
    new_users = User.objects.bulk_create(
        User(email=f"member{n:04d}@example.org", name=f"Member {n}", password=UNUSABLE)
        for n in range(1, count + 1)
    )
    perspectives = list(Perspective.values)
    Membership.objects.bulk_create(
        Membership(
            project=project,
            user=user,
            role=Role.PARTICIPANT,
            perspective=perspectives[n % len(perspectives)],
        )
        for n, user in enumerate(new_users)
    )


def add_agreements(project: Project, users: dict) -> None:
    """Principles, decision rules, ground rules (agreed by some) and a communication plan."""
    do_save_principles(
        project=project,
        meanings={key: text for key, text in PRINCIPLES},
        definitions=[Definition.NIHR, Definition.INVOLVE],
        own_definition="Residents and the council design our streets together, as equals.",
    )
    for fields in DECISION_RULES:
        do_add_decision_rule(project=project, by=users[FACILITATOR], **fields)
    memberships = {m.user_id: m for m in project.memberships.all()}
    for text in GroundRule.SUGGESTIONS[:5]:
        do_add_ground_rule(project=project, text=str(text), by=users[FACILITATOR])
    do_agree_to_ground_rules(membership=memberships[users[PARTICIPANT].pk])
    do_add_ground_rule(project=project, text=str(GroundRule.SUGGESTIONS[7]), by=users[FACILITATOR])
    do_agree_to_ground_rules(membership=memberships[users[FACILITATOR].pk])
    today = timezone.localdate()
    for days, owner, fields in COMMUNICATION:
        do_add_communication_item(
            project=project,
            owner=memberships[users[owner].pk],
            next_due=today + datetime.timedelta(days=days),
            **fields,
        )


def add_many_agreements(project: Project, *, rules: int, items: int) -> None:
    """Top the demo up to this many decision rules and communication items, for benchmarks."""
    rules -= project.decision_rules.count()
    items -= project.communication_items.count()
    DecisionRule.objects.bulk_create(
        DecisionRule(
            project=project,
            area=f"work package {n}",
            who=DecisionRule.Who.WHOLE_GROUP,
            method=DecisionMethod.CONSENT,
            quorum=DecisionRule.Quorum.HALF,
            order=100 + n,
        )
        for n in range(1, rules + 1)
    )
    owners = list(project.memberships.all()[:20])
    today = timezone.localdate()
    CommunicationItem.objects.bulk_create(
        CommunicationItem(
            project=project,
            audience=f"Street group {n}",
            purpose=f"Update for street group {n}",
            channel=Channel.EMAIL,
            formats=[Format.LARGE_PRINT],
            frequency=Frequency.MONTHLY,
            owner=owners[n % len(owners)],
            next_due=today + datetime.timedelta(days=n % 60 - 5),
            due_day=(today + datetime.timedelta(days=n % 60 - 5)).day,
        )
        for n in range(1, items + 1)
    )


def add_reminders(project: Project, users: dict) -> None:
    """A charter review next week (its reminder is due now) and a few other reminders."""
    project = do_update_project(
        project=project,
        version=project.version,
        review_date=timezone.localdate() + datetime.timedelta(days=5),
    )
    now = timezone.now()
    for n, (who, title, due_in) in enumerate(
        [
            (PARTICIPANT, "Send the June newsletter to market traders", datetime.timedelta()),
            (FACILITATOR, "Book the room for the design workshop", datetime.timedelta(days=3)),
            (PARTICIPANT, "Share the walkabout photos", datetime.timedelta(days=10)),
        ]
    ):
        do_schedule_reminder(
            kind=Reminder.Kind.OTHER,
            project=project,
            recipient=users[who],
            due_at=now + due_in,
            event_at=now + due_in + datetime.timedelta(days=1),
            title=title,
            url=project.get_absolute_url(),
            dedupe_key=f"demo:{project.pk}:{n}",
        )


def add_many_reminders(project: Project, *, count: int, due: int) -> None:
    """``count`` pending reminders to the project's members, ``due`` of them due now."""
    recipients = list(project.memberships.values_list("user_id", flat=True))
    now = timezone.now()
    url = project.get_absolute_url()
    batch = 5_000
    for start in range(0, count, batch):
        Reminder.objects.bulk_create(
            [
                Reminder(
                    kind=Reminder.Kind.OTHER,
                    project=project,
                    recipient_id=recipients[n % len(recipients)],
                    title=f"Demo reminder {n}",
                    url=url,
                    due_at=now - datetime.timedelta(minutes=1)
                    if n < due
                    else now + datetime.timedelta(days=1 + n % 60),
                    event_at=now + datetime.timedelta(days=61),
                    dedupe_key=f"demo-large:{project.pk}:{n}",
                )
                for n in range(start, min(start + batch, count))
            ]
        )
