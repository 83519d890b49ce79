"""What the partners add to a project: their step, the charter's cover and sign-off by each
partner, the signature reminders, a signatory's to-do, "My projects", exports and erasure."""

from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from charter.models import Charter
from coproduce.fingerprint import rows_fingerprint
from projects.models import Membership, Project
from projects.parts import (
    CharterSection,
    CoverItem,
    Evidence,
    Panel,
    ProjectPart,
    Step,
    Todo,
    register,
    row_sentences,
    state_of,
)
from reminders.models import Reminder

from . import demo
from .charter import SECTIONS, get_cover
from .models import Answer, Partner, Signatory, SigningRequest
from .reminders import do_sync_signature_reminders
from .standing import get_current_request, get_request_standings, signatories_of

SIGNOFF = {"partner_signatories", "partner_answers"}


@register
class PartnersPart(ProjectPart):
    position = 45

    def progress(self) -> dict:
        partners = Partner.objects.filter(project=OuterRef("pk"))
        return {
            "has_partners": Exists(partners),
            "has_signatories": Exists(Signatory.objects.filter(partner__project=OuterRef("pk"))),
            "sent_to_sign": Exists(SigningRequest.objects.filter(project=OuterRef("pk"))),
        }

    def overview_step(self, project: Project, progress: dict[str, Any]) -> Step:
        return Step(
            _("Partners"),
            _(
                "The organisations you work with, who signs the charter for each, and sending "
                "it to them to sign."
            ),
            state_of(
                progress["has_partners"], progress["has_signatories"], progress["sent_to_sign"]
            ),
            reverse("partners-list", args=[project.slug]),
        )

    def export_project(self, project: Project) -> dict[str, Any]:
        partners = project.partners.all()
        return {
            "partners": list(partners.values("id", "name", "kind", "website", "logo_alt")),
            "partner_signatories": list(
                Signatory.objects.filter(partner__project=project).values(
                    "id", "partner_id", "user__name", "stakeholder__name", "role", "created_at"
                )
            ),
            "partner_answers": list(
                Answer.objects.filter(signatory__partner__project=project).values(
                    "signatory_id",
                    "charter__version",
                    "decision",
                    "name",
                    "role",
                    "organisation",
                    "signed_on",
                    "statement",
                    "reason",
                    "answered_at",
                )
            ),
            "sent_to_sign": list(project.signing_requests.values("charter__version", "sent_at")),
        }

    def export_person(self, user) -> dict[str, Any]:
        records = signatories_of(user)
        return {
            "you_sign_for": [
                {"project": s.partner.project.title, "partner": s.partner.name, "role": s.role}
                for s in records
            ],
            "your_answers_to_charters": list(
                Answer.objects.filter(signatory__in=records).values(
                    "signatory__partner__name",
                    "charter__version",
                    "decision",
                    "name",
                    "role",
                    "organisation",
                    "signed_on",
                    "statement",
                    "reason",
                    "answered_at",
                )
            ),
        }

    def charter_sections(self) -> list[CharterSection]:
        return SECTIONS

    def charter_cover(self, project: Project) -> list[CoverItem]:
        return get_cover(project)

    def charter_signoff_names(self) -> set[str]:
        return SIGNOFF

    def charter_fingerprint(self) -> dict:
        return {
            "partners": rows_fingerprint(
                Partner.objects, "project", "name", "kind", "website", "logo", "logo_alt"
            ),
            # Who signs, and whether an invited signatory has joined (then named by name).
            "partner_signatories": rows_fingerprint(
                Signatory.objects,
                "partner__project",
                "partner_id",
                "user_id",
                "stakeholder_id",
                "stakeholder__user_id",
                "stakeholder__named_consent_at",
            ),
            "partner_answers": rows_fingerprint(
                Answer.objects,
                "signatory__partner__project",
                *("decision", "charter_id", "name", "role", "organisation"),
                *("signed_on", "statement"),
            ),
        }

    def charter_changes(self, before: dict, now: dict) -> list[str]:
        return [
            *row_sentences(
                before,
                now,
                "partners",
                added=ngettext_lazy(
                    "%(count)s partner was added.", "%(count)s partners were added.", "count"
                ),
                removed=ngettext_lazy(
                    "%(count)s partner was removed.", "%(count)s partners were removed.", "count"
                ),
                changed=ngettext_lazy(
                    "The details of %(count)s partner changed.",
                    "The details of %(count)s partners changed.",
                    "count",
                ),
            ),
            *row_sentences(
                before,
                now,
                "partner_signatories",
                added=ngettext_lazy(
                    "%(count)s more person was named to sign for a partner.",
                    "%(count)s more people were named to sign for partners.",
                    "count",
                ),
                removed=ngettext_lazy(
                    "%(count)s person no longer signs for a partner.",
                    "%(count)s people no longer sign for partners.",
                    "count",
                ),
                changed=ngettext_lazy(
                    "%(count)s person invited to sign for a partner joined the project.",
                    "%(count)s people invited to sign for partners joined the project.",
                    "count",
                ),
            ),
            *row_sentences(
                before,
                now,
                "partner_answers",
                added=ngettext_lazy(
                    "%(count)s partner signatory signed or declined.",
                    "%(count)s partner signatories signed or declined.",
                    "count",
                ),
                removed=ngettext_lazy(
                    "%(count)s partner signature was removed.",
                    "%(count)s partner signatures were removed.",
                    "count",
                ),
                changed=ngettext_lazy(
                    "%(count)s partner signatory changed their answer.",
                    "%(count)s partner signatories changed their answers.",
                    "count",
                ),
            ),
        ]

    def live_events(self) -> dict:
        return {Reminder.Kind.SIGNATURE: still_asked}

    def todo(self, membership: Membership) -> list[Todo]:
        project = membership.project
        records = list(signatories_of(membership.user_id, project))
        if not records:
            return []
        current = get_current_request(project)
        if current is None:
            return []
        standings = {s.partner.pk: s for s in get_request_standings(current, project)}
        version = current.charter.version
        items = []
        for signatory in records:
            standing = standings[signatory.partner_id]
            done = standing.is_signed or any(
                a.signatory_id == signatory.pk for a in standing.declined
            )
            items.append(
                Todo(
                    gettext_now("Sign version %(version)s of the charter for %(partner)s")
                    % {"version": version, "partner": signatory.partner.name},
                    reverse("partners-sign", args=[project.slug, signatory.pk]),
                    done=done,
                )
            )
        return items

    def report_evidence(self, project: Project) -> list[Evidence]:
        current = get_current_request(project)
        evidence = []
        for standing in get_request_standings(current, project):
            partner = standing.partner
            if standing.signed:
                answer = standing.signed[0]
                summary = gettext_now(
                    "%(partner)s (%(kind)s) is a partner and signed version %(version)s of the "
                    "charter."
                ) % {
                    "partner": partner.name,
                    "kind": partner.get_kind_display(),
                    "version": answer.charter.version,
                }
                date = answer.signed_on
            else:
                summary = gettext_now("%(partner)s (%(kind)s) is a partner in the project.") % {
                    "partner": partner.name,
                    "kind": partner.get_kind_display(),
                }
                date = partner.created_at.date()
            evidence.append(
                Evidence(
                    kind="partner",
                    key=str(partner.pk),
                    title=partner.name,
                    summary=summary,
                    url=reverse("partners-list", args=[project.slug]) + f"#partner-{partner.pk}",
                    date=date,
                    standards=("governance", "working_together"),
                    gripp2=("methods",),
                )
            )
        return evidence

    def project_list(self, user) -> list[Panel]:
        rows = my_partner_rows(user)
        return [Panel("partners/_my_partners.html", {"rows": rows})] if rows else []

    def members_changed(self, project: Project) -> None:
        # Once the invitation's acceptance has linked them to their record (same transaction).
        transaction.on_commit(lambda: do_sync_signature_reminders(project))

    def erase_person(self, user) -> None:
        """What they were named to sign and what they answered (their typed name included)."""
        for signatory in signatories_of(user):
            signatory.delete()

    def project_deleting(self, project: Project) -> None:
        """The logo files are deleted once the project's rows are."""
        for partner in project.partners.exclude(logo=""):
            transaction.on_commit(lambda logo=partner.logo: logo.storage.delete(logo.name))

    def add_demo(self, project: Project, users: dict, *, size: str) -> None:
        demo.add_partners(project, users)


