"""The MeasEval scorer's readings of the gold (`scripts/eval_quantities.py`), on spans written here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from eval_quantities import _our_unit_for, gold_value  # noqa: E402


@pytest.mark.parametrize(
    ("span", "value"),
    [
        ("4.3 × 10−8 wt.%", 4.3e-8),
        ("5.9 million", 5.9e6),
        ("two", 2.0),
        ("four and a half", 4.5),
        ("∼1:60", 1 / 60),
        ("05:28 UT", 5.0),  # a clock time is no ratio
        (".05", 0.05),
        ("room temperature", None),
    ],
)
def test_gold_value(span: str, value: float | None) -> None:
    got = gold_value(span)
    assert got == pytest.approx(value) if value is not None else got is None


@pytest.mark.parametrize(
    ("written", "ours"),
    [
        ("m s−1", "m.s^-1"),
        ("m thick", "m"),  # a unit, then a word that is none
        ("ppm by mass", "ppm"),
        ("elderly participants", "participant"),  # a counted noun with its modifier: the head
        ("lines of code", "line"),
    ],
)
def test_gold_unit(written: str, ours: str) -> None:
    assert _our_unit_for(written) == ours


def test_a_rate_is_not_read_as_its_first_unit() -> None:
    assert _our_unit_for("% per year") != "percent"
