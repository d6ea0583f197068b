#!/usr/bin/env python3
"""Train the main-text block classifier of armswatch.clean.html on wcxb-dev pages, with K-fold CV.

usage: train_html_blocks.py [--data DIR] [--folds 5] [--out src/armswatch/clean/data/html_blocks.json]
                            [--cv-dossier OUT.json] [--cache PAGES.pkl] [--dump-cache DUMP.pkl] [--stack]
                            [--without-dump]

Each page is from a different site, so K-fold over pages is leave-site-out. Labels: a block is main text
when its words occur, in order, in the gold main_content (html_features.align_blocks, difflib; exact but
slow, so training only). Features are html.page_features, exactly as at run time. CV prints macro body F1
per keep threshold, each with html.keep_blocks' guard.
The shipped model is a gradient-boosted tree ensemble exported to JSON and evaluated with numpy at runtime
(scikit-learn is a dev-only dependency and pickles are not portable across versions).

The dump line classifier's view (html_features.DUMP_FEATURES) comes from armswatch.clean.dump's shipped
model at run time, but that model was trained on these same pages: here it is cross-fitted instead. For
each CV fold a line model is trained (scripts/train_line_classifier.py's settings) on the other folds'
dumps and gives the held-out pages' features; the block models, in CV and the final one, all learn from
these out-of-fold features, as the shipped model will see pages it was not trained on.

With --stack, a second, stacked pass (html_sequence; html_blocks_seq.json beside --out): a small tree
model (SMALL_GB) whose probabilities give each block's place against the article's run, and a second
model (SECOND_GB) on the first pass's features and those; at the run's ends (html.run_ends) its
probability lowers or is averaged with the first pass's (html.combine, the rule chosen by nested CV from
COMBINE_GRID). The second model must learn from small-model probabilities of pages the small model did not
see: the final one from the CV's out-of-fold ones; in CV,
for each held-out fold k, from those of a small model trained without fold k either (nested: the small
model trained on the folds outside {j, k} serves fold j when k is held out and fold k when j is, 10 fits
for 5 folds). The held-out pages get the probabilities of the small model trained on the other folds, as
at run time they get the shipped one's. The first pass's probabilities are not a feature of the second:
they would need the same nesting of the full first model, ten more fits of it. Without --stack, or when
the first pass alone is best, no html_blocks_seq.json is written and a stale one is removed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import train_line_classifier as L  # noqa: E402
from armswatch.clean import html as H  # noqa: E402
from armswatch.clean import html_features as F  # noqa: E402
from armswatch.clean import html_sequence as S  # noqa: E402
from armswatch.clean.dump import load_model, viterbi_keep  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "wcxb-dev-articles"
_WORD = re.compile(r"\w+")


def label(blocks: list[F.Block], gold: dict) -> np.ndarray:
    """1 for blocks whose words mostly line up with the gold main text."""
    return (F.align_blocks(blocks, gold.get("main_content") or "") >= 0.5).astype(float)


def load_pages(data: Path) -> list[dict]:
    pages = []
    for f in sorted((data / "html").glob("*.html.gz")):
        pid = f.name.split(".")[0]
        with gzip.open(f) as fh:
            html = fh.read().decode("utf-8", "replace")
        gold = json.loads((data / "gold" / f"{pid}.json").read_text(encoding="utf-8"))
        feats = H.page_features(html)
        if feats is None:
            pages.append({"id": pid, "gold": gold, "blocks": [], "X": np.zeros((0, len(F.feature_names()))),
                          "y": np.zeros(0), "dump": None, "info": {"traf_text": ""}, "paths": []})
            continue
        blocks = feats.blocks
        pages.append({"id": pid, "gold": gold, "blocks": blocks, "X": feats.X, "dump": feats.dump,
                      "y": label(blocks, gold), "info": {"traf_text": feats.traf_text},
                      "paths": S.block_paths(blocks)})
        for b in blocks:
            b.element = None  # keeps pages picklable for --cache
    return pages


def bow_f1(pred: str, gold: str) -> float:
    p, g = Counter(_WORD.findall(pred.casefold())), Counter(_WORD.findall(gold.casefold()))
    tp = sum((p & g).values())
    if not p or not g:
        return 0.0 if g else 1.0
    pr, rc = tp / sum(p.values()), tp / sum(g.values())
    return 2 * pr * rc / (pr + rc) if pr + rc else 0.0


def weights(pages: list[dict]) -> np.ndarray:
    """Each block weighs its share of the page's words: pages count equally, as in the macro F1."""
    out = []
    for pg in pages:
        n = np.array([len(b.tokens) for b in pg["blocks"]], dtype=float)
        out.append((n + 1) / (n.sum() + len(n)) * 100 if len(n) else n)
    return np.concatenate(out)


