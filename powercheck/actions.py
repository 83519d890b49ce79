"""Every change to rounds and responses goes through these functions. One transaction each."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from coproduce.dates import DAY_FORMAT, format_deadline, last_day
from projects.models import Membership, Project
from projects.timeline import do_record_event
from reminders.models import Reminder
from reminders.outbox import ReminderKey, do_cancel_reminders, do_sync_reminders, get_day_before

from .models import Answer, Checklist, Question, Response, Round, Section

ROUND_NOTICE = datetime.timedelta(days=2)


@dataclass(frozen=True)
class AnswerInput:
    """What a member chose for one statement: a score 0–4, or None for "don't know"."""

    question_id: int
    score: int | None
    comment: str = ""


def check_round_open(round: Round) -> None:
    """Raise ValidationError unless the round still accepts answers."""
    if not round.is_open():
        raise ValidationError(
            _("This round closed on %(date)s. Answers can no longer be given or changed.")
            % {"date": date_format(last_day(round.ended_at(), round.project.zone), DAY_FORMAT)}
        )


@transaction.atomic
def do_open_round(
    *,
    project: Project,
    by,
    title: str,
    closes_at: datetime.datetime,
    anonymous: bool = True,
    checklist: Checklist | None = None,
) -> Round:
    """Open a round of the check for every facilitator and participant to answer."""
    Project.objects.select_for_update().filter(pk=project.pk).first()
    if closes_at <= timezone.now():
        raise ValidationError(_("The closing date must be in the future."))
    current = Round.objects.filter(project=project).still_open().first()
    if current is not None:
        raise ValidationError(
            _("“%(title)s” is still open. Close it before opening a new round.")
            % {"title": current.title}
        )
    for past_its_date in Round.objects.filter(project=project, status=Round.Status.OPEN):
        do_close_round(round=past_its_date, by=by)
    round = Round.objects.create(
        project=project,
        checklist=checklist or Checklist.default(),
        title=title,
        closes_at=closes_at,
        anonymous=anonymous,
        created_by=by,
    )
    do_record_event(
        project=project,
        actor=by,
        verb="round opened",
        summary=_("Opened the power dynamics check “%(title)s”, open %(until)s.")
        % {"title": title, "until": format_deadline(closes_at, project.zone)},
    )
    sync_round_reminders(round)
    return round


def round_key(round: Round) -> ReminderKey:
    return ReminderKey(Reminder.Kind.ROUND_CLOSING, round.pk)


def sync_round_reminders(round: Round) -> None:
    """Remind members who can answer, two days before the round closes: in a round that is
    not anonymous, those who have not submitted; in an anonymous round, every one of them.

    An anonymous round's reminders never depend on who has answered, so that nothing in the
    reminders list, the export or the admin (a reminder cancelled, or not sent) tells anyone
    who has. The reminder says that those who have answered need do nothing.
    Call again whenever who can answer, or when the round closes, changes.
    """
    if not round.is_open():
        do_cancel_reminders(key=round_key(round))
        return
    project = round.project
    waiting = round.eligible_members().select_related("user")
    if not round.anonymous:
        submitted = Response.objects.filter(round=round, submitted_at__isnull=False)
        waiting = waiting.exclude(pk__in=submitted.values("member_id"))
    due_at = get_day_before(project, round.closes_at, ROUND_NOTICE)
    url = reverse("powercheck-respond", args=[project.slug, round.pk, 1])
    reminders = []
    for membership in waiting:
        # Everyone who can answer is told at once that the round opened (a member who joins
        # while it is open, when they join), and reminded two days before it closes; each
        # title in the member's own language, since it is the email's subject.
        with translation.override(membership.user.language_for(project)):
            opened, closing = round_titles(round)
        common = {"recipient": membership.user, "event_at": round.closes_at, "url": url}
        reminders.append(
            {**common, "on": round.opens_at, "due_at": timezone.now(), "title": opened}
        )
        reminders.append({**common, "on": round.closes_at, "due_at": due_at, "title": closing})
    do_sync_reminders(key=round_key(round), project=project, reminders=reminders)


def round_titles(round: Round) -> tuple[str, str]:
    """What the emails that a round opened and that it is closing say, in the active language."""
    opened = _("A new checklist round is open: please answer “%(round)s” %(until)s") % {
        "round": round.title,
        "until": format_deadline(round.closes_at, round.project.zone),
    }
    if round.anonymous:
        closing = _(
            "Answer the checklist “%(round)s” before it closes, if you have not already"
        ) % {"round": round.title}
    else:
        closing = _("Answer the checklist “%(round)s” before it closes") % {"round": round.title}
    return opened, closing


def sync_open_round_reminders(project: Project) -> None:
    """Bring the reminders of the project's open round (if any) up to date with its members."""
    round = Round.objects.filter(project=project).still_open().first()
    if round is not None:
        sync_round_reminders(round)


