from projects.actions import do_renew_calendar_feed
from projects.models import Membership
from projects.reminders import get_stop_token

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
    Row("projects-reminders", FACILITATORS_SEE),
    Row("projects-my-settings", MEMBERS_SEE),
    Row(
        "projects-my-settings",
        MEMBERS_DO,
        method="post",
        data=lambda w: {"reminders_enabled": ""},
        note="each member changes only their own setting",
    ),
    Row(
        "projects-my-calendar",
        expect(LOGIN, 404, 200, 200, 200),
        method="post",
        data=lambda w: {"action": "renew"},
        note="the new address is shown once, on the page itself",
    ),
    Row(
        "projects-my-calendar",
        MEMBERS_DO,
        method="post",
        data=lambda w: {"action": "revoke"},
    ),
    Row("reminders-stop", LINK_HOLDERS, kwargs=stop_link, note="the signed link is the authority"),
    Row("reminders-stop", LINK_HOLDERS, method="post", kwargs=stop_link),
    Row("calendar-feed", LINK_HOLDERS, kwargs=calendar_link, note="the secret is the authority"),
]