def add_paths(pages: list[dict], data: Path) -> None:
    """Markup paths of the blocks (html_sequence.block_paths) for pages cached without them."""
    for p in pages:
        if "paths" in p:
            continue
        with gzip.open(data / "html" / f"{p['id']}.html.gz") as fh:
            root = F.parse_html(fh.read().decode("utf-8", "replace"))
        blocks = F.extract_blocks(root) if root is not None and len(p["blocks"]) else []
        assert [b.text for b in blocks] == [b.text for b in p["blocks"]], p["id"]
        p["paths"] = S.block_paths(blocks)


def fit(pages: list[dict], args: argparse.Namespace, X_of: list[np.ndarray] | None = None,
        params: dict | None = None) -> HistGradientBoostingClassifier:
    """A block model on these pages' features (`X_of`, one matrix a page, else each page's "X"); `params`:
    the trees' settings (default: the first pass's, --trees, --depth, --lr)."""
    X = np.vstack(X_of if X_of is not None else [p["X"] for p in pages])
    y = np.concatenate([p["y"] for p in pages])
    params = params or {"max_iter": args.trees, "max_depth": args.depth, "learning_rate": args.lr}
    model = HistGradientBoostingClassifier(**params, min_samples_leaf=20, l2_regularization=1.0,
                                           early_stopping=False, random_state=0)
    model.fit(X, y, sample_weight=weights(pages))
    return model


# The second pass's small model and second model: a sixth and half of the first's trees' cost, so that the
# nested CV (15 small fits) stays within reach of a loaded 2-core machine; settings not tuned.
SMALL_GB = {"max_iter": 60, "max_depth": 4, "max_leaf_nodes": 15, "learning_rate": 0.15}
SECOND_GB = {"max_iter": 100, "max_depth": 4, "max_leaf_nodes": 15, "learning_rate": 0.1}
COMBINE_GRID = ("first", "min", "mean")


def export(model: HistGradientBoostingClassifier, names: list[str] | None = None) -> dict:
    """Trees as plain arrays (scikit-learn's fitted predictors; leaves carry the shrunk values)."""
    trees = []
    for (pred,) in model._predictors:  # noqa: SLF001 - no public accessor for the fitted trees
        nodes = pred.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append({"feature": nodes["feature_idx"].tolist(),
                      "threshold": [round(float(v), 6) for v in nodes["num_threshold"]],
                      "left": np.where(leaf, -1, nodes["left"].astype(np.int64)).tolist(),
                      "right": np.where(leaf, -1, nodes["right"].astype(np.int64)).tolist(),
                      "value": [round(float(v), 6) for v in nodes["value"]]})
    return {"kind": "gbdt-binary", "features": names or F.feature_names(),
            "init": float(np.ravel(model._baseline_prediction)[0]),  # noqa: SLF001
            "learning_rate": 1.0, "trees": trees}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--trees", type=int, default=200)
    ap.add_argument("--depth", type=int, default=6)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--out", type=Path,
                    default=ROOT / "src" / "armswatch" / "clean" / "data" / "html_blocks.json")
    ap.add_argument("--cv-dossier", type=Path)
    ap.add_argument("--cache", type=Path, help="pickle of the parsed pages, to retrain quickly")
    ap.add_argument("--dump-cache", type=Path, help="pickle of the cross-fitted dump line probabilities")
    ap.add_argument("--seed", type=int, default=0, help="of the random split into folds")
    ap.add_argument("--no-final", action="store_true")
    ap.add_argument("--stack", action="store_true",
                    help="also the stacked second pass (html_blocks_seq.json)")
    ap.add_argument("--probs-cache", type=Path,
                    help="pickle of the first pass's out-of-fold and nested probabilities")
    ap.add_argument("--without-dump", action="store_true",
                    help="CV only (implies --no-final): both passes without the dump view's features "
                    "(DUMP_FEATURES), to weigh what that view (a quarter of cleaning's CPU) is worth")
    args = ap.parse_args()
    args.no_final = args.no_final or args.without_dump
    t0 = time.time()
    if args.cache and args.cache.exists():
        pages = pickle.loads(args.cache.read_bytes())
    else:
        pages = load_pages(args.data)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(pages))
    add_paths(pages, args.data)
    n_blocks = sum(len(p["blocks"]) for p in pages)
    print(f"loaded {len(pages)} pages, {n_blocks} blocks in {time.time() - t0:.0f}s")
    fold_of = folds_of(pages, args.folds, args.seed)
    cross_fit_dump_features(pages, fold_of, args)
    if args.without_dump:  # the dump view's columns are the last of feature_names()
        assert F.feature_names()[-len(F.DUMP_FEATURES):] == list(F.DUMP_FEATURES)
        for p in pages:
            p["X"] = p["X"][:, :-len(F.DUMP_FEATURES)]
    if args.folds < 3 and args.stack:
        ap.error("the second pass learns from nested out-of-fold probabilities: --folds 3 or more")
    second = cross_validate(pages, fold_of, args) if args.folds >= 2 else None
    if not args.no_final:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(export(fit(pages, args)), separators=(",", ":")))
        print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")
        seq_out = args.out.with_name(args.out.stem + "_seq.json")
        if second is None or second[1] == "first":
            seq_out.unlink(missing_ok=True)
        else:
            small_oof, how = second
            small = fit(pages, args, params=SMALL_GB)
            X_of = [second_pass_X(p, small_oof.get(p["id"], np.zeros(0))) for p in pages]  # none: no blocks
            model = fit(pages, args, X_of, SECOND_GB)
            spec = {"small": export(small), "second": export(model, SECOND_NAMES), "how": how}
            seq_out.write_text(json.dumps(spec, separators=(",", ":")))
            print(f"wrote {seq_out} ({seq_out.stat().st_size // 1024} KiB), at the run's ends: {how}")
    return 0


