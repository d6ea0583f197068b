"""scripts/eval_one_to_one.py: one system event may stand for several gold events under score.py's
matching, but for one at most under the one-to-one matching. Gold, report and dossier written here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def tool():
    sys.path.insert(0, str(ROOT / "scripts"))
    import eval_one_to_one

    return eval_one_to_one


def _gold(tmp_path: Path, optional_second: bool = False) -> Path:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a1.txt").write_text("Redland shelled Blueport on Monday.\nRedland shelled Greenfield too.\n",
                                    encoding="utf-8")
    gold = {
        "inputs": "reports",
        "entities": {
            "redland": {"type": "country", "names": ["Redland"]},
            "blueport": {"type": "place", "names": ["Blueport"]},
            "greenfield": {"type": "place", "names": ["Greenfield"]},
        },
        "documents": {"a1": {"title": None, "published": None, "body_lines": ["1-2"],
                             "entities": ["redland", "blueport", "greenfield"]}},
        "mentions": [
            {"doc": "a1", "event": "A_BLUE", "type": "attack", "actor": [["redland"]],
             "target": [["blueport"], ["greenfield"]]},
            {"doc": "a1", "event": "A_GREEN", "type": "attack", "actor": [["redland"]],
             "target": [["greenfield"], ["blueport"]], "optional": optional_second},
        ],
    }
    path = tmp_path / "gold.yaml"
    path.write_text(yaml.safe_dump(gold), encoding="utf-8")
    return path


def _dossier(n_events: int) -> dict:
    ents = [{"id": "e1", "name": "Redland"}, {"id": "e2", "name": "Blueport"},
            {"id": "e3", "name": "Greenfield"}]
    events = [{"id": f"ev{i}", "type": "attack", "actor": ["e1"], "target": ["e2", "e3"],
               "mentions": [{"document": "a1", "text": "x", "start": 0, "end": 1}]} for i in range(n_events)]
    docs = [{"id": "a1", "body": "Redland shelled Blueport."}]
    return {"documents": docs, "entities": ents, "events": events}


def test_one_system_event_counts_once(tool, shared: Path, tmp_path: Path) -> None:
    score = tool.load_scorer(shared / "eval" / "score.py")
    res = tool.one_to_one(score, _dossier(1), _gold(tmp_path))
    assert res["many"]["recall"] == 1.0 and res["many"]["precision"] == 1.0
    assert res["one_to_one"]["matched"] == 1
    assert res["one_to_one"]["recall"] == 0.5 and res["one_to_one"]["precision"] == 1.0


def test_two_system_events_fill_both(tool, shared: Path, tmp_path: Path) -> None:
    score = tool.load_scorer(shared / "eval" / "score.py")
    res = tool.one_to_one(score, _dossier(2), _gold(tmp_path))
    assert res["one_to_one"]["matched"] == 2 and res["one_to_one"]["f1"] == 1.0


def test_optional_gold_counts_neither_way(tool, shared: Path, tmp_path: Path) -> None:
    score = tool.load_scorer(shared / "eval" / "score.py")
    res = tool.one_to_one(score, _dossier(1), _gold(tmp_path, optional_second=True))
    assert res["one_to_one"]["gold_units"] == 1 and res["one_to_one"]["recall"] == 1.0


def test_cli_writes_json(tool, shared: Path, tmp_path: Path) -> None:
    dossier = tmp_path / "dossier.json"
    dossier.write_text(json.dumps(_dossier(1)), encoding="utf-8")
    out = tmp_path / "o2o.json"
    assert tool.main([str(dossier), str(_gold(tmp_path)), "--scorer", str(shared / "eval" / "score.py"),
                      "--json", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["one_to_one"]["matched"] == 1


def test_bad_dossier_is_named(tool, shared: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(SystemExit, match="bad.json"):
        tool.main([str(bad), str(_gold(tmp_path)), "--scorer", str(shared / "eval" / "score.py")])