@transaction.atomic
def do_close_round(*, round: Round, by=None) -> Round:
    """Stop accepting answers now; remember how many members could have answered."""
    round = Round.objects.select_for_update(of=("self",)).select_related("project").get(pk=round.pk)
    if round.status == Round.Status.CLOSED:
        return round
    now = timezone.now()
    round.status = Round.Status.CLOSED
    round.closed_at = min(now, round.closes_at)
    round.eligible_count = round.eligible_members().count()
    round.save(update_fields=["status", "closed_at", "eligible_count"])
    do_cancel_reminders(key=round_key(round))
    do_record_event(
        project=round.project,
        actor=by,
        verb="round closed",
        summary=_("Closed the power dynamics check “%(title)s”.") % {"title": round.title},
    )
    return round


def get_response(*, round: Round, member: Membership) -> Response | None:
    """This member's response to the round, if they have started one."""
    return Response.objects.filter(round=round, member=member).first()


@transaction.atomic
def do_save_answers(
    *,
    round: Round,
    member: Membership,
    answers: list[AnswerInput] = (),
    helped: str | None = None,
    hindered: str | None = None,
) -> Response:
    """Save a member's answers (a draft, or changes to a submitted response) while the round is open.

    Raises ValidationError, saving nothing, for a closed round, a score outside 0–4 or a
    statement that is not part of this round.
    """
    round = Round.objects.select_for_update().get(pk=round.pk)
    check_round_open(round)
    for answer in answers:
        if answer.score is not None and not 0 <= answer.score <= 4:
            raise ValidationError(_("Each answer must be from 0 (not at all) to 4 (fully)."))
    asked = set(
        round.questions()
        .filter(pk__in=[a.question_id for a in answers])
        .values_list("pk", flat=True)
    )
    if any(a.question_id not in asked for a in answers):
        raise ValidationError(
            _("Some answers were for statements that are not part of this round.")
        )
    response, _created = Response.objects.get_or_create(
        round=round, member=member, defaults={"perspective": member.perspective}
    )
    response.perspective = member.perspective
    if helped is not None:
        response.helped = helped
    if hindered is not None:
        response.hindered = hindered
    response.save()
    # One statement for the whole section: a new answer is added, an earlier one replaced.
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                question_id=answer.question_id,
                score=answer.score,
                comment=answer.comment,
            )
            for answer in answers
        ],
        update_conflicts=True,
        unique_fields=["response", "question"],
        update_fields=["score", "comment"],
    )
    return response


@transaction.atomic
def do_submit_response(*, round: Round, member: Membership) -> Response:
    """Submit a member's saved answers so that they count. A response is submitted once."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    check_round_open(round)
    response = Response.objects.select_for_update().filter(round=round, member=member).first()
    if response is None or not response.answers.exists():
        raise ValidationError(_("Answer at least one statement before you submit."))
    if response.is_submitted:
        raise ValidationError(
            _(
                "You have already submitted your answers to this round. Changes you make are saved as you go."
            )
        )
    response.submitted_at = timezone.now()
    response.perspective = member.perspective
    response.save(update_fields=["submitted_at", "perspective", "updated_at"])
    if not round.anonymous:
        # In an anonymous round every member keeps the same reminder (sync_round_reminders).
        do_cancel_reminders(key=round_key(round), recipient_id=member.user_id)
    return response


@transaction.atomic
def do_add_statement(*, project: Project, section: Section, text: str, by=None) -> Question:
    """Add a project's own statement at the end of a section of the checklist."""
    last = section.questions.aggregate(last=Max("order"))["last"] or 0
    question = Question.objects.create(section=section, project=project, text=text, order=last + 1)
    do_record_event(
        project=project,
        actor=by,
        verb="checklist changed",
        summary=_("Added a statement to “%(section)s” in the power dynamics check: “%(text)s”")
        % {"section": section.title, "text": Truncator(text).chars(80)},
    )
    return question
