"""The CAMEO verb table: which CAMEO event codes a verb (and a verb with a given object) can code.

Built once by `scripts/train_event_detector.py` from PETRARCH2's verb dictionary (`CAMEO.2.0.txt`,
openeventdata/petrarch2 at 676801cd, MIT, (c) 2015 Open Event Data Alliance) into
`data/cameo_verbs.tsv`, which ships with the package: lemma, CAMEO code, and the object noun of a
pattern ("" for the verb's own code). The detector uses the codes as features, so a verb no training
sentence has ("ambush", "castigate", "impound") still carries its class.

Why a reader of our own: PETRARCH's reader is part of the coder and needs its whole runtime; the
dictionary format is small (a header per verb block, synonyms, then patterns) and we need only the verb
and its direct-object noun, not the coder's actor and phrase machinery.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

TABLE_PATH = Path(__file__).with_name("data") / "cameo_verbs.tsv"

# CAMEO codes near our event types (shared/data/events/cameo-verbs/README.md; CAMEO codebook 1.1b3).
# Weapons tests have no CAMEO code.
CODE_TYPES: tuple[tuple[str, str], ...] = (
    ("016", "denial"),
    ("040", "meeting"), ("042", "meeting"), ("043", "meeting"), ("044", "meeting"), ("046", "meeting"),
    ("060", "transfer"), ("061", "transfer"), ("062", "transfer"), ("07", "transfer"),
    ("111", "condemnation"), ("112", "condemnation"),
    ("15", "exercise"),
    ("16", "sanction"),
    ("171", "seizure"), ("191", "seizure"),
    ("18", "attack"), ("19", "attack"), ("20", "attack"),
)


def code_type(code: str) -> str:
    """Our event type nearest a CAMEO code ("" when none is)."""
    best = ""
    best_len = 0
    for prefix, etype in CODE_TYPES:
        if code.startswith(prefix) and len(prefix) > best_len:
            best, best_len = etype, len(prefix)
    if best == "attack" and code.startswith("191"):
        return "seizure"  # blockade
    return best


_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
_CODE = re.compile(r"\[([0-9]{2,4})(?::[0-9]*)?\]")
_FORMS = re.compile(r"\{([^}]*)\}")


def _word(raw: str) -> str:
    return raw.strip("+").replace("_", " ").strip().lower()


def parse_dictionary(lines: Iterable[str]) -> Iterator[tuple[str, str, str]]:
    """(verb lemma, code, object noun or "") for every coded verb and verb-object pattern."""
    in_verbs = False
    verbs: list[str] = []
    block_code = ""
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if "VERB PATTERNS" in raw:
            in_verbs = True
            continue
        if not in_verbs or not line.strip():
            continue
        head = _HEADER.match(line)
        if head:
            code = _CODE.search(line)
            block_code = code.group(1) if code else ""
            verbs = []
            continue
        if line.startswith("-"):
            pattern = line[1:].strip()
            code = _CODE.search(pattern)
            if not code or "*" not in pattern:
                continue
            after = pattern.split("*", 1)[1].split("[", 1)[0].strip()
            obj = ""
            if after.startswith("{"):
                inner = after[1 : after.find("}")] if "}" in after else ""
                obj = inner.split()[-1] if inner.split() else ""
            elif after and after.split()[0][0].isalpha():
                obj = after.split()[0]
            if obj and not obj.startswith("&"):
                for v in verbs:
                    yield v, code.group(1), _word(obj)
            continue
        # a verb line: WORD {FORMS} [code]
        word = line.split()[0]
        if not word or word.startswith("&") or word.startswith("{"):
            continue
        own = _CODE.search(_FORMS.sub("", line))
        lemma = _word(word)
        verbs.append(lemma)
        code = own.group(1) if own else block_code
        if code:
            yield lemma, code, ""


def write_table(dictionary: Path, out: Path = TABLE_PATH) -> int:
    """Write the shipped table from the dictionary; returns the number of rows."""
    text = dictionary.read_text(encoding="ascii", errors="replace")
    rows = sorted(set(parse_dictionary(text.splitlines())))
    with out.open("w", encoding="utf-8") as f:
        f.write("# lemma\tcameo_code\tobject (from PETRARCH2 CAMEO.2.0.txt, openeventdata/petrarch2 "
                "676801cd, MIT, (c) 2015 Open Event Data Alliance)\n")
        for lemma, code, obj in rows:
            f.write(f"{lemma}\t{code}\t{obj}\n")
    return len(rows)


@lru_cache(maxsize=1)
def cameo_table() -> tuple[dict[str, tuple[str, ...]], dict[tuple[str, str], tuple[str, ...]]]:
    """(lemma -> codes, (lemma, object) -> codes), read once per process."""
    own: dict[str, set[str]] = {}
    pattern: dict[tuple[str, str], set[str]] = {}
    if TABLE_PATH.exists():
        for line in TABLE_PATH.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            lemma, code, obj = (line.split("\t") + ["", ""])[:3]
            if obj:
                pattern.setdefault((lemma, obj), set()).add(code)
            else:
                own.setdefault(lemma, set()).add(code)
    return ({k: tuple(sorted(v)) for k, v in own.items()},
            {k: tuple(sorted(v)) for k, v in pattern.items()})
