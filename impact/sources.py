"""Where contributions come from that are not typed in: comments in the power check. A
comment is linked by a keyed hash of its answer, never by the answer's id, so neither the
facilitators' form nor the stored row says whose it was; only the writer's own page, which
hashes their own answers, can match it."""

from django.utils.crypto import salted_hmac

from powercheck.comments import get_comments
from powercheck.models import Answer, Round
from powercheck.scoring import get_results_of
from projects.models import Membership, Project

SALT = "impact.sources.power-comment"
# How many comments the form offers (the latest rounds first).
OFFERED = 200


def comment_source(answer_id: int) -> str:
    return "powercheck.comment:" + salted_hmac(SALT, str(answer_id)).hexdigest()[:40]


def power_comments(project: Project) -> list[tuple[str, str]]:
    """(source, text) of every comment whose round's totals may be shown, in the results
    page's order (unrelated to who wrote them)."""
    rounds = list(Round.objects.filter(project=project).order_by("-opens_at")[:5])
    results = get_results_of(rounds)
    comments = get_comments(*results.values())[:OFFERED]
    return [(comment_source(a.pk), a.comment) for a in comments]


def my_comment_sources(membership: Membership) -> set[str]:
    """The sources of this member's own comments (for their own page only)."""
    answers = Answer.objects.filter(response__member=membership).exclude(comment="")
    return {comment_source(pk) for pk in answers.values_list("pk", flat=True)}
