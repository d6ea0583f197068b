"""The quantity finder's names as they were before the package was split into modules (`items` and older
callers import them from here, also through `armswatch.events.quantities`)."""

from armswatch.quantities.finder import find_quantities, find_quantities_with_tokens
from armswatch.quantities.model import Found, Quantity
from armswatch.quantities.numbers import parse_number
from armswatch.quantities.tokens import Tok, plain_tokens, tokens_of
from armswatch.quantities.units import MONEY_UNITS, NON_COUNT_UNITS, singular, unit_for_noun, unit_kind

__all__ = ["MONEY_UNITS", "NON_COUNT_UNITS", "Found", "Quantity", "Tok", "find_quantities",
           "find_quantities_with_tokens", "parse_number", "plain_tokens", "singular", "tokens_of",
           "unit_for_noun", "unit_kind"]
