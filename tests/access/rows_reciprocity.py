"""Payment and recognition: everyone reads the policy; a person's time, claims and amounts are
seen by them and the facilitators only, observers and other participants included."""

from reciprocity.actions import do_approve_recognition, do_decide_time
from reciprocity.claim_actions import do_approve_claim, do_query_claim
from reciprocity.models import Contributor
from reciprocity.records import get_contributor
from reciprocity.statements import get_recognition
from tests.reciprocity import helpers

from .matrix import (
    FACILITATORS_DO,
    FACILITATORS_SEE,
    LOGIN,
    MEMBERS_SEE,
    Row,
    World,
    expect,
    slug,
)

# Facilitators and participants log time and claim; observers do not.
CLAIMANTS_SEE = expect(LOGIN, 404, 403, 200, 200)
CLAIMANTS_DO = expect(LOGIN, 404, 403, 302, 302)
# Someone else's claim: a participant cannot tell it exists.
OTHERS_CLAIM = expect(LOGIN, 404, 403, 404, 200)
# Someone else's amounts by person: a member without the right is refused.
OTHERS_AMOUNTS = expect(LOGIN, 404, 403, 403, 200)
OWN_AMOUNTS = expect(LOGIN, 404, 403, 200, 200)


def users(w: World, role: str):
    return w.users[role]


def participants_claim(w: World, queried: bool = False) -> dict:
    c = helpers.claim(w.project, users(w, "participant"))
    if queried:
        do_query_claim(claim=c, question="Which bus?", by=users(w, "facilitator"))
    return {"slug": w.project.slug, "claim_id": c.pk}


def facilitators_claim(w: World) -> dict:
    c = helpers.claim(w.project, users(w, "facilitator"))
    return {"slug": w.project.slug, "claim_id": c.pk}


def approved_claim(w: World) -> dict:
    claim = helpers.claim(w.project, users(w, "participant"))
    do_approve_claim(claim=claim, by=users(w, "facilitator"))
    return {"slug": w.project.slug, "claim_id": claim.pk}


def a_rate(w: World) -> dict:
    return {"slug": w.project.slug, "rate_id": helpers.rate(w.project, users(w, "facilitator")).pk}


def an_entry(w: World) -> dict:
    entry = helpers.time(w.project, users(w, "participant"))
    return {"slug": w.project.slug, "entry_id": entry.pk}


def the_participant(w: World) -> dict:
    return {"slug": w.project.slug, "user_id": users(w, "participant").pk}


def the_facilitator(w: World) -> dict:
    return {"slug": w.project.slug, "user_id": users(w, "facilitator").pk}


def approved_recognition(w: World, role: str = "participant") -> dict:
    """Their approved time and their approval of what is said about them."""
    person = users(w, role)
    entry = helpers.time(w.project, person)
    do_decide_time(entry=entry, approve=True, by=users(w, "facilitator"))
    text = get_recognition(w.project, person, get_contributor(w.project, person))
    do_approve_recognition(project=w.project, user=person, text_hash=text["hash"])
    return {"slug": w.project.slug, "user_id": person.pk}


def suggestion_key(w: World) -> dict:
    return {"key": "none:1"}


def claim_data(w: World) -> dict:
    # Chosen without a timeline line: the data is made after the line count starts.
    for role in ("participant", "facilitator"):
        Contributor.objects.update_or_create(
            project=w.project, user=users(w, role), defaults={"choice": "expenses"}
        )
    return {
        "kind": "travel",
        "description": "Bus fare",
        "spent_on": "2030-01-02",
        "amount": "4.80",
        "receipt": helpers.pdf_upload(),
    }


