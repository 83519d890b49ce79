"""Demo data for projects: people, the project, its members and goals."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from .actions import do_add_goal, do_create_project
from .models import Membership, Perspective, Project, Role

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


def get_user(email: str, name: str, password: str):
    user, created = get_user_model().objects.get_or_create(email=email, defaults={"name": name})
    if created or not user.has_usable_password():
        user.set_password(password)
        user.save()
    return user


def create_project(users: dict) -> Project:
    """The demo project with its members and goals."""
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
