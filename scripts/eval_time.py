"""Score the time component on the TimeML development sets (TempEval-3 TBAQ-cleaned: TimeBank, AQUAINT).

    .venv/bin/python scripts/eval_time.py [--data ../shared/data/components/timeml] [--misses N]

For every gold TIMEX3 (the document's creation time, DCT, is the reference date), our expressions are
found over the document's text with `find_time_expressions(text, dct, timeml=True)`. As TempEval-3 does,
a gold expression is matched by an expression of ours that overlaps it (relaxed span match; strict when
the offsets are equal); its value is compared exactly with the gold's (`1998-08` is not `1998-08-07`).
A range of ours ("2009-2010", "from May to July") offers each of its parts, as TimeML marks each end.

Printed: span precision/recall/F1 (relaxed and strict) over all types; value accuracy per type on
matched spans (TempEval-3's figure) and over all gold expressions of the type (an unmatched one counts
as wrong). Development data only: the TempEval-3 platinum test set is the independent check and is
never read here.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from armswatch.time import TimeExpression, find_time_expressions

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "components" / "timeml"
# the same text twice with two DCTs (the data's README): count it once
DUPLICATES = {"APW20000115.0209.tml"}

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str


def read_tml(path: Path) -> tuple[str, date, list[Gold]]:
    """The document's plain text, its DCT and its TIMEX3s with offsets into that text."""
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r'<DCT><TIMEX3[^>]*value="(\d{4}-\d\d-\d\d)', raw)
    assert dct_m, path
    dct = date.fromisoformat(dct_m.group(1))
    body = raw[raw.index("<TEXT>") + 6:raw.index("</TEXT>")]
    out: list[str] = []
    golds: list[Gold] = []
    pos, length = 0, 0
    open_timex: tuple[int, dict[str, str]] | None = None
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(2) != "TIMEX3":
            continue
        if m.group(1):
            assert open_timex is not None
            start, attrs = open_timex
            text = "".join(out)[start:length]
            golds.append(Gold(start, length, text, attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
        else:
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
    out.append(html.unescape(body[pos:]))
    return "".join(out), dct, golds


def _candidates(found: list[TimeExpression]) -> list[TimeExpression]:
    """Our expressions, with a range's parts offered beside the whole."""
    return [p for t in found for p in (t, *t.parts)]


def _best(g: Gold, ours: list[TimeExpression]) -> TimeExpression | None:
    """The overlapping expression of ours: an exact span first, then one whose value is right, then the
    one sharing most characters."""
    over = [t for t in ours if t.char_start < g.end and g.start < t.char_end and t.char_end > t.char_start]
    if not over:
        return None
    return max(over, key=lambda t: ((t.char_start, t.char_end) == (g.start, g.end), t.value == g.value,
                                    min(t.char_end, g.end) - max(t.char_start, g.start)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--misses", type=int, default=0, help="print this many DATE value misses")
    ap.add_argument("--type", default="DATE", help="the type whose misses are printed")
    args = ap.parse_args(argv)
    files = sorted(p for sub in ("timebank", "aquaint") for p in (args.data / sub).glob("*.tml")
                   if p.name not in DUPLICATES)
    gold_n = Counter[str]()
    matched = Counter[str]()
    right = Counter[str]()
    system_n = strict = relaxed_sys = 0
    misses: list[str] = []
    for path in files:
        text, dct, golds = read_tml(path)
        found = find_time_expressions(text, dct, timeml=True)
        ours = _candidates(found)
        system_n += len(found)
        relaxed_sys += sum(any(g.start < t.char_end and t.char_start < g.end for g in golds) for t in found)
        for g in golds:
            gold_n[g.type] += 1
            t = _best(g, ours)
            if t is None:
                if g.type == args.type:
                    misses.append(f"{path.name}\t{dct}\t{g.text!r}\t{g.value}\t-\t-")
                continue
            matched[g.type] += 1
            strict += (t.char_start, t.char_end) == (g.start, g.end)
            if t.value == g.value:
                right[g.type] += 1
            elif g.type == args.type:
                misses.append(f"{path.name}\t{dct}\t{g.text!r}\t{g.value}\t{t.text!r}\t{t.value}")
    total_gold = sum(gold_n.values())
    total_matched = sum(matched.values())
    p = relaxed_sys / system_n if system_n else 0.0
    r = total_matched / total_gold if total_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"documents {len(files)}; gold TIMEX3 {total_gold}; ours {system_n}")
    print(f"span relaxed P {p:.3f} R {r:.3f} F1 {f:.3f}; strict matches {strict}/{total_gold}")
    for typ in ("DATE", "DURATION", "TIME", "SET"):
        n, k, ok = gold_n[typ], matched[typ], right[typ]
        if n:
            print(f"{typ:9s} gold {n:5d} matched {k:5d} value right {ok:5d}: "
                  f"accuracy on matched {ok / k if k else 0:.3f}, over all gold {ok / n:.3f}")
    all_ok = sum(right.values())
    print(f"all types: value accuracy on matched {all_ok / total_matched:.3f}, "
          f"over all gold {all_ok / total_gold:.3f}; "
          f"value F1 (TempEval-3 style) {f * all_ok / total_matched:.3f}")
    for line in misses[: args.misses]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
