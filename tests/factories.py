import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from projects.models import Charter, Goal, Membership, Perspective, Project, Role


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
