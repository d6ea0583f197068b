"""PLOVER and CAMEO codes of our event types: the one table, following the contract's mapping
(spec/dossier.md, "Event types"), so a dossier's events join event datasets (ICEWS, GDELT, POLECAT).

CAMEO codes are the ones the contract names; where it gives a family ("04x", "15x", "17x", "19x") the
family's root code is used, and attacks are refined by what was used when the items say so
(193 small arms, 194 artillery, 195 aerial weapons: codes of the CAMEO 2.0 verb dictionary)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EventCode:
    plover: str
    plover_mode: str | None  # only where the contract makes it clear
    cameo: str
    cameo_label: str
    cameo_alternatives: tuple[str, ...] = ()


#: our type -> codes. The single source of truth: the dossier builder and every exporter read it.
EVENT_CODES: dict[str, EventCode] = {
    "transfer": EventCode("AID", "military", "072", "Provide military aid", ("0234",)),
    "condemnation": EventCode("ACCUSE", "disapprove", "111", "Criticize or denounce"),
    "denial": EventCode("REJECT", None, "016", "Reject accusation, deny responsibility"),
    "meeting": EventCode("CONSULT", None, "040", "Consult"),
    "sanction": EventCode("SANCTION", None, "163", "Impose embargo, boycott, or sanctions"),
    "exercise": EventCode("MOBILIZE", None, "150", "Demonstrate military or police power"),
    # CAMEO has no weapons-test code: the contract maps it to 138, as PLOVER THREATEN (demonstrate)
    "weapons_test": EventCode("THREATEN", "demonstrate", "138", "Threaten with military force"),
    "attack": EventCode("ASSAULT", None, "190", "Use conventional military force"),
    "seizure": EventCode("SEIZE", None, "171", "Seize or damage property"),
}

# Attack refinement by the category of what was used (first match wins, in this order).
_ATTACK_BY_ITEM: tuple[tuple[frozenset[str], str, str], ...] = (
    (
        frozenset({"drone", "cruise_missile", "ballistic_missile", "rocket", "aircraft"}),
        "195",
        "Employ aerial weapons",
    ),
    (frozenset({"artillery_ammunition", "armoured_vehicle"}), "194", "Fight with artillery and tanks"),
    (frozenset({"small_arms"}), "193", "Fight with small arms and light weapons"),
)


def event_codes(event_type: str, item_categories: Iterable[str] = ()) -> dict[str, Any]:
    """The code fields one event carries: plover, plover_mode (where clear), cameo, cameo_label."""
    code = EVENT_CODES.get(event_type)
    if code is None:
        return {}
    cameo, label = code.cameo, code.cameo_label
    if event_type == "attack":
        used = set(item_categories)
        for categories, c, lab in _ATTACK_BY_ITEM:
            if used & categories:
                cameo, label = c, lab
                break
    out: dict[str, Any] = {"plover": code.plover, "cameo": cameo, "cameo_label": label}
    if code.plover_mode:
        out["plover_mode"] = code.plover_mode
    return out


def codes_of(event: Mapping[str, Any]) -> dict[str, Any]:
    """Codes of a dossier event: its own when the dossier carries them (newer dossiers), else computed,
    so older dossiers export with codes too."""
    computed = event_codes(event.get("type", ""), (i.get("category", "") for i in event.get("items") or []))
    return {k: event.get(k, v) for k, v in computed.items()}
