"""What payment and recognition add to a project: its step on the overview, to-dos for
contributors and facilitators, its exports and what it erases, the charter's "Payment and
recognition" section (the policy only), evidence for reports, reminders and demo data."""

from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from coproduce.fingerprint import rows_fingerprint
from projects.access import Can, may
from projects.models import Membership, Project
from projects.parts import (
    CharterSection,
    Evidence,
    ProjectPart,
    Step,
    Todo,
    differs,
    register,
    row_sentences,
    state_of,
)
from reminders.models import Reminder
from reminders.outbox import do_cancel_reminders

from . import charter_section, demo
from .claim_reminders import claim_key, get_claims_needing_reminders
from .models import Claim, Contributor, Policy, Rate, TimeEntry
from .records import get_policy, get_suggestions

POLICY_FIELDS = [
    *("currency", "methods", "expenses", "returns", "how_to_claim"),
    *("respond_within_days", "pay_within_days"),
    *("source_title", "source_url", "source_version", "source_effective"),
]
RATE_FIELDS = ["activity", "unit", "amount", "effective_from", "source"]
ENTRY_FIELDS = ["activity", "date", "hours", "description", "status", "amount", "currency"]
CLAIM_FIELDS = [
    *("kind", "description", "spent_on", "amount", "currency", "status", "question", "answer"),
    *("submitted_at", "pay_by", "approved_at", "paid_at", "receipt_name"),
]


def delete_receipts(claims) -> None:
    for claim in claims.exclude(receipt=""):
        transaction.on_commit(lambda f=claim.receipt: f.storage.delete(f.name))


