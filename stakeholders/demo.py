"""Demo data for the stakeholder map."""

import datetime
import secrets

from django.utils import timezone
from django.utils.text import slugify

from projects.demo import FACILITATOR, OBSERVER, PARTICIPANT
from projects.models import Project, Role
from stakeholders.models import Category, Invitation, Stakeholder, hash_token

STAKEHOLDERS = [
    ("Pat Morgan", "", "lived_experience", 2, 5, False, "accepted"),
    ("Amina Yusuf", "", "lived_experience", 1, 5, True, "sent"),
    ("Derek Hall", "", "lived_experience", 1, 4, True, None),
    ("Grace Osei", "", "carer", 1, 4, True, "sent"),
    ("Tom Reilly", "", "carer", None, None, False, None),  # not rated yet
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
    ("Local Pharmacy", "", "other", None, None, False, None),  # not rated yet
    ("St Mary's Primary School", "St Mary's Primary School", "community_group", 2, 4, False, None),
    ("Residents' Association", "", "community_group", 3, 4, False, "declined"),
]


# Shown by name to members and in the charter: these organisations and groups, and the people
# who agreed to be named. Everyone else on the map appears to them only in counts.
ORGANISATIONS = {
    "Market Traders Association",
    "Northbridge Youth Club",
    "Wheels for All",
    "Transport Commissioning Team",
    "Highways Department",
    "Northbridge Bus Company",
    "Local Pharmacy",
    "St Mary's Primary School",
    "Residents' Association",
}
AGREED_TO_BE_NAMED = {"Pat Morgan", "Olu Bennett", "Jo Adeyemi", "Dr Priya Shah"}


def add_stakeholders(project: Project, users: dict) -> None:
    """A realistic map with no policymaker on it, so that the reach check has a gap to show."""
    now = timezone.now()
    facilitator = users[FACILITATOR]
    linked = {"Pat Morgan": users[PARTICIPANT], "Olu Bennett": users[OBSERVER]}
    for n, (name, organisation, category, power, interest, seldom, invited) in enumerate(
        STAKEHOLDERS
    ):
        email = f"{slugify(name)}@example.org" if invited or n % 3 else ""
        if name in linked:  # they accepted the invitation sent to the address they signed up with
            email = linked[name].email
        stakeholder = Stakeholder.objects.create(
            project=project,
            name=name,
            organisation=organisation,
            is_organisation=name in ORGANISATIONS,
            named_consent_at=now if name in AGREED_TO_BE_NAMED else None,
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


def add_many_stakeholders(project: Project, *, count: int) -> None:
    """Stakeholders spread over every category and cell of the grid, for benchmarks.

    Organisations, so that the charter draws every one of them as members would see it.
    """
    categories = list(Category.values)
    Stakeholder.objects.bulk_create(
        Stakeholder(
            project=project,
            name=f"Stakeholder {n:04d}",
            organisation=f"Organisation {n % 37}",
            is_organisation=True,
            email=f"stakeholder{n:04d}@example.org",
            category=categories[n % len(categories)],
            power=n % 5 + 1,
            interest=n * 3 % 5 + 1,
            seldom_heard=n % 6 == 0,
        )
        for n in range(1, count + 1)
    )
