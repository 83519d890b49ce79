"""Load a demo facilitator, participant, observer and one realistic project."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from projects.actions import (
    do_add_communication_item,
    do_add_decision_rule,
    do_add_goal,
    do_add_ground_rule,
    do_agree_to_ground_rules,
    do_create_project,
    do_save_principles,
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
    Role,
)
from stakeholders.models import Category, Invitation, Stakeholder, hash_token

UNUSABLE = make_password(None)
DEMO_SLUG = "healthy-streets-together"
FACILITATOR = "facilitator@example.org"
PARTICIPANT = "participant@example.org"
OBSERVER = "observer@example.org"

# name, organisation, category, power, interest, seldom heard, invitation (None, "sent", "accepted")
STAKEHOLDERS = [
    ("Pat Morgan", "", "lived_experience", 2, 5, False, "accepted"),
    ("Amina Yusuf", "", "lived_experience", 1, 5, True, "sent"),
    ("Derek Hall", "", "lived_experience", 1, 4, True, None),
    ("Grace Osei", "", "carer", 1, 4, True, "sent"),
    ("Tom Reilly", "", "carer", 2, 3, False, None),
    (
        "Market Traders Association",
        "Market Traders Association",
        "community_group",
        3,
        5,
        False,
        "sent",
    ),
    ("Northbridge Youth Club", "Northbridge Youth Club", "community_group", 2, 4, True, None),
    ("Wheels for All", "Wheels for All", "community_group", 2, 5, True, None),
    ("PC Sarah Lin", "Northbridge Police", "practitioner", 3, 3, False, None),
    ("Jo Adeyemi", "Northbridge City Council", "practitioner", 3, 4, False, "sent"),
    ("Kieran Walsh", "Northbridge City Council", "practitioner", 4, 3, False, None),
    ("Dr Priya Shah", "Northbridge University", "researcher", 3, 5, False, None),
    ("Dr Ben Carter", "Northbridge University", "researcher", 2, 4, False, None),
    ("Olu Bennett", "Healthy Cities Fund", "funder", 5, 3, False, "accepted"),
    ("Transport Commissioning Team", "Northbridge City Council", "funder", 5, 2, False, None),
    ("Highways Department", "Northbridge City Council", "other", 5, 2, False, None),
    ("Northbridge Bus Company", "Northbridge Bus Company", "other", 4, 2, False, None),
    ("Local Pharmacy", "", "other", 1, 2, False, None),
    ("St Mary's Primary School", "St Mary's Primary School", "community_group", 2, 4, False, None),
    ("Residents' Association", "", "community_group", 3, 4, False, "declined"),
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


class Command(BaseCommand):
    help = "Load demo users and a demo project. Safe to run twice."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=["small", "large"], default="small")
        parser.add_argument("--password", default="coproduce-demo")
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    @transaction.atomic
    def handle(self, *args, size: str, password: str, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data with DEBUG=False; pass --force to do it anyway."
            )
        users = {
            email: self.get_user(email, name, password)
            for email, name in [
                (FACILITATOR, "Fatima Okafor"),
                (PARTICIPANT, "Pat Morgan"),
                (OBSERVER, "Olu Bennett"),
            ]
        }
        project = Project.objects.filter(slug=DEMO_SLUG).first()
        if project is None:
            project = self.create_project(users)
            if size == "large":
                self.add_many_members(project, count=200)
                self.add_many_agreements(project, rules=50, items=100)
                self.add_many_stakeholders(project, count=1000)
            self.stdout.write(self.style.SUCCESS(f"Created the demo project “{project.title}”."))
        else:
            self.stdout.write("The demo project already exists; left as it is.")
        self.stdout.write(
            f"Log in as {FACILITATOR} (or {PARTICIPANT}, {OBSERVER}) with the password “{password}”."
        )

    def get_user(self, email: str, name: str, password: str):
        user, created = get_user_model().objects.get_or_create(email=email, defaults={"name": name})
        if created or not user.has_usable_password():
            user.set_password(password)
            user.save()
        return user

    def create_project(self, users: dict) -> Project:
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
        self.add_agreements(project, users)
        self.add_stakeholders(project, users)
        return project

    def add_stakeholders(self, project: Project, users: dict) -> None:
        """A realistic map with no policymaker on it, so that the reach check has a gap to show."""
        now = timezone.now()
        facilitator = users[FACILITATOR]
        linked = {"Pat Morgan": users[PARTICIPANT], "Olu Bennett": users[OBSERVER]}
        for n, (name, organisation, category, power, interest, seldom, invited) in enumerate(
            STAKEHOLDERS
        ):
            email = f"{slugify(name)}@example.org" if invited or n % 3 else ""
            stakeholder = Stakeholder.objects.create(
                project=project,
                name=name,
                organisation=organisation,
                email=email,
                category=category,
                power=power,
                interest=interest,
                seldom_heard=seldom,
                consent_recorded_at=now if invited else None,
                user=linked.get(name),
            )
            if invited:
                Invitation.objects.create(
                    stakeholder=stakeholder,
                    role=Role.OBSERVER if category == "funder" else Role.PARTICIPANT,
                    # Nobody knows this token: demo invitations are for looking at, not opening.
                    token_hash=hash_token(secrets.token_urlsafe(32)),
                    invited_by=facilitator,
                    sent_at=now,
                    expires_at=now + datetime.timedelta(days=14),
                    accepted_at=now if invited == "accepted" else None,
                    accepted_by=linked.get(name),
                    declined_at=now if invited == "declined" else None,
                )

    def add_many_stakeholders(self, project: Project, *, count: int) -> None:
        """Stakeholders spread over every category and cell of the grid, for benchmarks."""
        categories = list(Category.values)
        Stakeholder.objects.bulk_create(
            Stakeholder(
                project=project,
                name=f"Stakeholder {n:04d}",
                organisation=f"Organisation {n % 37}",
                email=f"stakeholder{n:04d}@example.org",
                category=categories[n % len(categories)],
                power=n % 5 + 1,
                interest=n * 3 % 5 + 1,
                seldom_heard=n % 6 == 0,
            )
            for n in range(1, count + 1)
        )

    def add_many_members(self, project: Project, *, count: int) -> None:
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

    def add_agreements(self, project: Project, users: dict) -> None:
        """Principles, decision rules, ground rules (agreed by some) and a communication plan."""
        do_save_principles(
            project=project,
            meanings={key: text for key, text in PRINCIPLES},
            definitions=[Definition.NIHR, Definition.INVOLVE],
            own_definition="Residents and the council design our streets together, as equals.",
        )
        for fields in DECISION_RULES:
            do_add_decision_rule(project=project, **fields)
        memberships = {m.user_id: m for m in project.memberships.all()}
        for text in GroundRule.SUGGESTIONS[:5]:
            do_add_ground_rule(project=project, text=str(text), by=users[FACILITATOR])
        do_agree_to_ground_rules(membership=memberships[users[PARTICIPANT].pk])
        do_add_ground_rule(
            project=project, text=str(GroundRule.SUGGESTIONS[7]), by=users[FACILITATOR]
        )
        do_agree_to_ground_rules(membership=memberships[users[FACILITATOR].pk])
        today = timezone.localdate()
        for days, owner, fields in COMMUNICATION:
            do_add_communication_item(
                project=project,
                owner=memberships[users[owner].pk],
                next_due=today + datetime.timedelta(days=days),
                **fields,
            )

    def add_many_agreements(self, project: Project, *, rules: int, items: int) -> None:
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
