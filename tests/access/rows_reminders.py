from projects.models import Membership
from reminders.actions import do_renew_calendar_feed
from reminders.sweep import get_stop_token

from .matrix import FACILITATORS_DO, FACILITATORS_SEE, LOGIN, MEMBERS_SEE, Row, World, expect

MEMBERS_DO = expect(LOGIN, 404, 302, 302, 302)
LINK_HOLDERS = expect(200, 200, 200, 200, 200)


def stop_link(w: World) -> dict:
    membership = Membership.objects.get(project=w.project, user=w.users["participant"])
    return {"token": get_stop_token(membership.pk)}


def calendar_link(w: World) -> dict:
    membership = Membership.objects.get(project=w.project, user=w.users["participant"])
    return {"token": do_renew_calendar_feed(membership=membership)}


def details(w: World) -> dict:
    return {"title": "Renamed", "status": "active", "time_zone": "Europe/London", "version": 1}


ROWS = [
    Row("projects-edit", FACILITATORS_SEE),
    Row("projects-edit", FACILITATORS_DO, method="post", data=details),
    Row("reminders-list", FACILITATORS_SEE),
    Row("reminders-my-settings", MEMBERS_SEE),
    Row(
        "reminders-my-settings",
        MEMBERS_DO,
        method="post",
        data=lambda w: {"reminders_enabled": ""},
        note="each member changes only their own setting",
    ),
    Row(
        "reminders-my-perspective",
        MEMBERS_DO,
        method="post",
        data=lambda w: {"perspective": "community"},
        note="each member changes only their own perspective",
    ),
    Row(
        "reminders-my-calendar",
        expect(LOGIN, 404, 200, 200, 200),
        method="post",
        data=lambda w: {"action": "renew"},
        note="the new address is shown once, on the page itself",
    ),
    Row(
        "reminders-my-calendar",
        MEMBERS_DO,
        method="post",
        data=lambda w: {"action": "revoke"},
    ),
    Row("reminders-stop", LINK_HOLDERS, kwargs=stop_link, note="the signed link is the authority"),
    Row("reminders-stop", LINK_HOLDERS, method="post", kwargs=stop_link),
    Row("calendar-feed", LINK_HOLDERS, kwargs=calendar_link, note="the secret is the authority"),
]
