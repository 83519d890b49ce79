from django.utils import timezone

from stakeholders.actions import do_invite_stakeholder
from tests.factories import StakeholderFactory

from .matrix import EVERYONE, FACILITATORS_DO, FACILITATORS_SEE, MEMBERS_SEE, Row, World, expect


def stakeholder(w: World) -> dict:
    """A person on the map who has agreed to be named to members."""
    named = StakeholderFactory(project=w.project, named_consent_at=timezone.now())
    return {"slug": w.project.slug, "stakeholder_id": named.pk}


def unnamed_stakeholder(w: World) -> dict:
    return {"slug": w.project.slug, "stakeholder_id": StakeholderFactory(project=w.project).pk}


def invitation(w: World) -> dict:
    invited = do_invite_stakeholder(
        stakeholder=StakeholderFactory(project=w.project),
        role="participant",
        invited_by=w.users["facilitator"],
    )
    return {"slug": w.project.slug, "invitation_id": invited.pk}


STAKEHOLDER = {
    "name": "Asha",
    "category": "carer",
    "power": "2",
    "interest": "4",
    "current_involvement": "inform",
    "intended_involvement": "co_produce",
}
NO_TOKEN = expect(404, 404, 404, 404, 404)

ROWS = [
    Row("stakeholders-list", MEMBERS_SEE),
    Row("stakeholders-grid", MEMBERS_SEE),
    Row("stakeholders-detail", MEMBERS_SEE, kwargs=stakeholder),
    Row(
        "stakeholders-detail",
        expect("login", 404, 404, 404, 200),
        kwargs=unnamed_stakeholder,
        note="someone who has not agreed to be named is not found, as if nobody had that id",
    ),
    Row("stakeholders-create", FACILITATORS_DO, method="post", data=lambda w: STAKEHOLDER),
    Row("stakeholders-update", FACILITATORS_SEE, kwargs=stakeholder),
    Row(
        "stakeholders-update",
        FACILITATORS_DO,
        method="post",
        kwargs=stakeholder,
        data=lambda w: STAKEHOLDER,
    ),
    Row("stakeholders-delete", FACILITATORS_SEE, kwargs=stakeholder),
    Row("stakeholders-delete", FACILITATORS_DO, method="post", kwargs=stakeholder),
    Row("stakeholders-export", FACILITATORS_SEE),
    Row("stakeholders-export-xlsx", FACILITATORS_SEE),
    Row("stakeholders-import", FACILITATORS_SEE),
    Row(
        "stakeholders-import-template",
        FACILITATORS_SEE,
        kwargs=lambda w: {"slug": w.project.slug, "kind": "xlsx"},
    ),
    Row(
        "stakeholders-import-template",
        FACILITATORS_SEE,
        kwargs=lambda w: {"slug": w.project.slug, "kind": "csv"},
    ),
    Row("stakeholders-bulk-invite", FACILITATORS_SEE),
    Row(
        "stakeholders-bulk-invite",
        FACILITATORS_DO,
        method="post",
        data=lambda w: {
            "role": "participant",
            "s": [str(StakeholderFactory(project=w.project).pk)],
        },
        note="sends an invitation to each person ticked (or matching the list's filter)",
    ),
    Row(
        "stakeholders-import-preview",
        FACILITATORS_DO,
        kwargs=lambda w: {"slug": w.project.slug, "key": "no-such-import"},
        note="an unknown or finished import sends the facilitator back to the upload page",
    ),
    Row("stakeholders-invite", FACILITATORS_SEE, kwargs=stakeholder),
    Row(
        "stakeholders-invite",
        FACILITATORS_DO,
        method="post",
        kwargs=stakeholder,
        data=lambda w: {"role": "participant"},
    ),
    Row("stakeholders-invitation-resend", FACILITATORS_DO, method="post", kwargs=invitation),
    Row("stakeholders-invitation-revoke", FACILITATORS_SEE, kwargs=invitation),
    Row("stakeholders-invitation-revoke", FACILITATORS_DO, method="post", kwargs=invitation),
    Row(
        "invitations-open",
        expect(302, 302, 302, 302, 302),
        kwargs=lambda w: {"token": "not-a-real-token"},
        note="always a redirect to a token-free page, so the token never reaches the logs",
    ),
    Row(
        "invitations-respond",
        NO_TOKEN,
        kwargs=lambda w: {},
        note="without an invitation in the session there is nothing to show",
    ),
    Row("invitations-respond", NO_TOKEN, method="post", kwargs=lambda w: {}),
    Row(
        "invitations-decline",
        NO_TOKEN,
        kwargs=lambda w: {},
        note="asks first; without an invitation in the session there is nothing to decline",
    ),
    Row("invitations-decline", NO_TOKEN, method="post", kwargs=lambda w: {}),
    Row(
        "invitations-waiting",
        EVERYONE,
        kwargs=lambda w: {},
        note="where an invitation's reminder points: general help, nothing about any invitation",
    ),
]
