#!/usr/bin/env python3
"""The probe fixture's sentences as detector training data, and the news measure they give (sessions 10
and 11, MODEL_CARD.md).

    .venv/bin/python scripts/detector_probe.py derive [--commit REV] [--raw]
    OMP_NUM_THREADS=1 .venv/bin/python scripts/detector_probe.py measure SETUP [SETUP ...]
    .venv/bin/python scripts/detector_probe.py compare BASE CAND [CAND ...]
    .venv/bin/python scripts/detector_probe.py frames

`derive` reads tests/fixtures/event_probe.tsv at a fixed commit (sentence-level labels: a type or "none")
and writes scripts/data/event_labels/probe.jsonl (or $ARMSWATCH_PROBE), one object per fixture row: `row`
(its index among the fixture's data rows), `label`, `session` ("s5-8", "s9" or "s10": the session that
wrote the row, by its position, S9_START and S10_START), `batch` (the commit that last wrote the row, by
`git blame`: the fixture grew by one commit per batch), `text`, `events` and `skip`. The trigger of a row
is silver: the word the events stage itself (frames and the shipped detector, at the commit the file is
derived at) reports for the row's type (`evidence["trigger"]`), made an event word (session 11,
`event_word`; `--raw` keeps session 10's derivation): a light verb lends it to the event noun it
carries ('held' -> 'talks'), a speech verb or generic noun to the word of its complement that names the
type ('called the claims fabricated'), and is otherwise no trigger ('said', 'insisted', 'restrictive
measures'); `how` says which. A row whose stage output lacks its type, or whose trigger is dropped, gets
no trigger and gives no example. Words the stage reports for another type, and the speech or light verb
a trigger was moved from, are `skip` (neither positive nor negative). A trigger's `lexicon` says whether
its features name the row's type (its frame in frames.yaml, or a CAMEO code of the word or of its
verb-object pattern): `--lexicon` (measure) trains only on those. A row whose words (lowercased) overlap a
sentence of written.jsonl or an earlier row by a Jaccard index of NEAR or more is dropped as a duplicate
(none is identical; a few are rewordings). Rows of type "none" have no events: every candidate word is a
negative.

`measure` trains each Setup ("C,weight,slots,alpha,RAMS negative,probe,probe negative"; the probe weights
0 give the shipped data) and writes to CACHE the probabilities of: GENEVA dev (trained on everything
else), out of fold (detector_thresholds' 5-fold split of GENEVA train+dev and RAMS; probe and written
rows always train), the probe's session-10 rows and its session-9 rows (each trained on everything but
them), and the probe rows by 5-fold cross-validation grouped by batch. It prints GENEVA dev micro F1,
out-of-fold GENEVA micro F1 and RAMS recall, and the news figures: per row, the set of types the detector
gives its words against the row's label (micro P/R/F1 over (row, type) pairs; eventless rows with any
type are false alarms). `compare` reads those files: each candidate against BASE with paired bootstraps
(90% intervals) over GENEVA documents (dev, out of fold) and over probe batches and rows, on the news
figure with secondary types unscored (`secondary`: a row's one label does not deny a second event the
stage finds there, such as the transfer a denial row denies). `frames` gives the same news figures for
the events stage with the detector switched off and with it on (the stage's rules were written on these
rows: in-sample).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import subprocess
import sys
import time
import warnings
from datetime import date
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import detector_models as dm  # noqa: E402
import detector_thresholds as dt  # noqa: E402
import train_event_detector as train  # noqa: E402
from armswatch.events.detector.features import sentence_features  # noqa: E402
from detector_data import CACHE, LABELS, PROBE, ROOT, TYPES, load_texts, parse, trigger_token  # noqa: E402

FIXTURE = "tests/fixtures/event_probe.tsv"
# sessions by position: the fixture only grows at its end (its header lists the batches); session 9
# wrote rows 606-894 (289), session 10 rows 895 on (the fixture had 895 data rows at e20683c)
S9_START, S10_START = 606, 895
FOLDS = 5
BOOTSTRAPS = 2000
SEED = 13
THRESHOLDS = (0.15, 0.2, 0.25)
HELD_OUT = ("s10", "s9")  # the news test sets: session 10's rows (written after every label), then 9's


NEAR = 0.75  # word-set Jaccard at or above which two sentences are one reworded (dropped as duplicates)


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.lower()))


def _near(a: frozenset[str], b: frozenset[str]) -> bool:
    return len(a & b) >= NEAR * len(a | b)


# Words that carry no event type of their own. The events stage reports a light verb as a row's trigger
# where the event word is its object ('held talks', 'conducted a test', 'lodged a protest'), and a speech
# verb or a generic noun where the event is in its complement ('called the report fabricated', 'a package
# of sanctions'). Taught as the row's type, such words fire in the many sentences where they report
# nothing (session 10: denials on 'said' and 'insisted', sanctions on 'measures'). The speech and light
# verbs are the frames lexicon's own lists (the light verbs of the row's type); the nouns are containers.
GENERIC_NOUNS = frozenset({"measure", "package", "step", "action", "move", "round", "wave", "batch", "set"})
# the dependencies along which the event word of a light verb, speech verb or container is sought: its
# object or complement and what they govern ('package of sanctions', 'said the claims were fabricated');
# not a subject, a modifier or another clause (a relative or adverbial clause reports its own event), and
# of prepositions 'of' only ('launched drones at targets': the target is no event word)
MOVE_DEPS = frozenset({"dobj", "attr", "oprd", "acomp", "ccomp", "xcomp", "nsubjpass", "pobj"})


def _along(tok) -> bool:
    return tok.dep_ in MOVE_DEPS or (tok.dep_ == "prep" and tok.lower_ == "of")


def _light_or_speech(lemma: str, label: str) -> str:
    """'speech' for a speech verb or generic noun, 'light' for a light verb of the row's type, else ''."""
    from armswatch.events.frames import frame_type, lexicon

    lex = lexicon()
    if lemma in lex.speech or lemma in GENERIC_NOUNS:
        return "speech"
    light = set().union(*(v for k, v in lex.light.items() if frame_type(k) == label))
    if label == "transfer":
        light |= lex.receive_light
    return "light" if lemma in light else ""


