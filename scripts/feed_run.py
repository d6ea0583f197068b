"""Run `armswatch analyze` over records written as a JSON Lines feed and read back its dossier: the step the
scripts that score the whole pipeline on labelled text share (`eval_event_roles.py`, `eval_event_time.py`)."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def analyze_feed(records: list[dict], out: Path) -> dict:
    """The dossier of the records ({id, text, published}) analysed as one feed into OUT/run."""
    feed = out / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record) + "\n")
    cmd = [str(ROOT / ".venv" / "bin" / "armswatch"), "analyze", str(feed), "--out", str(out / "run"), "-q"]
    subprocess.run(cmd, check=True)
    return json.loads((out / "run" / "dossier.json").read_text(encoding="utf-8"))


def dossier_of(records: list[dict], out: Path | None, reuse: bool) -> dict:
    """The dossier kept in OUT (`reuse`), else a fresh run's (in OUT, or a temporary folder)."""
    if reuse and out:
        return json.loads((out / "run" / "dossier.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        where = out or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        return analyze_feed(records, where)
