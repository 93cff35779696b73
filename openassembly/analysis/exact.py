"""Exact numbers in and out: Fractions are shown without ever passing through float."""

from __future__ import annotations

from fractions import Fraction


def fraction_text(value: Fraction | int) -> str:
    """Exact text: "4/5", or "12" when whole."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def json_number(value: Fraction | int) -> int | str:
    """A whole number as a JSON number; anything else as exact "p/q" text."""
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else fraction_text(value)


def decimal_text(value: Fraction | int, places: int = 1, *, grouping: bool = True) -> str:
    """``value`` rounded half away from zero to ``places`` decimals; whole numbers plain."""
    value = Fraction(value)
    if value.denominator == 1:
        return f"{value.numerator:,}" if grouping else str(value.numerator)
    scale = 10**places
    scaled = abs(value) * scale
    rounded = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    whole, frac = divmod(rounded, scale)
    sign = "-" if value < 0 and rounded else ""
    whole_text = f"{whole:,}" if grouping else str(whole)
    return f"{sign}{whole_text}.{frac:0{places}d}" if places else f"{sign}{whole_text}"


def percent_text(rate: Fraction) -> str:
    return decimal_text(rate * 100, 1).removesuffix(".0") + "%"
