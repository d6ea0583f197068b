#!/usr/bin/env python3
"""How well armswatch.read.wrapping.unwrap restores hard-wrapped text, and that it leaves other text alone.

usage: eval_unwrap.py [--gold DIR] [--texts DIR ...]

The WCXB dev gold articles (one paragraph a line) are wrapped four ways: by textwrap at 60, 72 and 80
columns with a blank line between paragraphs, by hand at random widths of 25-70 characters (seeded), and
at 72 columns with no blank line between paragraphs. For each, how many paragraphs come back exactly.
Then every text file under --texts (page dumps, seeds, reports) is checked: none should be taken as
hard-wrapped (they hold one block a line).
"""

from __future__ import annotations

import argparse
import json
import random
import textwrap
from pathlib import Path

from armswatch.read.wrapping import broken_mid_sentence, unwrap, wrap_width

DEFAULT_GOLD = Path("../shared/data/wcxb-dev-articles/gold")


def by_hand(paragraph: str, rng: random.Random) -> str:
    lines: list[str] = []
    words: list[str] = []
    target = rng.randint(25, 70)
    for word in paragraph.split():
        words.append(word)
        if len(" ".join(words)) >= target:
            lines.append(" ".join(words))
            words, target = [], rng.randint(25, 70)
    if words:
        lines.append(" ".join(words))
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--texts", type=Path, nargs="*", default=[])
    args = ap.parse_args()
    articles = []
    for path in sorted(args.gold.glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))["main_content"]
        articles.append([" ".join(p.split()) for p in body.split("\n") if p.strip()])
    rng = random.Random(7)
    ways = {
        "textwrap 60": lambda ps: "\n\n".join(textwrap.fill(p, 60) for p in ps),
        "textwrap 72": lambda ps: "\n\n".join(textwrap.fill(p, 72) for p in ps),
        "textwrap 80": lambda ps: "\n\n".join(textwrap.fill(p, 80) for p in ps),
        "by hand 25-70": lambda ps: "\n\n".join(by_hand(p, rng) for p in ps),
        "textwrap 72, no blank lines": lambda ps: "\n".join(textwrap.fill(p, 72) for p in ps),
    }
    for name, wrap in ways.items():
        restored = total = exact = 0
        for paragraphs in articles:
            got = [line for line in unwrap(wrap(paragraphs)).split("\n") if line.strip()]
            wanted = set(paragraphs)
            restored += sum(1 for line in got if line in wanted)
            total += len(paragraphs)
            exact += got == paragraphs
        print(f"{name}: paragraphs restored {restored}/{total} ({restored / total:.3f}), "
              f"articles exact {exact}/{len(articles)}")
    files = [path for folder in args.texts for path in sorted(folder.rglob("*")) if path.is_file()]
    taken = []
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except (UnicodeDecodeError, OSError):
            continue
        if wrap_width(lines) is not None or broken_mid_sentence(lines):
            taken.append(str(path))
    print(f"texts taken as hard-wrapped: {len(taken)} of {len(files)}", *taken[:20], sep="\n  ")


if __name__ == "__main__":
    main()
