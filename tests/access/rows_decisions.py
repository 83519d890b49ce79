import datetime

from django.utils import timezone

from decisions.actions import do_propose
from decisions.models import Proposal

from .matrix import (
    FACILITATORS_DO,
    FACILITATORS_SEE,
    LOGIN,
    MEMBERS_SEE,
    RESPONDERS_DO,
    Row,
    World,
    expect,
)

RESPONDERS_SEE = expect(LOGIN, 404, 403, 200, 200)
# The participant made the proposal: only they revise it; they or a facilitator withdraw it.
PROPOSER_SEES = expect(LOGIN, 404, 403, 200, 403)
PROPOSER_DOES = expect(LOGIN, 404, 403, 302, 403)


def soon(w: World) -> datetime.date:
    return timezone.localdate(timezone=w.project.zone) + datetime.timedelta(days=7)


def a_proposal(w: World, **fields) -> Proposal:
    return do_propose(
        project=w.project,
        by=w.users["participant"],
        kind="free",
        title="Meet on Saturdays",
        background="Some of us work weekdays.",
        closes_on=soon(w),
        **fields,
    )


def proposal(w: World) -> dict:
    return {"slug": w.project.slug, "proposal_id": a_proposal(w).pk}


def waiting(w: World) -> dict:
    """A proposal whose deadline passed, waiting for the lead's decision to be recorded."""
    made = a_proposal(w)
    Proposal.objects.filter(pk=made.pk).update(status=Proposal.Status.DECIDING)
    return {"slug": w.project.slug, "proposal_id": made.pk}


def new_proposal(w: World) -> dict:
    return {
        "kind": "free",
        "title": "Meet on Saturdays",
        "background": "Some of us work weekdays.",
        "closes_on": soon(w).isoformat(),
    }


def revised(w: World) -> dict:
    return {**new_proposal(w), "title": "Meet on Sundays", "version": 1}


ROWS = [
    Row("decisions-proposals", MEMBERS_SEE),
    Row("decisions-propose", RESPONDERS_SEE),
    Row("decisions-propose", RESPONDERS_DO, method="post", data=new_proposal),
    Row("decisions-detail", MEMBERS_SEE, kwargs=proposal),
    Row(
        "decisions-respond",
        RESPONDERS_DO,
        method="post",
        kwargs=proposal,
        data=lambda w: {"answer": "agree"},
    ),
    Row(
        "decisions-comment",
        RESPONDERS_DO,
        method="post",
        kwargs=proposal,
        data=lambda w: {"text": "Saturday mornings suit me."},
    ),
    Row("decisions-revise", PROPOSER_SEES, kwargs=proposal),
    Row("decisions-revise", PROPOSER_DOES, method="post", kwargs=proposal, data=revised),
    Row("decisions-withdraw", RESPONDERS_SEE, kwargs=proposal),
    Row("decisions-withdraw", RESPONDERS_DO, method="post", kwargs=proposal),
    Row("decisions-decide", FACILITATORS_SEE, kwargs=waiting),
    Row(
        "decisions-decide",
        FACILITATORS_DO,
        method="post",
        kwargs=waiting,
        data=lambda w: {"result": "adopted", "reason": "Most asked for it."},
    ),
    Row("decisions-log", MEMBERS_SEE),
    Row("decisions-log-csv", MEMBERS_SEE),
    Row(
        "decisions-settings",
        FACILITATORS_DO,
        method="post",
        data=lambda w: {"responses_private": "on"},
    ),
]