def still_asked(request_ids: set[int]) -> set[int]:
    """The requests still the latest of their project, for a version still ready."""
    later = SigningRequest.objects.filter(
        project=OuterRef("project"), sent_at__gt=OuterRef("sent_at")
    )
    return set(
        SigningRequest.objects.filter(pk__in=request_ids, charter__status=Charter.Status.READY)
        .exclude(Exists(later))
        .values_list("pk", flat=True)
    )


def my_partner_rows(user) -> list[dict]:
    """For each partner this person signs for or belongs to, in projects they are a member
    of: what waits for their signature and the latest version their organisation signed."""
    partners = (
        Partner.objects.filter(
            Q(signatories__user=user)
            | Q(signatories__stakeholder__user=user)
            | Q(members__user=user)
            | Q(stakeholders__user=user),
            project__memberships__user=user,
        )
        .distinct()
        .select_related("project")
        .order_by("project__title", "name")
    )
    rows = []
    for partner in partners:
        project = partner.project
        current = get_current_request(project)
        standing = next(
            s for s in get_request_standings(current, project) if s.partner.pk == partner.pk
        )
        mine = [s for s in standing.waiting if s.is_for(user)] if current else []
        signed = (
            Answer.objects.filter(
                signatory__partner=partner,
                decision=Answer.Decision.SIGNED,
                charter__status=Charter.Status.READY,
            )
            .order_by("-charter__version")
            .values_list("charter__version", flat=True)
            .first()
        )
        rows.append(
            {
                "project": project,
                "partner": partner,
                "waiting": current.charter.version if mine else None,
                "sign_url": reverse("partners-sign", args=[project.slug, mine[0].pk])
                if mine
                else "",
                "signed_version": signed,
            }
        )
    return rows
