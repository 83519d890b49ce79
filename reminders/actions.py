"""Members' own reminder settings and calendar addresses. One transaction each."""

from django.db import transaction

from projects.models import Membership

from .calendar import get_token_hash, new_token
from .models import CalendarFeed


@transaction.atomic
def do_set_reminders_enabled(*, membership: Membership, enabled: bool) -> Membership:
    """Turn this member's reminders for the project on or off (checked again at send time)."""
    membership.reminders_enabled = enabled
    membership.save(update_fields=["reminders_enabled"])
    return membership


@transaction.atomic
def do_renew_calendar_feed(*, membership: Membership) -> str:
    """Give the member a new private calendar address; the old one stops working.

    Returns the secret, which is shown once and never stored.
    """
    token = new_token()
    CalendarFeed.objects.filter(membership=membership).delete()
    CalendarFeed.objects.create(membership=membership, token_hash=get_token_hash(token))
    return token


@transaction.atomic
def do_revoke_calendar_feed(*, membership: Membership) -> None:
    """Stop the member's private calendar address from working."""
    CalendarFeed.objects.filter(membership=membership).delete()
