import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from agreements.models import (
    Channel,
    CommunicationItem,
    DecisionMethod,
    DecisionRule,
    Frequency,
    GroundRule,
)
from charter.freshness import get_fingerprint
from charter.models import Charter
from powercheck.models import Answer, Checklist, Question, Response, Round
from projects.models import Goal, Membership, Perspective, Project, Role
from reminders.models import Reminder


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        """Accounts have confirmed their address, as every account made by signing up has;
        ``UserFactory(verified_email=False)`` for one that has not."""
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    organisation = "Northbridge City Council"
    aim = "Streets that are safer to walk and play in."
    created_by = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.PARTICIPANT
    perspective = Perspective.COMMUNITY


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    project = factory.SubFactory(ProjectFactory)
    text = factory.Sequence(lambda n: f"Goal {n}")
    measure = "We will count it."
    order = factory.Sequence(int)


class DecisionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionRule

    project = factory.SubFactory(ProjectFactory)
    area = factory.Sequence(lambda n: f"area {n}")
    who = DecisionRule.Who.WHOLE_GROUP
    method = DecisionMethod.CONSENT
    order = factory.Sequence(int)


class GroundRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroundRule

    project = factory.SubFactory(ProjectFactory)
    text = factory.Sequence(lambda n: f"Ground rule {n}")
    order = factory.Sequence(int)


class CommunicationItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunicationItem

    project = factory.SubFactory(ProjectFactory)
    audience = "all members"
    purpose = factory.Sequence(lambda n: f"Update {n}")
    channel = Channel.EMAIL
    frequency = Frequency.MONTHLY
    next_due = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=3))
    due_day = factory.LazyAttribute(lambda item: item.next_due.day)


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "stakeholders.Stakeholder"

    project = factory.SubFactory(ProjectFactory)
    name = factory.Faker("name", locale="en_GB")
    organisation = ""
    email = factory.Sequence(lambda n: f"stakeholder{n}@example.org")
    category = "lived_experience"
    power = 3
    interest = 3


class InvitationFactory(factory.django.DjangoModelFactory):
    """An open invitation sent now (its token is not known: only a hash of one is stored)."""

    class Meta:
        model = "stakeholders.Invitation"

    stakeholder = factory.SubFactory(StakeholderFactory)
    role = Role.PARTICIPANT
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    sent_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda i: i.sent_at + datetime.timedelta(days=14))


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    project = factory.SubFactory(ProjectFactory)
    checklist = factory.LazyFunction(lambda: Checklist.default())
    title = factory.Sequence(lambda n: f"Round {n}")
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    anonymous = True


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    round = factory.SubFactory(RoundFactory)
    member = factory.SubFactory(MembershipFactory, project=factory.SelfAttribute("..round.project"))
    perspective = factory.SelfAttribute("member.perspective")
    submitted_at = factory.LazyFunction(timezone.now)


class CharterFactory(factory.django.DjangoModelFactory):
    """A ready charter whose stored file is a stand-in (not a rendered PDF)."""

    class Meta:
        model = Charter

    project = factory.SubFactory(ProjectFactory)
    version = factory.Sequence(lambda n: n + 1)
    status = Charter.Status.READY
    content_hash = factory.Sequence(lambda n: f"{n:064x}")
    pdf = factory.django.FileField(filename="charter.pdf", data=b"%PDF-1.7\n%stand-in\n")
    rendered_at = factory.LazyFunction(timezone.now)
    # Made from the project as it is now, so it is current until something changes.
    made_from = factory.LazyAttribute(lambda charter: get_fingerprint(charter.project))


class ReminderFactory(factory.django.DjangoModelFactory):
    """A reminder due a minute ago about an event tomorrow."""

    class Meta:
        model = Reminder

    kind = Reminder.Kind.OTHER
    project = factory.SubFactory(ProjectFactory)
    recipient = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Reminder {n}")
    url = factory.LazyAttribute(lambda r: r.project.get_absolute_url())
    due_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=1))
    event_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
    dedupe_key = factory.Sequence(lambda n: f"test:{n}")


def answer_every_statement(response: Response, score: int) -> None:
    """Answer every statement of the default checklist with the same score."""
    questions = Question.objects.filter(section__checklist=Checklist.default())
    Answer.objects.bulk_create(
        Answer(response=response, question=q, score=score) for q in questions
    )


def soon(days: int, hour: int = 18) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Meeting"

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(lambda: soon(7))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + datetime.timedelta(hours=2))
    place = "Northbridge Library"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Action"

    meeting = factory.SubFactory(MeetingFactory)
    project = factory.LazyAttribute(lambda a: a.meeting.project)
    text = factory.Sequence(lambda n: f"Action {n}")
    due = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=10))


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "impact.Contribution"

    project = factory.SubFactory(ProjectFactory)
    kind = "suggestion"
    text = factory.Sequence(lambda n: f"Idea {n}")


class ImpactEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "impact.ImpactEntry"

    project = factory.SubFactory(ProjectFactory)
    what_changed = factory.Sequence(lambda n: f"Change {n}")
    for_whom = "Residents"
    changed_on = factory.LazyFunction(datetime.date.today)
