"""A preset that starts a project's policy from published national guidance.

Only what can be cited goes in, with where it comes from. The NIHR's guidance sets out the
structure followed here (what is paid for, how, which expenses, recognition beyond money, and
that people in salaried public-sector roles are not usually paid for their time). It gives
its payment rates in tables that change from year to year; no figure is put in a preset
without a citation of the exact table it comes from, so the preset adds no rates: the project
adds its own, each with its source and the date it applies from.
"""

import datetime

from django.utils.translation import gettext_lazy as _

from .choices import Expense, Method, Return

NIHR = {
    "source_title": "NIHR: Payment guidance for researchers and professionals",
    "source_url": "https://www.nihr.ac.uk/payment-guidance-researchers-and-professionals",
    "source_version": "1.6",
    "source_effective": datetime.date(2024, 8, 1),
    "methods": [Method.BANK_TRANSFER, Method.VOUCHER, Method.DONATION],
    "expenses": [
        Expense.TRAVEL,
        Expense.CARER,
        Expense.SUPPORT_WORKER,
        Expense.DATA,
        Expense.MEALS,
    ],
    "returns": [Return.TRAINING, Return.REFERENCES, Return.CERTIFICATES, Return.CO_AUTHORSHIP],
}

PRESETS = {"nihr": NIHR}

# Shown before a contributor chooses: plain words, and where to get advice.
BENEFITS_NOTE = _(
    "If you receive benefits, being paid for your time can affect them, and so can some "
    "vouchers. Expenses paid back for what you spent usually do not, but check first. You can "
    "choose expenses only, or not to be paid at all, and change your mind later."
)
ADVICE = [
    (
        _(
            "The Benefits Advice Service for involvement (free and confidential, for people "
            "involved in health and care research)"
        ),
        "",
    ),
    (_("Citizens Advice"), "https://www.citizensadvice.org.uk/"),
]