SECOND_NAMES = F.feature_names() + list(S.SEQ_FEATURES)


def second_pass_X(page: dict, small_probs: np.ndarray) -> np.ndarray:
    """The second model's features of a page (html.block_probs): the first's and html_sequence's."""
    if not len(page["blocks"]):
        return np.zeros((0, len(SECOND_NAMES)))
    return np.hstack([page["X"], S.sequence_features(page["blocks"], page["paths"], small_probs)])


def folds_of(pages: list[dict], folds: int, seed: int = 0) -> dict[int, int]:
    """Page index -> CV fold (random, fixed seed). Without CV (--folds < 2) the dump features are still
    cross-fitted, over 5 folds."""
    order = np.random.RandomState(seed).permutation(len(pages))
    return {int(i): k % (folds if folds >= 2 else 5) for k, i in enumerate(order)}


def cross_fit_dump_features(pages: list[dict], fold_of: dict[int, int], args: argparse.Namespace) -> None:
    """Replace each page's DUMP_FEATURES columns by those of a dump line model not trained on it."""
    probs = out_of_fold_line_probs(pages, fold_of, args)
    decoder = load_model()  # the Viterbi decoder's settings of the shipped dump model
    cols = [F.feature_names().index(c) for c in F.DUMP_FEATURES]
    for p in pages:
        if len(p["blocks"]):
            pr = probs[p["id"]]
            keep = viterbi_keep(pr, decoder.switch_penalty, decoder.keep_bias)
            p["X"][:, cols] = F.dump_line_features(p["blocks"], p["dump"].words, pr, keep)


def out_of_fold_line_probs(pages: list[dict], fold_of: dict[int, int],
                           args: argparse.Namespace) -> dict[str, np.ndarray]:
    """Line probabilities of each page's dump view from a line model trained on the other folds' wcxb
    dumps (train_line_classifier's labels, truncated variants and settings). Cached in --dump-cache."""
    key = (tuple(p["id"] for p in pages), tuple(sorted(fold_of.items())))
    if args.dump_cache and args.dump_cache.exists():
        cached = pickle.loads(args.dump_cache.read_bytes())
        if cached["key"] == key:
            return cached["probs"]
    t0 = time.time()
    dumps = {p["id"]: p for p in L.load_pages(args.data)}
    variants = {pid: L.truncated_variant(p, k) for k, (pid, p) in enumerate(sorted(dumps.items()))}
    probs: dict[str, np.ndarray] = {}
    for k in sorted(set(fold_of.values())):
        train = [dumps[p["id"]] for i, p in enumerate(pages) if fold_of[i] != k and p["id"] in dumps]
        model = L.fit(*L.training_rows(train, variants), L.LINE_GB)
        for i, p in enumerate(pages):
            if fold_of[i] == k:
                x = p["dump"].features if p["dump"] is not None else np.zeros((0, 0))
                probs[p["id"]] = model.predict_proba(x)[:, 1] if len(x) else np.zeros(0)
        print(f"dump line model, fold {k} done {time.time() - t0:.0f}s")
    if args.dump_cache:
        args.dump_cache.write_bytes(pickle.dumps({"key": key, "probs": probs}))
    return probs


