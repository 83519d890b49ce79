"""How an app plugs into a project: the one registry every part of a project goes through.

Each app that adds something to a project has a ``part.py`` holding one ``ProjectPart``
subclass, decorated with ``@register``. It overrides what the app adds (its overview step,
its export sections, what it holds about a person, its calendar dates, its charter
sections, which reminders it can call off, its demo data), what it does when the project
or its members change, and what it erases when a person deletes their account or a project is
deleted. ``projects`` asks the registered parts through ``get_parts()`` and
never imports an app above it. ``ProjectsConfig.ready()`` imports every app's ``part.py``.

See docs/design.md, "Plugging into a project".
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Expression
from django.utils.translation import gettext_lazy as _

from coproduce.fingerprint import compare_rows

from .models import Membership, Project

NOT_STARTED, IN_PROGRESS, DONE = "not started", "in progress", "done"
# Made once, but the project has changed since (the charter's step).
OUT_OF_DATE = "out of date"


@dataclass(frozen=True)
class Step:
    """One step of "How do I begin?" on a project's overview."""

    title: str
    description: str
    state: str
    url: str | None = None
    notes: tuple[str, ...] = ()
    # A sentence shown before the notes (what they are about).
    lead: str = ""
    # The notes say what facilitators should do next, so other members are not shown them.
    notes_for_facilitators: bool = False

    @property
    def state_label(self) -> str:
        return {
            NOT_STARTED: _("Not started"),
            IN_PROGRESS: _("In progress"),
            DONE: _("Done"),
            OUT_OF_DATE: _("Out of date"),
        }[self.state]


def state_of(*parts_done: bool) -> str:
    """Done when every part is done, in progress when some are, otherwise not started."""
    if all(parts_done):
        return DONE
    return IN_PROGRESS if any(parts_done) else NOT_STARTED


def done_or_started(done: bool, started: bool) -> str:
    return DONE if done else IN_PROGRESS if started else NOT_STARTED


@dataclass(frozen=True)
class CalendarEvent:
    """A date in a member's calendar feed."""

    uid: str
    title: str
    start: datetime.date | datetime.datetime
    url: str = ""
    description: str = ""
    # When it ends (a meeting), and where it is.
    end: datetime.datetime | None = None
    location: str = ""


@dataclass(frozen=True)
class CharterSection:
    """One section of the charter: where it goes, its template, and what gathers its data.

    ``gather`` returns plain values (strings, numbers, dates, lists, dicts) so that the
    charter can be hashed; it must not read anything an observer may not see.
    """

    position: int
    id: str
    title: str
    template: str
    gather: Callable[[Project], dict]
    in_contents: bool = True


@dataclass(frozen=True)
class CoverItem:
    """Something a part prints on the charter's cover (the partners and their logos, say):
    its template and the plain values it is drawn from. ``draft`` says the part holds the
    document to be a draft still (not yet signed by everyone it asks), which the cover says."""

    template: str
    data: dict
    draft: bool = False


@dataclass(frozen=True)
class Panel:
    """A part's box on a person's "My projects" page: its template and what it shows."""

    template: str
    context: dict


@dataclass(frozen=True)
class Todo:
    """Something waiting for one member, on their own to-do on the overview."""

    title: str
    url: str
    due: datetime.date | None = None
    done: bool = False


# The six UK Standards for Public Involvement and the five items of GRIPP2's short form,
# which ``Evidence`` points to.
STANDARDS = (
    "inclusive_opportunities",
    "working_together",
    "support_and_learning",
    "communications",
    "impact",
    "governance",
)
GRIPP2_ITEMS = ("aim", "methods", "results", "discussion", "reflections")


