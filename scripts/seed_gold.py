"""What the evaluation scripts share: the shared scorer loaded as a module, and the sample reports' gold
bodies as Articles, for the scripts that measure a later stage (entities, events) apart from the cleaner."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import yaml

from armswatch.clean.models import Article

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "eval" / "gold" / "seeds.yaml"
SCORER = SHARED / "eval" / "score.py"


def load_scorer(path: Path = SCORER) -> ModuleType:
    """../shared/eval/score.py as a module (it is a script, not a package), to reuse its own matching."""
    spec = importlib.util.spec_from_file_location("armswatch_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def line_ranges(spec: list) -> set[int]:
    """1-based line numbers from gold ranges like ["7-21", "23"]."""
    out: set[int] = set()
    for part in spec or []:
        a, _, b = str(part).partition("-")
        out.update(range(int(a), int(b or a) + 1))
    return out


def gold_body_articles(gold_path: Path = GOLD) -> list[Article]:
    """One Article per gold document, its body made of the raw seed file's gold body lines."""
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    folder = gold_path.parent / gold.get("inputs", "../../seeds")
    out = []
    for doc_id, gd in gold["documents"].items():
        raw = next(p for p in folder.iterdir() if p.name.split(".")[0] == doc_id)
        lines = raw.read_text(encoding="utf-8", errors="replace").split("\n")
        keep = line_ranges(gd.get("body_lines"))
        out.append(
            Article(
                id=doc_id,
                source=raw.name,
                title=gd.get("title"),
                published=gd.get("published"),
                reference_date=gd["reference_date"]["date"],
                reference_date_inferred=False,
                outlet=(gd.get("outlet") or [None])[0],
                author=None,
                body="\n".join(x for i, x in enumerate(lines, 1) if i in keep),
                content_sha256="",
            )
        )
    return out