def cross_validate(pages: list[dict], fold_of: dict[int, int], args: argparse.Namespace
                   ) -> tuple[dict[str, np.ndarray], float] | None:
    """K-fold over pages (= over sites); prints macro body F1 per keep threshold, writes --cv-dossier.
    Returns the small model's out-of-fold probabilities and the combining rule best over all folds (what
    the final second pass is built from), None without --stack."""
    t0 = time.time()
    cached = probs_cache(pages, fold_of, args)
    first = out_of_fold(pages, fold_of, args, cached, "first", None)
    probs, result = first, None
    if args.stack:
        print("first pass alone:")
        report_thresholds(pages, first)
        fallback_cv(pages, first, fold_of, args.folds)
        small = out_of_fold(pages, fold_of, args, cached, "small", SMALL_GB, nested=True)
        small_oof = {pid: pr for k in range(args.folds) for pid, pr in small[(k,)].items()}
        second: dict[str, np.ndarray] = {}
        for k in range(args.folds):
            train = [(i, p) for i, p in enumerate(pages) if fold_of[i] != k and len(p["blocks"])]
            # a training page of fold j: probabilities of the small model trained outside folds j and k
            X_of = [second_pass_X(p, small[tuple(sorted((fold_of[i], k)))][p["id"]]) for i, p in train]
            model = H.BlockModel(export(fit([p for _, p in train], args, X_of, SECOND_GB), SECOND_NAMES))
            for i, p in enumerate(pages):
                if fold_of[i] == k and len(p["blocks"]):
                    second[p["id"]] = model.predict(second_pass_X(p, small_oof[p["id"]]))
            print(f"second pass, fold {k} done {time.time() - t0:.0f}s")
        probs, how = combine_cv(pages, first, second, fold_of, args.folds)
        result = (small_oof, how)
        print("with the second pass:")
    report_thresholds(pages, probs)
    bodies = fallback_cv(pages, probs, fold_of, args.folds)
    if args.cv_dossier:
        docs = [{"id": p["id"], "body": bodies[p["id"]]} for p in pages]
        args.cv_dossier.write_text(json.dumps({"schema_version": "1", "generated_at": "cv", "documents": docs,
                                               "entities": [], "events": []}))
    return result


def probs_cache(pages: list[dict], fold_of: dict[int, int], args: argparse.Namespace) -> dict:
    """Out-of-fold probabilities kept in --probs-cache between runs (valid for the same pages, split and
    settings)."""
    key = (tuple(p["id"] for p in pages), tuple(sorted(fold_of.items())), args.trees, args.depth, args.lr,
           tuple(sorted(SMALL_GB.items())), next((p["X"].shape[1] for p in pages if len(p["blocks"])), 0))
    if args.probs_cache and args.probs_cache.exists():
        got = pickle.loads(args.probs_cache.read_bytes())
        if got["key"] == key:
            return got
    return {"key": key, "first": {}, "small": {}}


def out_of_fold(pages: list[dict], fold_of: dict[int, int], args: argparse.Namespace, cached: dict,
                name: str, params: dict | None, nested: bool = False) -> dict:
    """A model's probabilities for the pages of each held-out fold, trained on the others: the first pass
    as a flat {page: probs}; with `nested`, by held-out folds: {(k,): ..., (j, k): ...} (pairs: trained
    outside both, for the pages of both)."""
    t0 = time.time()
    store = cached[name]
    held_out = [(k,) for k in range(args.folds)]
    if nested:
        held_out += [(j, k) for j in range(args.folds) for k in range(j + 1, args.folds)]
    for held in held_out:
        if held in store:
            continue
        train = [p for i, p in enumerate(pages) if fold_of[i] not in held and len(p["blocks"])]
        model = H.BlockModel(export(fit(train, args, params=params)))
        store[held] = {p["id"]: model.predict(p["X"]) for i, p in enumerate(pages)
                       if fold_of[i] in held and len(p["blocks"])}
        if args.probs_cache:
            args.probs_cache.write_bytes(pickle.dumps(cached))
        print(f"{name} model without fold(s) {held} done {time.time() - t0:.0f}s")
    if nested:
        return store
    return {pid: pr for k in range(args.folds) for pid, pr in store[(k,)].items()}


