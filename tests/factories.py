import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from projects.models import Goal, Membership, Perspective, Project, Reminder, Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password("correct horse battery staple")


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
