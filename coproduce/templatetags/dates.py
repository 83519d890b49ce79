"""``{% load dates %}``: deadlines shown as the date chosen, in the project's time zone."""

import datetime

from django import template

from coproduce import dates

register = template.Library()


@register.filter
def until(moment: datetime.datetime | None, zone) -> str:
    """``{{ round.closes_at|until:project.zone }}`` → "until the end of 20 December 2026"."""
    if not isinstance(moment, datetime.datetime):
        return ""
    return dates.format_deadline(moment, zone)


@register.filter
def last_day(moment: datetime.datetime | None, zone) -> datetime.date | None:
    """``{{ round.ended_at|last_day:project.zone|date:"j F Y" }}``: the day it ended, in the
    project's time zone (the day chosen, for a round that ran to its end)."""
    if not isinstance(moment, datetime.datetime):
        return None
    return dates.last_day(moment, zone)
