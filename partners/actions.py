"""Writes to the partners, their signatories and their answers. One transaction each."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from charter.actions import do_request_charter
from charter.models import Charter
from projects.models import Membership, Project, Role
from projects.timeline import do_record_event
from stakeholders.actions import do_add_stakeholder, do_invite_stakeholder
from stakeholders.models import Stakeholder

from .logos import Logo
from .models import CATEGORY_OF_KIND, Answer, Partner, Signatory, SigningRequest
from .reminders import do_sync_signature_reminders
from .standing import get_current_request, get_request_standings


def delete_file_on_commit(field) -> None:
    if field:
        transaction.on_commit(lambda name=field.name, storage=field.storage: storage.delete(name))


def store_logo(partner: Partner, logo: Logo | None, remove: bool) -> None:
    """Keep a new logo (the old file goes once this commits), or remove the logo."""
    if logo is None and not remove:
        return
    delete_file_on_commit(partner.logo)
    if logo is None:
        partner.logo, partner.logo_type = "", ""
        return
    partner.logo_type = logo.content_type
    partner.logo.save("logo", ContentFile(logo.content), save=False)


@transaction.atomic
def do_add_partner(
    *,
    project: Project,
    by,
    logo: Logo | None = None,
    stakeholders=(),
    members=(),
    **fields,
) -> Partner:
    """Add a partner organisation to the project, with its logo if one was given."""
    partner = Partner(project=project, **fields)
    store_logo(partner, logo, remove=False)
    partner.save()
    partner.stakeholders.set(stakeholders)
    partner.members.set(members)
    do_record_event(
        project=project,
        actor=by,
        verb="partner added",
        summary=_("Added %(partner)s as a partner."),
        values={"partner": partner.name},
    )
    return partner


@transaction.atomic
def do_update_partner(
    *,
    partner: Partner,
    by,
    logo: Logo | None = None,
    remove_logo: bool = False,
    stakeholders=None,
    members=None,
    **fields,
) -> Partner:
    """Save a partner's details; a new logo replaces the old one, whose file is deleted."""
    stored = Partner.objects.select_for_update().get(pk=partner.pk)
    changed = any(getattr(stored, name) != value for name, value in fields.items())
    for name, value in fields.items():
        setattr(partner, name, value)
    store_logo(partner, logo, remove=remove_logo and bool(partner.logo))
    changed = changed or logo is not None or (remove_logo and bool(stored.logo))
    partner.save()
    if stakeholders is not None:
        changed |= set(partner.stakeholders.values_list("pk", flat=True)) != {
            s.pk for s in stakeholders
        }
        partner.stakeholders.set(stakeholders)
    if members is not None:
        changed |= set(partner.members.values_list("pk", flat=True)) != {m.pk for m in members}
        partner.members.set(members)
    if changed:
        do_record_event(
            project=partner.project,
            actor=by,
            verb="partner changed",
            summary=_("Changed the details of the partner %(partner)s."),
            values={"partner": partner.name},
        )
    return partner


@transaction.atomic
def do_delete_partner(*, partner: Partner, by) -> None:
    """Remove a partner, its signatories and their answers; its logo file goes too."""
    project = partner.project
    delete_file_on_commit(partner.logo)
    name = partner.name
    partner.delete()
    do_record_event(
        project=project,
        actor=by,
        verb="partner removed",
        summary=_("Removed the partner %(partner)s."),
        values={"partner": name},
    )
    do_sync_signature_reminders(project)


def find_or_map_invitee(partner: Partner, *, name: str, email: str, by) -> Stakeholder:
    """The person on the map with this address, or a new entry for them as one of the
    partner's people."""
    project = partner.project
    stakeholder = project.stakeholders.filter(email__iexact=email).first()
    if stakeholder is None:
        stakeholder = do_add_stakeholder(
            project=project,
            by=by,
            name=name,
            organisation=partner.name,
            email=email,
            category=CATEGORY_OF_KIND[partner.kind],
        )
    partner.stakeholders.add(stakeholder)
    return stakeholder


@transaction.atomic
def do_add_signatory(
    *,
    partner: Partner,
    by,
    membership: Membership | None = None,
    name: str = "",
    email: str = "",
    role: str = "",
) -> Signatory:
    """Name a member, or someone by their address, to sign for the partner.

    Someone named by address who is not a member yet is put on the stakeholder map (or found
    there) and invited to join as an observer; they sign once they have joined.
    """
    project = partner.project
    if membership is None:
        membership = project.memberships.filter(user__email__iexact=email).first()
    if membership is not None:
        if partner.signatories.filter(user=membership.user).exists():
            raise ValidationError(_("They already sign for this partner."))
        signatory = Signatory.objects.create(
            partner=partner, user=membership.user, role=role, added_by=by
        )
        partner.members.add(membership)
        person = {"name": membership.user}
    else:
        stakeholder = find_or_map_invitee(partner, name=name, email=email, by=by)
        if partner.signatories.filter(stakeholder=stakeholder).exists():
            raise ValidationError(_("They already sign for this partner."))
        signatory = Signatory.objects.create(
            partner=partner, stakeholder=stakeholder, role=role, added_by=by
        )
        do_invite_stakeholder(stakeholder=stakeholder, role=Role.OBSERVER, invited_by=by)
        person = {"name": stakeholder}
    do_record_event(
        project=project,
        actor=by,
        verb="signatory added",
        summary=_("Asked %(name)s to sign the charter for %(partner)s."),
        people=person,
        values={"partner": partner.name},
    )
    do_sync_signature_reminders(project)
    return signatory


