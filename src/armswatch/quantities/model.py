"""What the quantity finder returns: `Quantity` (the dossier's object) and `Found` (a quantity with the
token indices `items` attaches it with)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["Found", "Quantity"]


@dataclass(frozen=True)
class Quantity:
    """A counted or measured amount as the report states it."""

    value: float
    unit: str
    approximate: bool
    bound: str  # "exact" | "at_least" | "at_most"
    text: str
    char_start: int
    char_end: int
    low: float | None = None
    high: float | None = None

    def as_contract(self) -> dict[str, object]:
        """The dossier's Quantity object (low/high ride along when known)."""
        out: dict[str, object] = {
            "value": self.value,
            "unit": self.unit,
            "approximate": self.approximate,
            "bound": self.bound,
            "text": self.text,
        }
        if self.low is not None:
            out["low"] = self.low
            out["high"] = self.high
        return out



class Found(NamedTuple):
    """A quantity with the token indices `items` needs to attach it."""

    quantity: Quantity
    number_start: int  # token index where the quantity's text starts
    noun: int  # token index of the counted noun or unit, -1 when none
    # token index where the phrase naming what a container, measure or sum is of starts, or -1: after its
    # "of"/"worth of" ("1,000 containers of ...", "$1.2 billion worth of ..."), or, for a sum, before its
    # "worth"/"valued at" ("artillery shells worth $1.2 billion")
    of_target: int