@register
class ReciprocityPart(ProjectPart):
    position = 85

    def progress(self) -> dict:
        return {
            "has_payment_policy": Exists(Policy.objects.filter(project=OuterRef("pk"))),
            "has_rates": Exists(Rate.objects.filter(project=OuterRef("pk"))),
        }

    def overview_step(self, project: Project, progress: dict[str, Any]) -> Step:
        return Step(
            gettext_lazy("Payment and recognition"),
            gettext_lazy(
                "Agree what people get back for their time before involvement starts: rates, "
                "expenses, how quickly claims are paid, and recognition."
            ),
            state_of(progress["has_payment_policy"], progress["has_rates"]),
            reverse("reciprocity-index", args=[project.slug]),
        )

    def todo(self, membership: Membership) -> list[Todo]:
        """In one query (and one more when other parts record time this member gave): their
        choice and claims that need something from them; facilitators' claims and time to
        approve."""
        project = membership.project
        claimant, manager = may(membership, Can.CLAIM), may(membership, Can.MANAGE_PAYMENTS)
        if not (claimant or manager):
            return []
        claims = Claim.objects.filter(project=OuterRef("pk")).order_by().values("project")
        first_due = claims.annotate(due=Min("pay_by")).values("due")
        counted = claims.annotate(n=Count("pk")).values("n")
        queried = Q(status=Claim.Status.QUERIED, user_id=membership.user_id)
        mine = Contributor.objects.filter(project=OuterRef("pk"), user_id=membership.user_id)
        waiting = (
            TimeEntry.objects.filter(project=OuterRef("pk"), status=TimeEntry.Status.SUBMITTED)
            .order_by()
            .values("project")
        )
        state = (
            Project.objects.filter(pk=project.pk)
            .values(
                has_policy=Exists(Policy.objects.filter(project=OuterRef("pk"))),
                chosen=Exists(mine.exclude(choice=Contributor.Choice.UNDECIDED)),
                queried=Subquery(counted.filter(queried)),
                queried_due=Subquery(first_due.filter(queried)),
                to_approve=Subquery(counted.filter(status=Claim.Status.SUBMITTED)),
                to_approve_due=Subquery(first_due.filter(status=Claim.Status.SUBMITTED)),
                time=Subquery(waiting.annotate(n=Count("pk")).values("n")),
            )
            .get()
        )
        mine_url = reverse("reciprocity-mine", args=[project.slug])
        people_url = reverse("reciprocity-people", args=[project.slug])
        items = []
        if claimant:
            # Nothing to choose until the project has said what it offers.
            if state["has_policy"]:
                items.append(
                    Todo(
                        _("Choose whether you want to be paid for your time"),
                        reverse("reciprocity-my-choice", args=[project.slug]),
                        done=state["chosen"],
                    )
                )
            if state["queried"]:
                count = state["queried"]
                items.append(
                    Todo(
                        ngettext(
                            "Answer the question about %(count)s of your claims",
                            "Answer the questions about %(count)s of your claims",
                            count,
                        )
                        % {"count": count},
                        mine_url,
                        due=state["queried_due"],
                    )
                )
            suggested = len(get_suggestions(project, membership.user_id))
            if suggested:
                items.append(
                    Todo(
                        ngettext(
                            "Confirm %(count)s piece of time you gave",
                            "Confirm %(count)s pieces of time you gave",
                            suggested,
                        )
                        % {"count": suggested},
                        mine_url,
                    )
                )
        if manager and state["to_approve"]:
            count = state["to_approve"]
            items.append(
                Todo(
                    ngettext(
                        "Approve or ask about %(count)s expense claim",
                        "Approve or ask about %(count)s expense claims",
                        count,
                    )
                    % {"count": count},
                    people_url,
                    due=state["to_approve_due"],
                )
            )
        if manager and state["time"]:
            count = state["time"]
            items.append(
                Todo(
                    ngettext(
                        "Approve %(count)s piece of time", "Approve %(count)s pieces of time", count
                    )
                    % {"count": count},
                    people_url,
                )
            )
        return items

    def report_evidence(self, project: Project) -> list[Evidence]:
        """The policy (never what anyone was paid)."""
        policy = get_policy(project)
        if not policy.pk:
            return []
        activities = sorted(
            {str(rate.get_activity_display()).lower() for rate in project.rates.all()}
        )
        summary = _(
            "The project has a payment and recognition policy: it pays for %(activities)s, "
            "covers %(expenses)s, and pays approved claims within %(days)s days."
        ) % {
            "activities": ", ".join(activities) or _("no activities yet"),
            "expenses": ", ".join(label.lower() for label in policy.expense_labels())
            or _("no expenses yet"),
            "days": policy.pay_within_days,
        }
        return [
            Evidence(
                kind="payment_policy",
                key=str(policy.pk),
                title=str(_("Payment and recognition policy")),
                summary=summary,
                url=reverse("reciprocity-index", args=[project.slug]),
                date=policy.updated_at.date(),
                standards=("support_and_learning", "inclusive_opportunities"),
                gripp2=("methods",),
            )
        ]

    def export_project(self, project: Project) -> dict[str, Any]:
        policy = get_policy(project)
        return {
            "payment_policy": {f: getattr(policy, f) for f in POLICY_FIELDS} if policy.pk else None,
            "payment_rates": list(project.rates.values(*RATE_FIELDS)),
            "payment_choices": list(
                project.contributors.values(
                    "user__name",
                    "choice",
                    "method",
                    "not_eligible",
                    "not_eligible_reason",
                    "chosen_at",
                    "recognition_approved_at",
                )
            ),
            "time_given": list(project.time_entries.values("user__name", *ENTRY_FIELDS)),
            "expense_claims": list(project.claims.values("user__name", *CLAIM_FIELDS)),
        }

    def export_person(self, user) -> dict[str, Any]:
        return {
            "your_payment_choices": list(
                Contributor.objects.filter(user=user).values(
                    "project__title",
                    "choice",
                    "method",
                    "not_eligible",
                    "chosen_at",
                    "recognition_note",
                    "recognition_approved_at",
                )
            ),
            "your_time": list(
                TimeEntry.objects.filter(user=user).values("project__title", *ENTRY_FIELDS)
            ),
            "your_expense_claims": list(
                Claim.objects.filter(user=user).values("project__title", *CLAIM_FIELDS)
            ),
        }

    def erase_person(self, user) -> None:
        """Their claims (and receipts), time and choices go with their account; the amounts
        approved stay on the timeline, which then names "a former member"."""
        claims = Claim.objects.filter(user=user)
        delete_receipts(claims)
        for claim in claims:
            do_cancel_reminders(key=claim_key(claim))
        claims.delete()

    def project_deleting(self, project: Project) -> None:
        """Receipts are deleted from storage once the project's rows are."""
        delete_receipts(project.claims.all())

    def live_events(self) -> dict:
        return {Reminder.Kind.CLAIM: get_claims_needing_reminders}

    def charter_sections(self) -> list[CharterSection]:
        return charter_section.SECTIONS

    def charter_fingerprint(self) -> dict:
        return {
            "payment_policy": rows_fingerprint(Policy.objects, "project", *POLICY_FIELDS),
            "payment_rates": rows_fingerprint(Rate.objects, "project", *RATE_FIELDS),
        }

    def charter_changes(self, before: dict, now: dict) -> list[str]:
        sentences = []
        if differs(before, now, "payment_policy"):
            sentences.append(_("The payment and recognition policy changed."))
        sentences += row_sentences(
            before,
            now,
            "payment_rates",
            added=ngettext_lazy(
                "%(count)s payment rate was added.", "%(count)s payment rates were added.", "count"
            ),
            removed=ngettext_lazy(
                "%(count)s payment rate was removed.",
                "%(count)s payment rates were removed.",
                "count",
            ),
            changed=ngettext_lazy(
                "%(count)s payment rate was changed.",
                "%(count)s payment rates were changed.",
                "count",
            ),
        )
        return sentences

    def add_demo(self, project: Project, users: dict, *, size: str) -> None:
        demo.add_payments(project, users)
        if size == "large":
            demo.add_many_time_entries(project, count=5000)