def _names_type(tok, feats: dict[int, list[str]], label: str) -> bool:
    """Whether a candidate word is the row's type by itself: its frame in frames.yaml or its own CAMEO
    code (not the verb-object pattern, which a light verb shares with its object), or for a denial one of
    the lexicon's words with which a speaker rejects a claim ('fabricated', 'lies', 'nonsense')."""
    from armswatch.events.frames import lexicon

    if tok.i not in feats:
        return False
    own = {f"fr:{label}", f"ct:{label}", f"nct:{label}"}
    return bool(own & set(feats[tok.i])) or (label == "denial" and tok.lemma_.lower() in lexicon().deny_words)


def event_word(doc, i: int, label: str, feats: dict[int, list[str]]) -> tuple[int | None, str]:
    """The word of a stage's trigger `i` that carries the row's type, and how it was found: the trigger
    itself ("stage") when its own lexicon entry names the type or it is neither a speech verb, a light
    verb nor a generic noun (news wording the lexicons lack: 'rehearsed', 'games'); otherwise the nearest
    candidate along its object and complements (`MOVE_DEPS`) that names the type by itself ("moved":
    'held' -> 'talks', 'called' -> 'fabricated', 'package' -> 'sanctions'); failing that a light verb stays
    ("stage": 'hosted Putin', 'launched drones'), and a speech verb or generic noun is no trigger
    ("dropped": 'insisted it would be perilous', 'restrictive measures'; the row then gives no example)."""
    tok = doc[i]
    kind = _light_or_speech(tok.lemma_.lower(), label)
    if not kind or _names_type(tok, feats, label):
        return i, "stage"
    queue, seen = [(c, 1) for c in tok.children if _along(c)], {i}
    while queue:  # breadth first: the object before what hangs on it
        c, depth = queue.pop(0)
        if c.i in seen or depth > 3:
            continue
        seen.add(c.i)
        if _names_type(c, feats, label):
            return c.i, "moved"
        queue += [(g, depth + 1) for g in c.children if _along(g)]
    return (i, "stage") if kind == "light" else (None, "dropped")


