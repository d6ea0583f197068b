"""dossier.json written by orjson, byte for byte what json.dump(indent=1) wrote; records without asdict."""

from __future__ import annotations

import json
from dataclasses import asdict

from hypothesis import given, settings
from hypothesis import strategies as st

from armswatch.dossier.build import dossier_bytes, plain
from armswatch.events.models import EventMention, ItemValue, PlaceRole, QuantityValue, TimeSpan

# JSON values as a dossier holds them: any text (quotes, control characters, line breaks, non-ASCII),
# floats of every magnitude (orjson writes those under 1e-4 its own way), nested lists and objects
_leaves = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text() | st.floats(
    allow_nan=False, allow_infinity=False)
_values = st.recursive(_leaves, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=30)


def _json_dump(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=8), _values, max_size=6))
def test_dossier_bytes_are_json_dumps(dossier: dict) -> None:
    assert dossier_bytes(dossier) == _json_dump(dossier)


def test_small_floats_and_number_like_text() -> None:
    dossier = {"a": [1e-05, -3e-07, 0.00012, 5e-05, 1e-10, 1e16, 0.1],
               "b": {"c": "x 1e-5", "d": "0.00001"}, "e": [], "f": {}, "g": "line\nbreak \u2028 é"}
    assert dossier_bytes(dossier) == _json_dump(dossier)


def test_values_orjson_refuses_fall_back_to_json() -> None:
    dossier = {"big": 2**70, "n": 1}
    assert dossier_bytes(dossier) == _json_dump(dossier)


def test_plain_is_asdict() -> None:
    mention = EventMention(
        document="d", type="transfer", text="Russia delivered 10 tanks to Syria.", start=0, end=35,
        actor=["Q159"], target=["Q858"],
        items=[ItemValue("tank", "tanks", QuantityValue(10.0, "tank", False, "exact", "10", low=None))],
        when=TimeSpan("2024-01", "2024-01", "in January"), places=[PlaceRole("Q858", "destination")],
        evidence={"trigger": [7, 16], "actor": {"Q159": [0, 6]}}, about=None)
    assert plain(mention) == asdict(mention)
    assert json.dumps(plain(mention)) == json.dumps(asdict(mention))  # the same key order
    copied = plain(mention)
    copied["evidence"]["actor"]["Q159"].append(99)
    assert mention.evidence["actor"]["Q159"] == [0, 6]  # a copy, as asdict makes