@dataclass(frozen=True)
class Evidence:
    """One thing the record holds that a report on involvement can cite.

    ``summary`` is one plain sentence that names nobody who has not agreed to be named;
    ``key`` is unique within ``kind`` ("meeting", "decision", "impact", "round", …), so a
    report can say which row each sentence came from.
    """

    kind: str
    key: str
    title: str
    summary: str
    url: str
    date: datetime.date | None = None
    standards: tuple[str, ...] = ()
    gripp2: tuple[str, ...] = ()


@dataclass(frozen=True)
class Involvement:
    """Time a member gave that a part holds a record of (a meeting attended, an action done),
    offered to the time log. ``key`` is unique across parts ("meetings.attendance:12")."""

    user_id: int
    key: str
    activity: str
    date: datetime.date
    hours: Decimal
    description: str


# Which of the given event ids (rounds, invitations, …) still want their reminders sent.
LiveEvents = Callable[[set[int]], set[int]]


@dataclass(frozen=True)
class TimelineNames:
    """How the timeline names one kind of person it refers to.

    ``names`` returns the current name of each of the given ids that still exists, in one
    query; ``gone`` is what a line says of someone who no longer does (or was forgotten).
    """

    names: Callable[[set[int]], dict[int, str]]
    gone: str


class ProjectPart:
    """What one app adds to a project. Every method adds nothing unless overridden."""

    # Where the part comes among the others: its overview step, export sections, demo data.
    position: int = 100

    def progress(self) -> dict[str, Expression]:
        """Annotations on a ``Project`` query that the overview reads in its one query."""
        return {}

    def overview_step(self, project: Project, progress: dict[str, Any]) -> Step | None:
        """The part's step on the overview, from the values ``progress()`` annotated."""
        return None

    def export_project(self, project: Project) -> dict[str, Any]:
        """The part's keys of the facilitators' project export, as JSON-ready values."""
        return {}

    def export_person(self, user) -> dict[str, Any]:
        """The part's keys of a person's download of everything held about them."""
        return {}

    def calendar_dates(self, membership: Membership) -> list[CalendarEvent]:
        """Dates for this member's calendar feed, in a fixed number of queries."""
        return []

    def charter_sections(self) -> list[CharterSection]:
        return []

    def charter_cover(self, project: Project) -> list[CoverItem]:
        """What the part prints on the charter's cover, as plain values (hashed with the
        rest of the charter, like a section's)."""
        return []

    def charter_signoff_names(self) -> set[str]:
        """The names of its ``charter_fingerprint()`` that only record who signed off (who
        agreed, who signed): two versions that differ in nothing else say the same thing, so
        a signature given to one holds for the other."""
        return set()

    def charter_fingerprint(self) -> dict[str, Expression]:
        """Annotations on a ``Project`` query, cheap enough for the overview, whose values
        change whenever the part's charter sections would print something else (every field
        they print, and the time, where what they print depends on it). Plain text or
        numbers (``coproduce.fingerprint``); names unique to the part. Stored with each
        charter version, and compared with the project's values now."""
        return {}

    def charter_changes(self, before: dict[str, Any], now: dict[str, Any]) -> list[str]:
        """What changed in the part's charter sections, one plain sentence each, between the
        ``charter_fingerprint()`` values a version was made from and those of now. A name
        missing from ``before`` (a version made before it existed) is not compared."""
        return []

    def live_events(self) -> dict[str, LiveEvents]:
        """For each reminder kind the part schedules whose event can end while a sweep holds
        the reminder: which events are still live (asked once per batch, before sending)."""
        return {}

    def todo(self, membership: Membership) -> list[Todo]:
        """What waits for this member in the part (done ones included, so the overview can
        show what is done), in a fixed number of queries."""
        return []

    def report_evidence(self, project: Project) -> list[Evidence]:
        """What the part holds that a report on involvement can cite, in a fixed number of
        queries."""
        return []

    def project_list(self, user) -> list[Panel]:
        """What the part shows this person on "My projects", across their projects (what
        waits for them there, say), in a fixed number of queries."""
        return []

    def involvement(self, project: Project) -> list[Involvement]:
        """Time members gave that the part has a record of, in a fixed number of queries."""
        return []

    def timeline_names(self) -> dict[str, TimelineNames]:
        """For each model (by its label, "app.model") whose rows timeline lines refer to:
        how to name them when the lines are shown."""
        return {}

    def project_changed(self, project: Project, fields: set[str]) -> None:
        """The project's own fields named in ``fields`` were just saved."""

    def members_changed(self, project: Project) -> None:
        """Someone joined, left or changed role (called inside the same transaction)."""

    def member_leaving(self, membership: Membership) -> None:
        """This membership is about to be deleted."""

    def erase_person(self, user) -> None:
        """This person is deleting their account: erase what the part holds about them.

        Called inside the deletion's transaction while their account and memberships still
        exist (they go afterwards, with whatever cascades from them). What the part keeps
        (anonymous scores, say) must be what the account pages and README say is kept.
        """

    def project_deleting(self, project: Project) -> None:
        """The project is about to be deleted: delete what its rows cannot take with them when
        they cascade, such as stored files."""

    def add_demo(self, project: Project, users: dict, *, size: str) -> None:
        """Add the part's demo data to the demo project (``size`` is "small" or "large")."""