def combine_cv(pages: list[dict], first: dict[str, np.ndarray], second: dict[str, np.ndarray],
               fold_of: dict[int, int], folds: int) -> tuple[dict[str, np.ndarray], str]:
    """html.combine's rule at the run's ends, chosen by nested CV from COMBINE_GRID ("first": the first pass
    alone; for each held-out fold, the best on the other folds). Returns each page's probabilities under
    its fold's rule and the rule best over all folds (the shipped one)."""
    f1, combined = {}, {}
    for p in pages:
        if p["id"] not in first:
            continue
        gold = p["gold"].get("main_content") or ""
        ends = H.run_ends(p["blocks"], first[p["id"]])
        for how in COMBINE_GRID:
            pr = first[p["id"]] if how == "first" else H.combine(first[p["id"]], second[p["id"]], ends, how)
            combined[p["id"], how] = pr
            f1[p["id"], how] = bow_f1(H.choose_body(p["blocks"], pr, p["X"], traf_of(p)), gold)
    scored = [p for p in pages if p["id"] in first]
    mean = {how: np.mean([f1[p["id"], how] for p in scored]) for how in COMBINE_GRID}
    print("second pass at the run's ends, over all folds: "
          + " ".join(f"{how}:{v:.4f}" for how, v in mean.items()))
    out = {}
    for k in range(folds):
        inner = [p for i, p in enumerate(pages) if fold_of[i] != k and p["id"] in first]
        best = max(COMBINE_GRID, key=lambda h: (np.mean([f1[p["id"], h] for p in inner]), h == "first"))
        for i, p in enumerate(pages):
            if fold_of[i] == k and p["id"] in first:
                out[p["id"]] = combined[p["id"], best]
        print(f"fold {k}: {best}")
    return out, max(COMBINE_GRID, key=lambda h: (mean[h], h == "first"))


def report_thresholds(pages: list[dict], probs: dict[str, np.ndarray]) -> None:
    for thr in (0.2, 0.25, 0.3, 0.4):
        f1s, base = [], []
        for p in pages:
            gold = p["gold"].get("main_content") or ""
            body = H.decode_body(p["blocks"], H.keep_blocks(p["blocks"], probs.get(p["id"], np.zeros(0)),
                                                            p["X"], thr))
            f1s.append(bow_f1(body, gold))
            base.append(bow_f1(traf_of(p), gold))
        print(f"CV threshold {thr} (+ guard, repeats dropped): macro body F1 {np.mean(f1s):.4f} "
              f"(trafilatura {np.mean(base):.4f})")


def traf_of(p: dict) -> str:
    return p.get("info", {}).get("traf_text", "") if p["blocks"] else ""


FALLBACK_GRID = (0.0, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 1.0)


def fallback_cv(pages: list[dict], probs: dict[str, np.ndarray], fold_of: dict[int, int],
                folds: int) -> dict[str, str]:
    """html.choose_body's fallback to trafilatura, its level chosen by nested CV: for each held-out fold the
    level best on the other folds' out-of-fold pages. Prints per fold our body F1 against trafilatura's
    and returns the out-of-fold bodies (each fold with its own level)."""
    f1 = {}  # (page, level) -> F1
    for p in pages:
        gold = p["gold"].get("main_content") or ""
        pr = probs.get(p["id"], np.zeros(0))
        for lv in FALLBACK_GRID:
            body = H.choose_body(p["blocks"], pr, p["X"], traf_of(p), lv) if len(p["blocks"]) else ""
            f1[p["id"], lv] = (bow_f1(body, gold), body)
    bodies = {}
    print("fallback level by CV over all folds: "
          + " ".join(f"{lv}:{np.mean([f1[p['id'], lv][0] for p in pages]):.4f}" for lv in FALLBACK_GRID))
    ours_all, traf_all = [], []
    for k in range(folds):
        inner = [p for i, p in enumerate(pages) if fold_of[i] != k]
        outer = [p for i, p in enumerate(pages) if fold_of[i] == k]
        best = max(FALLBACK_GRID, key=lambda lv: (np.mean([f1[p["id"], lv][0] for p in inner]), -lv))
        ours = [f1[p["id"], best][0] for p in outer]
        nofb = [f1[p["id"], 1.0][0] for p in outer]
        traf = [bow_f1(traf_of(p), p["gold"].get("main_content") or "") for p in outer]
        ours_all += ours
        traf_all += traf
        for p in outer:
            bodies[p["id"]] = f1[p["id"], best][1]
        print(f"fold {k} ({len(outer)} pages): fallback level {best}; body F1 {np.mean(ours):.4f} "
              f"(no fallback {np.mean(nofb):.4f}; trafilatura {np.mean(traf):.4f})")
    print(f"nested CV: macro body F1 {np.mean(ours_all):.4f} (trafilatura {np.mean(traf_all):.4f})")
    return bodies

if __name__ == "__main__":
    sys.exit(main())
