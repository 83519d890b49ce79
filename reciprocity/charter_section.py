"""The charter's "Payment and recognition" section: the policy (rates, expenses, how to claim,
how quickly, what else people get back), never what any person was paid."""

from django.utils.translation import gettext_lazy

from projects.models import Project
from projects.parts import CharterSection

from .money import format_money
from .records import get_policy


def payment_section(project: Project) -> dict:
    policy = get_policy(project)
    rates = [
        {
            "activity": str(rate.get_activity_display()),
            "amount": format_money(rate.amount, policy.currency),
            "unit": str(rate.get_unit_display()),
            "from": rate.effective_from,
            "source": rate.source,
        }
        for rate in project.rates.order_by("activity", "effective_from", "id")
    ]
    return {
        "has_policy": bool(policy.pk),
        "rates": rates,
        "methods": policy.method_labels(),
        "expenses": policy.expense_labels(),
        "returns": policy.return_labels(),
        "how_to_claim": policy.how_to_claim,
        "respond_within_days": policy.respond_within_days,
        "pay_within_days": policy.pay_within_days,
        "source": {
            "title": policy.source_title,
            "url": policy.source_url,
            "version": policy.source_version,
            "effective": policy.source_effective,
        },
    }


SECTIONS = [
    CharterSection(
        85,
        "payment",
        gettext_lazy("Payment and recognition"),
        "reciprocity/charter_section.html",
        payment_section,
    )
]
