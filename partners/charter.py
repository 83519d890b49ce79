"""The partners on the charter's cover (with their logos) and its sign-off by each partner.

Both are drawn from what the project says now: a partner has signed if a signature it gave
holds for it (``standing.holds``), so the version made once everyone has signed is no longer
a draft. Reasons for declining are for the facilitators, never printed; someone invited to
sign is named only once they have joined or agreed to be named.
"""

from django.utils.translation import gettext_lazy

from charter.freshness import get_fingerprint
from projects.models import Project
from projects.parts import CharterSection, CoverItem, member_name

from .logos import as_data_url
from .standing import Standing, get_standings, terms


def get_charter_standings(project: Project) -> list[Standing]:
    """Each partner's signatures that hold for what the charter says now."""
    return get_standings(project, charter_id=None, asked_terms=terms(get_fingerprint(project)))


def logo_of(partner) -> str:
    if not partner.logo:
        return ""
    try:
        with partner.logo.open("rb") as file:
            return as_data_url(file.read(), partner.logo_type)
    except OSError:  # a file gone missing: the cover shows the name alone
        return ""


def get_cover(project: Project) -> list[CoverItem]:
    standings = get_charter_standings(project)
    if not standings:
        return []
    partners = [
        {
            "name": s.partner.name,
            "kind": str(s.partner.get_kind_display()),
            "logo": logo_of(s.partner),
            "alt": s.partner.alt_text,
        }
        for s in standings
    ]
    draft = not all(s.is_signed for s in standings)
    return [CoverItem("partners/charter_cover.html", {"partners": partners}, draft=draft)]


def waiting_names(standing: Standing) -> tuple[list[str], int]:
    """Who has not signed yet, by name where they may be named, and how many are not."""
    names, unnamed = [], 0
    for signatory in standing.waiting:
        if signatory.user_id:
            names.append(str(member_name(signatory.user)))
        elif signatory.stakeholder.user_id:
            names.append(str(member_name(signatory.stakeholder.user)))
        elif signatory.stakeholder.may_be_named:
            names.append(signatory.stakeholder.name)
        else:
            unnamed += 1
    return names, unnamed


def partner_signoff_section(project: Project) -> dict:
    """Per partner: who signed which version and when, and who has not yet."""
    partners = []
    for standing in get_charter_standings(project):
        names, unnamed = waiting_names(standing)
        partners.append(
            {
                "name": standing.partner.name,
                "kind": str(standing.partner.get_kind_display()),
                "signed": [
                    {
                        "name": answer.name,
                        "role": answer.role,
                        "organisation": answer.organisation,
                        "version": answer.charter.version,
                        "signed_on": answer.signed_on,
                        "statement": answer.statement,
                    }
                    for answer in standing.signed
                ],
                "waiting": names,
                "unnamed": unnamed,
                "asked": len(standing.signatories),
            }
        )
    return {
        "partners": partners,
        "all_signed": bool(partners) and all(p["signed"] for p in partners),
    }


SECTIONS = [
    CharterSection(
        105,
        "partner-sign-off",
        gettext_lazy("Signed for each partner"),
        "partners/charter_signoff.html",
        partner_signoff_section,
    )
]