_parts: list[ProjectPart] = []


def register(cls: type[ProjectPart]) -> type[ProjectPart]:
    """Class decorator: plug this part into every project."""
    if not any(type(part) is cls for part in _parts):
        _parts.append(cls())
        _parts.sort(key=lambda part: part.position)
    return cls


def get_parts() -> list[ProjectPart]:
    """Every registered part, in position order."""
    return list(_parts)


def get_timeline_names() -> dict[str, TimelineNames]:
    """Every part's ``timeline_names``, by model label."""
    return {label: names for part in _parts for label, names in part.timeline_names().items()}


def get_signoff_names() -> set[str]:
    """Every part's ``charter_signoff_names``."""
    return {name for part in _parts for name in part.charter_signoff_names()}


def get_project_list_panels(user) -> list[Panel]:
    """Every part's boxes on this person's "My projects" page, in position order."""
    return [panel for part in _parts for panel in part.project_list(user)]


def do_notify_project_changed(project: Project, fields: set[str]) -> None:
    """Tell every part that these fields of the project were saved."""
    for part in _parts:
        part.project_changed(project, fields)


def do_notify_members_changed(project: Project) -> None:
    """Tell every part that the project's members changed."""
    for part in _parts:
        part.members_changed(project)


def do_notify_member_leaving(membership: Membership) -> None:
    """Tell every part that this member is about to leave."""
    for part in _parts:
        part.member_leaving(membership)


def differs(before: dict[str, Any], now: dict[str, Any], name: str) -> bool:
    """Whether one fingerprint value changed (one a version was not made with is not)."""
    return name in before and before[name] != now.get(name)


def row_sentences(
    before: dict[str, Any],
    now: dict[str, Any],
    name: str,
    *,
    added: str | None = None,
    removed: str | None = None,
    changed: str | None = None,
) -> list[str]:
    """Sentences for the rows of one ``rows_fingerprint`` added, removed and changed: each
    an ``ngettext_lazy(…, "count")`` with a ``%(count)s`` placeholder, or None to say nothing."""
    if not differs(before, now, name):
        return []
    changes = compare_rows(before[name], now.get(name))
    counted = [(added, changes.added), (removed, changes.removed), (changed, changes.changed)]
    return [sentence % {"count": n} for sentence, n in counted if sentence is not None and n]


def do_erase_person(user) -> None:
    """Ask every part to erase what it holds about this person."""
    for part in _parts:
        part.erase_person(user)


def do_notify_project_deleting(project: Project) -> None:
    """Tell every part that this project is about to be deleted."""
    for part in _parts:
        part.project_deleting(project)


def member_name(user) -> str:
    """A member's name as the charter prints it: never their email address."""
    return user.name or _("A member who has not given their name")