ROWS = [
    Row("reciprocity-index", MEMBERS_SEE),
    Row("reciprocity-policy-update", FACILITATORS_SEE),
    Row(
        "reciprocity-policy-update",
        FACILITATORS_DO,
        method="post",
        data=lambda w: {
            "currency": "GBP",
            "methods": ["bank_transfer"],
            "respond_within_days": "5",
            "pay_within_days": "10",
        },
    ),
    Row("reciprocity-preset", FACILITATORS_DO, method="post", data=lambda w: {"preset": "nihr"}),
    Row("reciprocity-rate-create", FACILITATORS_SEE),
    Row(
        "reciprocity-rate-create",
        FACILITATORS_DO,
        method="post",
        data=lambda w: {
            "activity": "meeting",
            "unit": "hour",
            "amount": "20.00",
            "effective_from": "2030-01-01",
        },
    ),
    Row("reciprocity-rate-delete", FACILITATORS_SEE, kwargs=a_rate),
    Row("reciprocity-rate-delete", FACILITATORS_DO, method="post", kwargs=a_rate),
    Row("reciprocity-mine", CLAIMANTS_SEE),
    Row("reciprocity-my-choice", CLAIMANTS_SEE),
    Row(
        "reciprocity-my-choice",
        CLAIMANTS_DO,
        method="post",
        data=lambda w: {"choice": "expenses", "read_note": "on"},
    ),
    Row("reciprocity-recognition", CLAIMANTS_SEE),
    Row(
        "reciprocity-recognition",
        CLAIMANTS_DO,
        method="post",
        data=lambda w: {"hash": "stale"},
        note="a stale approval is refused with a message and a redirect",
    ),
    Row("reciprocity-time-create", CLAIMANTS_SEE),
    Row(
        "reciprocity-time-create",
        CLAIMANTS_DO,
        method="post",
        data=lambda w: {
            "activity": "meeting",
            "date": "2030-01-02",
            "hours": "2",
            "description": "Steering group",
        },
    ),
    Row(
        "reciprocity-time-confirm",
        CLAIMANTS_DO,
        method="post",
        data=suggestion_key,
        note="a key no part holds is refused with a message and a redirect",
    ),
    Row("reciprocity-claim-create", CLAIMANTS_SEE),
    Row("reciprocity-claim-create", CLAIMANTS_DO, method="post", data=claim_data),
    Row("reciprocity-claim", CLAIMANTS_SEE, kwargs=participants_claim, note="participant's own"),
    Row("reciprocity-claim", OTHERS_CLAIM, kwargs=facilitators_claim),
    Row("reciprocity-receipt", OTHERS_CLAIM, kwargs=facilitators_claim),
    Row("reciprocity-receipt", expect(LOGIN, 404, 403, 200, 200), kwargs=participants_claim),
    Row(
        "reciprocity-claim-answer",
        expect(LOGIN, 404, 403, 302, 404),
        method="post",
        kwargs=lambda w: participants_claim(w, queried=True),
        data=lambda w: {"answer": "The number 12."},
        note="only the claimant answers",
    ),
    Row(
        "reciprocity-claim-review",
        FACILITATORS_DO,
        method="post",
        kwargs=participants_claim,
        data=lambda w: {"decision": "approve"},
    ),
    Row(
        "reciprocity-claim-review",
        FACILITATORS_DO,
        method="post",
        kwargs=approved_claim,
        data=lambda w: {"decision": "paid"},
    ),
    Row(
        "reciprocity-claim-withdraw",
        expect(LOGIN, 404, 403, 200, 404),
        kwargs=participants_claim,
        note="only the claimant withdraws",
    ),
    Row(
        "reciprocity-claim-withdraw",
        expect(LOGIN, 404, 403, 302, 404),
        method="post",
        kwargs=participants_claim,
    ),
    Row(
        "reciprocity-time-review",
        FACILITATORS_DO,
        method="post",
        kwargs=an_entry,
        data=lambda w: {"decision": "approve"},
    ),
    Row("reciprocity-people", FACILITATORS_SEE),
    Row("reciprocity-eligibility-update", FACILITATORS_SEE, kwargs=the_participant),
    Row(
        "reciprocity-eligibility-update",
        FACILITATORS_DO,
        method="post",
        kwargs=the_participant,
        data=lambda w: {"not_eligible": "on", "not_eligible_reason": "Council officer"},
    ),
    Row("reciprocity-recognition-update", FACILITATORS_SEE, kwargs=the_participant),
    Row(
        "reciprocity-recognition-update",
        FACILITATORS_DO,
        method="post",
        kwargs=the_participant,
        data=lambda w: {"recognition_note": "Led the walkabout."},
    ),
    Row("reciprocity-statement-pdf", OWN_AMOUNTS, kwargs=the_participant),
    Row("reciprocity-statement-pdf", OTHERS_AMOUNTS, kwargs=the_facilitator),
    Row("reciprocity-statement-csv", OWN_AMOUNTS, kwargs=the_participant),
    Row("reciprocity-statement-csv", OTHERS_AMOUNTS, kwargs=the_facilitator),
    Row("reciprocity-certificate", OWN_AMOUNTS, kwargs=approved_recognition),
    Row(
        "reciprocity-certificate",
        OTHERS_AMOUNTS,
        kwargs=lambda w: approved_recognition(w, "facilitator"),
    ),
    Row("reciprocity-reference", OWN_AMOUNTS, kwargs=approved_recognition),
    Row("reciprocity-finance-csv", FACILITATORS_SEE, kwargs=slug),
]
