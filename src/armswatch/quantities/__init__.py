"""Counted and measured amounts in English text, with value, unit, bound and range:
`find_quantities(text_or_doc) -> [Quantity]`."""

from armswatch.quantities.quantities import (
    Quantity,
    find_quantities,
    find_quantities_with_tokens,
    parse_number,
    tokens_of,
    unit_for_noun,
)

__all__ = ["Quantity", "find_quantities", "find_quantities_with_tokens", "parse_number", "tokens_of",
           "unit_for_noun"]
