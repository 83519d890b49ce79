"""The power dynamics check's dates in members' calendar feeds (``projects.calendar``)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from projects.calendar import CalendarEvent
from projects.models import Membership

from .models import RESPONDER_ROLES, Round


def get_round_dates(membership: Membership) -> list[CalendarEvent]:
    """When each open round closes, for members who can answer it."""
    if membership.role not in RESPONDER_ROLES:
        return []
    project = membership.project
    return [
        CalendarEvent(
            uid=f"round-{round.pk}-closes@coproduce",
            title=_("The power dynamics check “%(round)s” closes") % {"round": round.title},
            start=round.closes_at,
            url=settings.SITE_URL + reverse("powercheck-respond", args=[project.slug, round.pk, 1]),
        )
        for round in Round.objects.filter(project=project).still_open()
    ]
