"""Expense claims: made with a receipt, asked about or approved by a facilitator, recorded as
paid once the finance team has paid them, or withdrawn. Each step is a timeline line."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import Project
from projects.timeline import do_record_event
from reminders.outbox import do_cancel_reminders

from .claim_reminders import claim_key, sync_claim_reminders
from .models import Claim
from .money import format_money, pennies
from .records import check_project_open, get_contributor, get_pay_by, get_policy, on


def claim_event(claim: Claim, by, verb: str, summary: str, **values) -> None:
    values = {"claim": claim.description, **values}
    do_record_event(
        project=claim.project,
        actor=by,
        verb=verb,
        summary=summary,
        people={"person": claim.user},
        values=values,
    )


@transaction.atomic
def do_submit_claim(
    *,
    project: Project,
    user,
    kind: str,
    description: str,
    spent_on,
    amount: Decimal,
    receipt,
    receipt_type: str,
) -> Claim:
    """Claim an expense with its receipt; the facilitators are reminded if it waits too long."""
    check_project_open(project)
    if amount <= 0:
        raise ValidationError(_("Enter an amount more than 0."))
    if not get_contributor(project, user).may_claim:
        raise ValidationError(
            _("You chose not to claim expenses. Change your choice first if you want to claim.")
        )
    policy = get_policy(project)
    claim = Claim(
        project=project,
        user=user,
        kind=kind,
        description=description,
        spent_on=spent_on,
        amount=pennies(amount),
        currency=policy.currency,
        receipt_type=receipt_type,
        receipt_name=(receipt.name or "")[-200:],
    )
    claim.pay_by = get_pay_by(policy, claim)
    store_receipt(claim, receipt)
    sync_claim_reminders(claim, policy)
    claim_event(
        claim,
        user,
        "claim made",
        _("%(person)s claimed %(amount)s for “%(claim)s”."),
        amount=format_money(claim.amount, claim.currency),
    )
    return claim


def store_receipt(claim: Claim, receipt) -> None:
    """Store the receipt through the field's storage and save the claim; if saving fails, the
    file goes again."""
    claim.receipt.save("receipt", receipt, save=False)
    try:
        claim.save()
    except Exception:
        claim.receipt.storage.delete(claim.receipt.name)
        raise


def delete_receipt_on_commit(name: str, storage) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def locked_claim(claim: Claim, *states: str) -> Claim:
    claim = Claim.objects.select_for_update().select_related("project").get(pk=claim.pk)
    if claim.status not in states:
        raise ValidationError(
            _("This claim is now “%(status)s”, so that can no longer be done.")
            % {"status": claim.get_status_display()}
        )
    return claim


@transaction.atomic
def do_query_claim(*, claim: Claim, question: str, by) -> Claim:
    """Ask the claimant something about a claim; they are told at once."""
    claim = locked_claim(claim, Claim.Status.SUBMITTED, Claim.Status.QUERIED)
    claim.status, claim.question, claim.answer, claim.decided_by = (
        Claim.Status.QUERIED,
        question,
        "",
        by,
    )
    claim.save()
    sync_claim_reminders(claim, get_policy(claim.project))
    claim_event(claim, by, "claim queried", _("Asked %(person)s about the claim “%(claim)s”."))
    return claim


@transaction.atomic
def do_answer_claim(*, claim: Claim, answer: str, receipt=None, receipt_type: str = "") -> Claim:
    """The claimant answers the question (and may send a new receipt); it waits again."""
    claim = locked_claim(claim, Claim.Status.QUERIED)
    old_name, storage = claim.receipt.name, claim.receipt.storage
    claim.status, claim.answer = Claim.Status.SUBMITTED, answer
    if receipt is not None:
        claim.receipt_type, claim.receipt_name = receipt_type, (receipt.name or "")[-200:]
        store_receipt(claim, receipt)
        delete_receipt_on_commit(old_name, storage)
    else:
        claim.save()
    sync_claim_reminders(claim, get_policy(claim.project))
    claim_event(
        claim, claim.user, "claim answered", _("%(person)s answered about the claim “%(claim)s”.")
    )
    return claim


@transaction.atomic
def do_approve_claim(*, claim: Claim, by) -> Claim:
    """Approve a claim: it is due to be paid by the date the policy promises."""
    claim = locked_claim(claim, Claim.Status.SUBMITTED, Claim.Status.QUERIED)
    claim.status, claim.decided_by, claim.approved_at = Claim.Status.APPROVED, by, timezone.now()
    claim.pay_by = get_pay_by(get_policy(claim.project), claim)
    claim.save()
    do_cancel_reminders(key=claim_key(claim))
    claim_event(
        claim,
        by,
        "claim approved",
        _("Approved %(amount)s claimed by %(person)s for “%(claim)s”, to be paid by %(date)s."),
        amount=format_money(claim.amount, claim.currency),
        date=on(claim.pay_by),
    )
    return claim


@transaction.atomic
def do_record_claim_paid(*, claim: Claim, by) -> Claim:
    """Record that the finance team has paid an approved claim (the app pays nobody)."""
    claim = locked_claim(claim, Claim.Status.APPROVED)
    claim.status, claim.paid_at = Claim.Status.PAID, timezone.now()
    claim.save()
    claim_event(
        claim,
        by,
        "claim paid",
        _("Recorded that %(amount)s for “%(claim)s” was paid to %(person)s."),
        amount=format_money(claim.amount, claim.currency),
    )
    return claim


@transaction.atomic
def do_withdraw_claim(*, claim: Claim, by) -> None:
    """The claimant withdraws a claim not yet approved; its receipt is deleted with it."""
    claim = locked_claim(claim, Claim.Status.SUBMITTED, Claim.Status.QUERIED)
    do_cancel_reminders(key=claim_key(claim))
    claim_event(claim, by, "claim withdrawn", _("%(person)s withdrew the claim “%(claim)s”."))
    delete_receipt_on_commit(claim.receipt.name, claim.receipt.storage)
    claim.delete()
