"""Money: a ``Decimal`` with its currency, quantised to pennies at the edges, never a float."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

PENNY = Decimal("0.01")
SYMBOLS = {"GBP": "£", "EUR": "€"}


def pennies(value: Decimal | int | str) -> Decimal:
    """The amount rounded to the penny (half up, as a finance team rounds)."""
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal | None, currency: str) -> str:
    """ "£1,234.50" (or "1,234.50 USD" for a currency without a symbol here)."""
    if amount is None:
        return ""
    text = number_format(pennies(amount), decimal_pos=2, use_l10n=True, force_grouping=True)
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{text}" if symbol else f"{text} {currency}"