def fixture_rows(commit: str) -> list[tuple[str, str, str]]:
    """(label, batch commit, sentence) of every data row of the fixture at `commit`."""
    blame = subprocess.run(["git", "-C", str(ROOT), "blame", "--line-porcelain", commit, "--", FIXTURE],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    rows = []
    sha = ""
    for line in blame:
        if re.match(r"^[0-9a-f]{40} \d+ \d+", line):
            sha = line[:12]
        elif line.startswith("\t") and not line.startswith("\t#"):
            label, _actors, text = line[1:].split("\t")
            rows.append((label, sha, text))
    return rows


def derive(commit: str) -> None:
    from armswatch.entities import link_doc
    from armswatch.events.extract import extract_events
    from armswatch.nlp import load_pipeline

    rows = fixture_rows(commit)
    seen = [_words(json.loads(line)["text"]) for line in (LABELS / "written.jsonl").open(encoding="utf-8")
            if line.strip()]
    nlp = load_pipeline()
    out, dropped, missing = [], [], []
    moves: dict[str, list[str]] = {"moved": [], "dropped": []}
    for n, (label, batch, text) in enumerate(rows):
        words = _words(text)
        if any(_near(words, w) for w in seen):  # a written sentence or an earlier row reworded
            dropped.append(n)
            continue
        seen.append(words)
        doc = nlp(text)
        feats = dict(sentence_features(doc))
        events, skip = [], []
        for m in extract_events(doc, "probe", date(2024, 3, 15), link_doc(doc)):
            span = m.evidence.get("trigger")
            if not span:
                continue
            item = {"type": m.type, "start": span[0], "end": span[1], "trigger": text[span[0]:span[1]]}
            if label != "none" and m.type == label:
                i = trigger_token(doc, span[0], span[1])
                j, how = (event_word(doc, i, label, feats) if i is not None and not RAW
                          else (i, "stage"))
                if how in ("moved", "dropped"):
                    moves[how].append(f"{n}:{doc[i].lower_}" + (f">{doc[j].lower_}" if j is not None else ""))
                    if item not in skip:  # the speech or light verb itself: neither taught nor denied
                        skip.append(item)
                if j is None:
                    continue
                if j != i:
                    w = doc[j]
                    item = {"type": m.type, "start": w.idx, "end": w.idx + len(w), "trigger": w.text}
                item["how"] = how
                item["lexicon"] = bool(set(feats.get(j, ())) & {f"{p}{k}:{label}" for p in ("", "n")
                                                                 for k in ("fr", "ct", "cpt")})
                if item not in events:
                    events.append(item)
            elif item["type"] != label and item not in skip:
                skip.append(item)  # eventless rows too: a word the stage misreads is left out, not taught
        if label != "none" and not events:
            missing.append(n)
        session = "s10" if n >= S10_START else "s9" if n >= S9_START else "s5-8"
        out.append({"row": n, "label": label, "session": session,
                    "batch": batch, "text": text, "events": events, "skip": skip})
    path = PROBE
    with path.open("w", encoding="utf-8") as f:
        for d in out:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(f"{len(rows)} fixture rows at {commit}; {len(dropped)} near duplicates dropped {dropped}; "
          f"{len(missing)} positive rows without a trigger of their type {missing}; wrote {path} "
          f"({len(out)} rows, {sum(len(d['events']) for d in out)} triggers, "
          f"{sum(len(d['skip']) for d in out)} words skipped)")
    for how, words in moves.items():
        print(f"{how} ({len(words)}): {' '.join(words)}")


def parse_setup(text: str) -> train.Setup:
    """train's setup string with all seven fields: C,weight,slots,alpha,RAMS negative,probe,probe negative."""
    if text.count(",") != 6:
        raise ValueError(f"seven fields expected: {text}")
    return train.parse_setup(text)


RAW = False  # derive --raw: the stage's triggers as they are (session 10's derivation)
LEXICON_ONLY = False  # --lexicon: only the silver triggers the lexicons also give the row's type
PASSAGES = False  # --passages: also session 8's RAMS passages labelled in full (their own weight)


def load():
    texts = load_texts(probe="lexicon" if LEXICON_ONLY else True, passages=PASSAGES)
    docs = parse(texts)
    feats, labels, owner, tokens = train.examples(texts, docs)
    return texts, docs, feats, labels, owner, tokens


def probe_label(texts) -> dict[int, str]:
    rows = {json.loads(line)["row"]: json.loads(line)["label"]
            for line in PROBE.open(encoding="utf-8") if line.strip()}
    return {k: rows[int(t.id.split("-")[1])] for k, t in enumerate(texts) if t.source == "probe"}


def secondary(texts) -> dict[int, set[str]]:
    """Per probe row, the other types the events stage reports there (its `skip` words): a row's one
    label does not deny them, so the "secondary unscored" figure neither rewards nor counts them."""
    return {k: {lab[2] for lab in t.labels if lab[3] == "skip"} for k, t in enumerate(texts)
            if t.source == "probe"}


def probe_folds(texts) -> dict[int, int]:
    """Fold of every probe row, grouped by batch (a hash of its commit)."""
    return {k: int(hashlib.sha1(t.group.encode()).hexdigest(), 16) % FOLDS
            for k, t in enumerate(texts) if t.source == "probe"}


def held_out(setup: train.Setup, texts, docs, feats, labels, owner, tokens) -> dict:
    """{'dev', 'oof', 's9', 's10', 'probe_cv'}: {(text, token): probabilities} of the held-out candidates
    (each session's rows held out in turn, trained on everything else)."""
    dense = train.Dense(docs, vectors=False)
    dev = {k for k, t in enumerate(texts) if t.source == "geneva" and t.split == "dev"}
    folds = dt.fold_of(texts)
    pfolds = probe_folds(texts)
    by_session = [(s, {k for k, t in enumerate(texts) if t.source == "probe" and t.split == s})
                  for s in HELD_OUT]
    parts = ([("dev", dev)] + [("oof", {k for k, v in folds.items() if v == f}) for f in range(dt.FOLDS)]
             + by_session + [("probe_cv", {k for k, v in pfolds.items() if v == f}) for f in range(FOLDS)])
    return probabilities_held_out(parts, setup, texts, docs, feats, labels, owner, tokens, dense)


def probabilities_held_out(parts, setup: train.Setup, texts, docs, feats, labels, owner, tokens,
                           dense) -> dict:
    """{part: {(text, token): probabilities}} for each (part, held-out text indices): a model trained on
    every example outside the part scores the part's candidates."""
    out: dict = {}
    for part, held in parts:
        keep = [j for j in range(len(feats)) if owner[j] not in held]
        vocab, model = train.train_on(texts, feats, labels, owner, tokens, keep, setup, dense)
        keys, probs = train.score_texts(vocab, model, docs, sorted(held), setup, dense)
        out.setdefault(part, {}).update(zip(keys, probs, strict=True))
    return out


def row_counts(texts, probs: dict, threshold: float, gold: dict[int, str],
               ignore: dict[int, set[str]] | None = None) -> dict[int, tuple[int, int, int]]:
    """Per probe row: (tp, fp, fn) over types, the row's types being those of its words above threshold
    (less the types `ignore` leaves unscored)."""
    pred = row_types(probs, threshold)
    out = {}
    for k in {k for k, _ in probs}:
        g = {gold[k]} - {"none"}
        p = pred.get(k, set()) - ((ignore or {}).get(k, set()) - g)
        out[k] = (len(g & p), len(p - g), len(g - p))
    return out


def row_types(probs: dict, threshold: float) -> dict[int, set[str]]:
    keys = sorted(probs)
    fired = train.decide(numpy.stack([probs[k] for k in keys]), threshold)
    pred: dict[int, set[str]] = {}
    for (k, _), d in zip(keys, fired, strict=True):
        if d != "none":
            pred.setdefault(k, set()).add(d)
    return pred


def news_line(texts, pred: dict[int, set[str]], gold: dict[int, str], ks: list[int],
              ignore: dict[int, set[str]] | None = None) -> str:
    """Micro P/R/F1 over (row, type) pairs, per-type F1, and eventless rows with any type."""
    tot = [0, 0, 0]
    per = {t: [0, 0, 0] for t in TYPES}
    alarms = 0
    for k in ks:
        g = {gold[k]} - {"none"}
        p = pred.get(k, set()) - ((ignore or {}).get(k, set()) - g)
        for t in TYPES:
            c = per[t]
            c[0] += t in g and t in p
            c[1] += t in p and t not in g
            c[2] += t in g and t not in p
        alarms += gold[k] == "none" and bool(p)
    for c in per.values():
        tot = [a + b for a, b in zip(tot, c, strict=True)]
    tp, fp, fn = tot
    pr, rc = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    nones = sum(1 for k in ks if gold[k] == "none")
    types = " ".join(f"{t[:6]} {dm.f1(*c):.2f}" for t, c in per.items())
    return (f"P {pr:.3f} R {rc:.3f} F1 {dm.f1(tp, fp, fn):.3f} ({tp}/{fp}/{fn}); none rows fired "
            f"{alarms}/{nones}; {types}")


def _path(spec: str) -> Path:
    tags = ("-lexicon" if LEXICON_ONLY else "") + ("-passages" if PASSAGES else "")
    tags += "" if PROBE == LABELS / "probe.jsonl" else f"-{PROBE.stem}"
    return CACHE / f"probe-{spec.replace(' ', '')}{tags}.pkl"


def measure(specs: list[str]) -> None:
    warnings.filterwarnings("ignore", category=UserWarning)
    texts, docs, feats, labels, owner, tokens = load()
    gold, sec = probe_label(texts), secondary(texts)
    print(f"{len(feats)} examples", flush=True)
    for spec in specs:
        t0 = time.process_time()
        result = held_out(parse_setup(spec), texts, docs, feats, labels, owner, tokens)
        CACHE.mkdir(parents=True, exist_ok=True)
        with _path(spec).open("wb") as f:
            pickle.dump(result, f)
        for th in THRESHOLDS:
            dev, oof, rams = dm.measures(texts, docs, result, th)
            print(f"{spec} th={th}: GENEVA dev {dev:.3f}, out of fold {oof:.3f}, RAMS {rams:.3f} "
                  f"({time.process_time() - t0:.0f}s CPU)", flush=True)
            for part in (*HELD_OUT, "probe_cv"):
                ks = sorted({k for k, _ in result[part]})
                for name, ign in (("strict", None), ("secondary unscored", sec)):
                    line = news_line(texts, row_types(result[part], th), gold, ks, ign)
                    print(f"    news {part} {name}: {line}", flush=True)


def _bootstrap(a: dict, b: dict, groups: dict) -> tuple[float, float, float]:
    """F1(b) - F1(a) over units (rows), resampling groups of units; 90% interval."""
    names = sorted(set(groups.values()))
    by = {g: [u for u in a if groups[u] == g] for g in names}
    ma = numpy.array([numpy.sum([a[u] for u in by[g]], axis=0) for g in names])
    mb = numpy.array([numpy.sum([b[u] for u in by[g]], axis=0) for g in names])
    rng = numpy.random.default_rng(SEED)
    diffs = numpy.sort([dm.f1(*mb[i].sum(0)) - dm.f1(*ma[i].sum(0))
                        for i in (rng.integers(0, len(names), len(names)) for _ in range(BOOTSTRAPS))])
    return dm.f1(*mb.sum(0)) - dm.f1(*ma.sum(0)), diffs[int(0.05 * BOOTSTRAPS)], diffs[int(0.95 * BOOTSTRAPS)]


def compare(base_spec: str, specs: list[str]) -> None:
    texts = load_texts(probe=True)
    docs = parse(texts)
    gold, sec = probe_label(texts), secondary(texts)
    with _path(base_spec).open("rb") as f:
        base = pickle.load(f)
    for spec in specs:
        with _path(spec).open("rb") as f:
            cand = pickle.load(f)
        for th in THRESHOLDS:
            d, o = (dm.paired_bootstrap(texts, docs, base[p], cand[p], th) for p in ("dev", "oof"))
            line = [f"{spec} th={th} vs {base_spec}: dev {d[0]:+.3f} [{d[1]:+.3f}, {d[2]:+.3f}], "
                    f"oof {o[0]:+.3f} [{o[1]:+.3f}, {o[2]:+.3f}]"]
            for part in (*HELD_OUT, "probe_cv"):
                ks = sorted({k for k, _ in cand[part]})
                print(f"    {spec} th={th} news {part}: "
                      f"{news_line(texts, row_types(cand[part], th), gold, ks, sec)}", flush=True)
                a = row_counts(texts, base[part], train.THRESHOLD, gold, sec)
                b = row_counts(texts, cand[part], th, gold, sec)
                batch = _bootstrap(a, b, {k: texts[k].group for k in a})
                rows = _bootstrap(a, b, {k: k for k in a})
                line.append(f"{part} {batch[0]:+.3f} by batch [{batch[1]:+.3f}, {batch[2]:+.3f}] "
                            f"by row [{rows[1]:+.3f}, {rows[2]:+.3f}]")
            print("; ".join(line), flush=True)


def frames() -> None:
    """News figures of the events stage (frames alone, and with the detector) on the probe rows."""
    import armswatch.events.extract as extract_module
    from armswatch.entities import link_doc
    from armswatch.events.extract import extract_events

    texts = [t for t in load_texts(probe=True) if t.source == "probe"]
    docs = parse(texts)
    gold, sec = probe_label(texts), secondary(texts)
    original = extract_module.load_detector
    for name in ("frames", "pipeline"):
        if name == "frames":
            extract_module.load_detector = lambda: None  # type: ignore[assignment]
        pred: dict[int, set[str]] = {}
        for k, doc in enumerate(docs):
            for m in extract_events(doc, "probe", date(2024, 3, 15), link_doc(doc)):
                pred.setdefault(k, set()).add(m.type)
        extract_module.load_detector = original
        for part in (*HELD_OUT, "s5-8"):
            ks = [k for k, t in enumerate(texts) if t.split == part]
            for score, ign in (("strict", None), ("secondary unscored", sec)):
                print(f"{name} {part} {score}: {news_line(texts, pred, gold, ks, ign)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=("derive", "measure", "compare", "frames"))
    ap.add_argument("setups", nargs="*", help="C,weight,slots,alpha,RAMS negative,probe,probe negative")
    ap.add_argument("--commit", default="HEAD", help="the fixture's commit (derive)")
    ap.add_argument("--lexicon", action="store_true",
                    help="train on the silver triggers the lexicons confirm only (measure)")
    ap.add_argument("--passages", action="store_true",
                    help="add the RAMS passages labelled in full, negatives weighted by the setup (measure)")
    ap.add_argument("--raw", action="store_true",
                    help="derive: keep the stage's trigger even where it is a speech or light verb")
    args = ap.parse_args()
    global LEXICON_ONLY, PASSAGES, RAW
    LEXICON_ONLY, PASSAGES, RAW = args.lexicon, args.passages, args.raw
    if args.command == "derive":
        derive(args.commit)
    elif args.command == "measure":
        measure(args.setups)
    elif args.command == "compare":
        compare(args.setups[0], args.setups[1:])
    else:
        frames()


if __name__ == "__main__":
    main()