@transaction.atomic
def do_remove_signatory(*, signatory: Signatory, by) -> None:
    """They no longer sign for the partner; answers they gave go with them."""
    partner = signatory.partner
    person = {"name": signatory.user} if signatory.user_id else {"name": signatory.stakeholder}
    signatory.delete()
    do_record_event(
        project=partner.project,
        actor=by,
        verb="signatory removed",
        summary=_("%(name)s no longer signs the charter for %(partner)s."),
        people=person,
        values={"partner": partner.name},
    )
    do_sync_signature_reminders(partner.project)


def check_can_send(project: Project, charter: Charter | None) -> None:
    if charter is None:
        raise ValidationError(_("Make a version of the charter first, then send it to sign."))
    if not project.partners.filter(signatories__isnull=False).exists():
        raise ValidationError(_("Name who signs for at least one partner first."))
    current = get_current_request(project)
    if current is not None and current.charter_id == charter.pk:
        raise ValidationError(
            _("Version %(version)s has already been sent to sign.") % {"version": charter.version}
        )


@transaction.atomic
def do_send_for_signature(*, project: Project, charter: Charter | None, by) -> SigningRequest:
    """Ask every partner's signatories to sign this version: at once, and once more a week
    later if they have not answered (partners whose signature holds for it are not asked)."""
    check_can_send(project, charter)
    request = SigningRequest.objects.create(project=project, charter=charter, sent_by=by)
    do_record_event(
        project=project,
        actor=by,
        verb="sent for signature",
        summary=_("Sent version %(version)s of the charter to the partners to sign."),
        values={"version": charter.version},
    )
    do_sync_signature_reminders(project)
    return request


def check_can_answer(signatory: Signatory, charter: Charter) -> SigningRequest:
    """Raise ValidationError unless this version is the one the partners are asked to sign."""
    current = get_current_request(signatory.partner.project)
    if current is None:
        raise ValidationError(_("No version of the charter is waiting to be signed."))
    if current.charter_id != charter.pk:
        raise ValidationError(
            _(
                "Version %(old)s is no longer the one to sign: version %(new)s replaced it. "
                "Read version %(new)s and sign that instead."
            )
            % {"old": charter.version, "new": current.charter.version}
        )
    return current


def save_answer(signatory: Signatory, charter: Charter, **fields) -> Answer:
    answer, _created = Answer.objects.update_or_create(
        signatory=signatory,
        charter=charter,
        defaults={**fields, "answered_at": timezone.now()},
    )
    return answer


@transaction.atomic
def do_sign(
    *,
    signatory: Signatory,
    charter: Charter,
    by,
    name: str,
    role: str,
    organisation: str,
    signed_on: datetime.date,
    statement: str,
) -> Answer:
    """Sign this version for the partner. Once every partner has signed, a version is made
    that records their signatures (it says nothing else new, so nobody is asked again)."""
    check_can_answer(signatory, charter)
    answer = save_answer(
        signatory,
        charter,
        decision=Answer.Decision.SIGNED,
        name=name,
        role=role,
        organisation=organisation,
        signed_on=signed_on,
        statement=statement,
        reason="",
    )
    project = signatory.partner.project
    do_record_event(
        project=project,
        actor=by,
        verb="charter signed",
        summary=_("%(name)s signed version %(version)s of the charter for %(partner)s."),
        people={"name": by},
        values={"version": charter.version, "partner": signatory.partner.name},
    )
    do_sync_signature_reminders(project)
    standings = get_request_standings(get_current_request(project), project)
    if all(standing.is_signed for standing in standings):
        do_request_charter(project=project, by=by)
    return answer


@transaction.atomic
def do_decline(*, signatory: Signatory, charter: Charter, by, reason: str) -> Answer:
    """Decline to sign this version, saying why (the facilitators see the reason)."""
    check_can_answer(signatory, charter)
    answer = save_answer(
        signatory,
        charter,
        decision=Answer.Decision.DECLINED,
        reason=reason,
        name="",
        role="",
        organisation="",
        signed_on=None,
        statement="",
    )
    project = signatory.partner.project
    do_record_event(
        project=project,
        actor=by,
        verb="charter declined",
        summary=_("%(name)s declined to sign version %(version)s of the charter for %(partner)s."),
        people={"name": by},
        values={"version": charter.version, "partner": signatory.partner.name},
    )
    do_sync_signature_reminders(project)
    return answer
