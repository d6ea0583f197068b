#!/usr/bin/env python3
"""Context features and fit options for the event detector, measured beside the shipped setup (session 12,
MODEL_CARD.md). Nothing here is used at run time: the extra features are computed by this script on top of
features.sentence_features, so the shipped model and the detector's cost are untouched.

    OMP_NUM_THREADS=1 .venv/bin/python scripts/detector_features.py run base negmod+depframe+lemctx ...
    .venv/bin/python scripts/detector_features.py compare base negmod+depframe+lemctx ...
    .venv/bin/python scripts/detector_features.py errors base
    .venv/bin/python scripts/detector_features.py diff base negmod+depframe+lemctx [dev|oof|s9|s10]

A setup is variant names joined by '+' (VARIANTS; 'C=1.5' sets C). `run` writes, per setup, the class
probabilities of GENEVA dev (trained on everything else), out of fold (detector_thresholds' 5-fold split
of GENEVA train+dev and RAMS; `--salt S` draws another split) and the probe rows of sessions 10 and 9 held
out (detector_probe's news measure; not with `--no-news`), and prints GENEVA dev micro F1, out-of-fold
GENEVA micro F1 and RAMS recall (threshold 0.2). `compare` gives each setup against the first with paired
bootstraps (90% intervals over GENEVA documents and probe batches). `errors` sorts the out-of-fold GENEVA
misses and false alarms by cause: the gold word no candidate, never seen in the fold's training data, seen
only as none or another type, seen as its type (mostly or as a minority), or a type confusion; false alarms
on words GENEVA left unannotated, labelled none, or in a sentence with another gold type. `diff` lists the
(sentence, type) pairs two setups decide differently. The corpora are parsed once (detector_data.parse).
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import pickle
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import detector_models as dm  # noqa: E402
import detector_probe as dp  # noqa: E402
import detector_thresholds as dt  # noqa: E402
import train_event_detector as train  # noqa: E402
from armswatch.events.detector import features as F  # noqa: E402
from armswatch.events.frames import frame_type, lexicon  # noqa: E402
from detector_data import CACHE, load_texts, parse, trigger_token  # noqa: E402

THRESHOLD = 0.2
MODALS = frozenset({"will", "would", "could", "might", "may", "should", "must", "can", "shall"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "who"})
FRAME_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "compound", "amod", "pobj", "prep"})
PREFIXES = ("re", "un", "de", "dis", "counter", "anti", "over", "out", "mis", "pre", "co", "inter")
SUFFIXES = ("ment", "tion", "sion", "ing", "ance", "ence", "ure", "al", "age", "ery", "ist", "ism", "er",
            "or", "ed", "ize", "ise", "ate", "ify")
THIN = ("denial", "seizure", "sanction", "condemnation", "exercise")  # types GENEVA has few of


def argument_class(tok) -> str:
    """Coarse class of an argument: goods, an actor (person, people, organisation, a state as subject),
    a place, a pronoun, another entity, another noun."""
    goods = F.goods_words()
    ent = tok.ent_type_
    if tok.lemma_.lower() in goods or tok.lower_ in goods:
        return "goods"
    if ent in ("PERSON", "NORP", "ORG") or (ent == "GPE" and tok.dep_ in ("nsubj", "nsubjpass", "agent")):
        return "actor"
    if ent in ("GPE", "LOC", "FAC"):
        return "place"
    if tok.pos_ == "PRON":
        return "actor" if tok.lower_ in SUBJECT_PRONOUNS else "pron"
    return "ent" if ent else "noun"


def _frame_of(tok) -> str | None:
    lex = lexicon()
    table = lex.verbs if tok.pos_ == "VERB" else lex.nouns
    frame = table.get(tok.lemma_.lower()) or table.get(tok.lower_)
    return frame_type(frame) if frame else None


# Each extra takes a token and gives feature strings. spaCy makes the root its own head, so a root's
# head features are its own (as the shipped `h:` features).
def x_argclass(tok) -> list[str]:
    """The class of its subject, object, agent, dative and prepositional objects."""
    out = []
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "agent", "dative"):
            out.append(f"xa:{c.dep_}|{argument_class(c)}")
        elif c.dep_ == "prep":
            out += [f"xa:{c.lower_}|{argument_class(g)}" for g in c.children if g.dep_ == "pobj"]
    return out


def x_negmod(tok) -> list[str]:
    """Negation and modality on the word or on its head."""
    out = []
    for t, tag in ((tok, "w"), (tok.head, "h")):
        for c in t.children:
            if c.dep_ == "neg" or (c.lower_ in NEGATIONS and c.dep_ in ("det", "advmod")):
                out.append(f"xn:{tag}")
            if c.dep_ == "aux" and c.lower_ in MODALS:
                out.append(f"xm:{tag}")
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        out.append("xm:to")
    return out


def x_gov(tok) -> list[str]:
    """A noun's governing verb (up to four steps up), its frame type and CAMEO root codes."""
    if tok.pos_ == "VERB":
        return []
    t = tok
    for _ in range(4):
        if t.head.i == t.i:
            return ["xg:none"]
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            break
    else:
        return ["xg:none"]
    lemma = t.lemma_.lower()
    out = [f"xg:{lemma}"]
    if fr := lexicon().verbs.get(lemma):
        out.append(f"xgf:{frame_type(fr)}")
    own, _ = F.cameo_table()
    return out + [f"xgc:{code[:2]}" for code in own.get(lemma, ())[:3]]


def x_affix(tok) -> list[str]:
    """Prefix and suffix families (re-, -ment, -ing ...) and the 4-letter suffix."""
    lw = tok.lower_
    out = [f"xp:{p}" for p in PREFIXES if lw.startswith(p) and len(lw) > len(p) + 3][:1]
    out += [f"xs:{s}" for s in SUFFIXES if lw.endswith(s) and len(lw) > len(s) + 2][:1]
    return [*out, f"xs4:{lw[-4:]}"]


def x_depframe(tok) -> list[str]:
    """The frames-lexicon and CAMEO type of its head, the frame type of its dependents."""
    own, _ = F.cameo_table()
    out = [f"xdh:{ft}"] if (ft := _frame_of(tok.head)) else []
    out += [f"xdhc:{ct}" for code in own.get(tok.head.lemma_.lower(), ())[:3] if (ct := F.code_type(code))]
    for c in tok.children:
        if c.dep_ in FRAME_DEPS:
            for t in ([c] if c.dep_ != "prep" else [g for g in c.children if g.dep_ == "pobj"]):
                if ft := _frame_of(t):
                    out.append(f"xdc:{ft}")
    return out


def x_lemctx(tok) -> list[str]:
    """Its lemma with its object's class."""
    lemma = tok.lemma_.lower()
    return [f"xlo:{lemma}|{argument_class(c)}" for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]


EXTRAS: dict[str, Callable] = {"argclass": x_argclass, "negmod": x_negmod, "gov": x_gov,
                               "affix": x_affix, "depframe": x_depframe, "lemctx": x_lemctx}
VARIANTS: dict[str, dict] = {
    "base": {}, **{name: {"x": [name]} for name in EXTRAS},
    "min1": {"min": 1}, "min3": {"min": 3},  # features seen at least once / three times (2 shipped)
    "cw05": {"cw": 0.5}, "cw025": {"cw": 0.25},  # class weights (n / count) ** power, normalised
    "bag5": {"bag": 5},  # five fits on 80% subsamples of the examples, probabilities averaged
    "thin03": {"thin": 0.3}, "thin05": {"thin": 0.5},  # probe positives of THIN types only, at this weight
}


def setup_options(name: str) -> dict:
    opts: dict = {"x": []}
    for part in name.split("+"):
        if part.startswith("C="):
            opts["c"] = float(part[2:])
            continue
        for key, value in VARIANTS[part].items():
            opts[key] = opts[key] + value if key == "x" else value
    return opts


def with_extras(names: list[str]) -> Callable:
    """features.sentence_features with the extras appended (the base features computed once per Doc)."""
    fns = [EXTRAS[n] for n in names]
    cache: dict[int, list] = {}

    def sentence_features(doc):
        base = cache.setdefault(id(doc), F.sentence_features(doc))
        return [(i, f + [x for fn in fns for x in fn(doc[i])]) for i, f in base] if fns else base
    return sentence_features


class Averaged:
    """Probabilities of several fitted models averaged (the `bag` option)."""

    def __init__(self, models: list) -> None:
        self.models, self.classes_ = models, models[0].classes_

    def predict_proba(self, x) -> numpy.ndarray:
        return numpy.mean([m.predict_proba(x) for m in self.models], axis=0)


def make_fit(opts: dict) -> Callable:
    """train.fit with the setup's class weights or bagging (the shipped fit without either)."""
    from sklearn.linear_model import LogisticRegression

    def fit(feats, labels, c, weights=None, dense=None):
        vocab = train.vocabulary(feats)
        x, y = train.matrix(feats, vocab, dense), numpy.asarray(labels)
        w = numpy.asarray(weights if weights is not None else [1.0] * len(labels), dtype=float)
        if opts.get("cw"):
            count = Counter(labels)
            scale = {k: (len(labels) / (len(count) * v)) ** opts["cw"] for k, v in count.items() if k}
            mean = numpy.mean(list(scale.values()))
            w = w * numpy.array([scale[k] / mean if k else 1.0 for k in labels])
        if opts.get("bag"):
            rng = numpy.random.default_rng(train.SEED)
            models = []
            for b in range(opts["bag"]):
                keep = rng.random(len(y)) < 0.8
                models.append(LogisticRegression(C=c, max_iter=1000, random_state=b).fit(
                    x[keep], y[keep], sample_weight=w[keep]))
            most = max(len(m.classes_) for m in models)
            return vocab, Averaged([m for m in models if len(m.classes_) == most])
        model = LogisticRegression(C=c, max_iter=1000, random_state=train.SEED)
        return vocab, model.fit(x, y, sample_weight=w)
    return fit


def make_weights(opts: dict) -> Callable:
    """train.sample_weights; with `thin`, the probe rows give only their positives of THIN types."""
    shipped = train.sample_weights
    thin = {train.CLASSES.index(t) for t in THIN}

    def sample_weights(texts, owner, labels, *args):
        out = shipped(texts, owner, labels, *args)
        if not opts.get("thin"):
            return out
        return [(opts["thin"] if y in thin else 0.0) if texts[k].source == "probe" else v
                for v, k, y in zip(out, owner, labels, strict=True)]
    return sample_weights


def use(opts: dict) -> None:
    """Point the training functions at the setup's features, vocabulary floor, fit and weights."""
    train.sentence_features = with_extras(opts["x"])
    train.MIN_COUNT = opts.get("min", 2)
    train.fit = make_fit(opts)
    train.sample_weights = make_weights(opts)


def salted_folds(salt: str) -> Callable:
    def fold_of(texts) -> dict[int, int]:
        return {k: int(hashlib.sha1((salt + t.source + t.group).encode()).hexdigest(), 16) % dt.FOLDS
                for k, t in enumerate(texts) if t.source in ("geneva", "rams")}
    return fold_of


def held_out(name: str, texts, docs, news: bool) -> dict:
    opts = setup_options(name)
    use(opts)
    probe = 1.0 if opts.get("thin") else 0.0  # `thin` sets the probe rows' weights itself
    setup = train.Setup(c=opts.get("c", train.C), probe=probe, probe_negative=probe)
    feats, labels, owner, tokens = train.examples(texts, docs)
    dense = train.Dense(docs, vectors=False)
    dev = {k for k, t in enumerate(texts) if t.source == "geneva" and t.split == "dev"}
    folds = dt.fold_of(texts)
    parts = [("dev", dev)] + [("oof", {k for k, v in folds.items() if v == f}) for f in range(dt.FOLDS)]
    if news:
        parts += [(s, {k for k, t in enumerate(texts) if t.source == "probe" and t.split == s})
                  for s in dp.HELD_OUT]
    return dp.probabilities_held_out(parts, setup, texts, docs, feats, labels, owner, tokens, dense)


def _path(name: str, salt: str) -> Path:
    return CACHE / f"features-{name}{'-salt' + salt if salt else ''}.pkl"


def _load(name: str, salt: str) -> dict:
    with _path(name, salt).open("rb") as f:
        return pickle.load(f)


def run(texts, docs, names: list[str], salt: str, news: bool) -> None:
    for name in names:
        t0 = time.process_time()
        result = held_out(name, texts, docs, news)
        with _path(name, salt).open("wb") as f:
            pickle.dump(result, f)
        dev, oof, rams = dm.measures(texts, docs, result, THRESHOLD)
        print(f"{name}: GENEVA dev {dev:.3f}, out of fold {oof:.3f}, RAMS {rams:.3f} "
              f"({time.process_time() - t0:.0f}s CPU)", flush=True)


def compare(texts, docs, names: list[str], salt: str) -> None:
    gold, sec = dp.probe_label(texts), dp.secondary(texts)
    base = _load(names[0], salt)
    for name in names[1:]:
        cand = _load(name, salt)
        dev, oof, rams = dm.measures(texts, docs, cand, THRESHOLD)
        d, o = (dm.paired_bootstrap(texts, docs, base[p], cand[p], THRESHOLD) for p in ("dev", "oof"))
        line = (f"{name}: dev {dev:.3f} ({d[0]:+.3f} [{d[1]:+.3f}, {d[2]:+.3f}]) out of fold {oof:.3f} "
                f"({o[0]:+.3f} [{o[1]:+.3f}, {o[2]:+.3f}]) RAMS {rams:.3f}")
        for part in (p for p in dp.HELD_OUT if p in cand and p in base):
            a = dp.row_counts(texts, base[part], THRESHOLD, gold, sec)
            b = dp.row_counts(texts, cand[part], THRESHOLD, gold, sec)
            diff, low, high = dp._bootstrap(a, b, {k: texts[k].group for k in a})
            f1 = dm.f1(*numpy.sum(list(b.values()), axis=0))
            line += f" | news {part} {f1:.3f} ({diff:+.3f} [{low:+.3f}, {high:+.3f}])"
        print(line, flush=True)


def errors(texts, docs, name: str, salt: str) -> None:
    """Out-of-fold GENEVA (sentence, type) errors of a setup by cause (module docstring)."""
    probs = _load(name, salt)["oof"]
    use(setup_options(name))
    feats, labels, owner, tokens = train.examples(texts, docs)
    folds = dt.fold_of(texts)
    seen: dict[int, dict[str, Counter]] = {f: {} for f in range(dt.FOLDS)}  # lemma -> training labels
    for j in range(len(feats)):
        if texts[owner[j]].source == "probe":
            continue
        lemma = docs[owner[j]][tokens[j]].lemma_.lower()
        for f in range(dt.FOLDS):
            if folds.get(owner[j]) != f:
                seen[f].setdefault(lemma, Counter())[train.CLASSES[labels[j]]] += 1
    keys = sorted(probs)
    decided = dict(zip(keys, train.decide(numpy.stack([probs[k] for k in keys]), THRESHOLD), strict=True))
    misses: dict[str, Counter] = {}
    alarms: dict[str, Counter] = {}
    right = elsewhere = 0
    for k in sorted({k for k, _ in keys}):
        t, doc = texts[k], docs[k]
        if t.source != "geneva":
            continue
        starts = [s.start for s in doc.sents]
        gold: dict[tuple[int, str], list[int]] = {}
        labelled: dict[int, str] = {}
        for start, end, etype, _check in t.labels:
            if (i := trigger_token(doc, start, end)) is not None:
                labelled[i] = etype
                if etype != "none":
                    gold.setdefault((bisect.bisect_right(starts, i) - 1, etype), []).append(i)
        pred: dict[tuple[int, str], list[int]] = {}
        for (kk, i), d in decided.items():
            if kk == k and d != "none":
                pred.setdefault((bisect.bisect_right(starts, i) - 1, d), []).append(i)
        for (s, etype), toks in gold.items():
            if (s, etype) in pred:
                right += 1
                elsewhere += not set(toks) & set(pred[(s, etype)])
                continue
            i = toks[0]
            c = seen[folds[k]].get(doc[i].lemma_.lower(), Counter())
            if (k, i) not in decided:
                cause = "not a candidate"
            elif decided[(k, i)] != "none" or any(s2 == s for s2, _ in pred):
                cause = "type confusion"
            elif not sum(c.values()):
                cause = "word never seen"
            elif not c[etype]:
                cause = "seen only as none or another type"
            else:
                cause = f"seen as its type ({'mostly' if 2 * c[etype] >= sum(c.values()) else 'a minority'})"
            misses.setdefault(cause, Counter())[f"{etype}:{doc[i].lemma_.lower()}"] += 1
        for (s, etype), toks in pred.items():
            if (s, etype) not in gold:
                i = toks[0]
                cause = ("sentence has another gold type" if any(s2 == s for s2, _ in gold)
                         else "word labelled none" if labelled.get(i) == "none" else "word unannotated")
                alarms.setdefault(cause, Counter())[f"{etype}:{doc[i].lemma_.lower()}"] += 1
    print(f"right pairs {right} ({elsewhere} on another word than the gold trigger)")
    for title, table in (("misses", misses), ("false alarms", alarms)):
        print(f"{title}: {sum(sum(c.values()) for c in table.values())}")
        for cause, words in sorted(table.items(), key=lambda kv: -sum(kv[1].values())):
            print(f"  {sum(words.values()):4d} {cause}: {dict(words.most_common(10))}")


def diff(texts, docs, base_name: str, name: str, part: str, salt: str) -> None:
    """(sentence, type) pairs decided differently by two setups, right or wrong by the gold."""
    def pairs(probs: dict) -> dict[tuple[int, int, str], list[str]]:
        keys = sorted(probs)
        out: dict[tuple[int, int, str], list[str]] = {}
        decided = train.decide(numpy.stack([probs[k] for k in keys]), THRESHOLD)
        for (k, i), d in zip(keys, decided, strict=True):
            if d != "none":
                out.setdefault((k, docs[k][i].sent.start, d), []).append(docs[k][i].text)
        return out
    a, b = _load(base_name, salt)[part], _load(name, salt)[part]
    pa, pb = pairs(a), pairs(b)
    gold = {(k, docs[k][i].sent.start, etype) for k in {k for k, _ in a}
            for start, end, etype, _ in texts[k].labels
            if etype != "none" and (i := trigger_token(docs[k], start, end)) is not None}
    for key in sorted(set(pa) ^ set(pb)):
        k, s, etype = key
        words = (pb if key in pb else pa)[key]
        print(f"{'gained' if key in pb else 'lost'} {'right' if key in gold else 'wrong'} {etype} {words}: "
              f"{docs[k][s].sent.text[:140]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=("run", "compare", "errors", "diff"))
    ap.add_argument("setups", nargs="+", help="variant names joined by '+', e.g. negmod+depframe+lemctx")
    ap.add_argument("--salt", default="", help="another 5-fold split of GENEVA train+dev and RAMS")
    ap.add_argument("--no-news", action="store_true", help="run: skip the probe rows held out")
    ap.add_argument("--part", default="dev", help="diff: dev, oof, s10 or s9")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    if args.salt:
        dt.fold_of = salted_folds(args.salt)
    texts = load_texts(probe=True)  # the probe rows train only where a setup weights them
    docs = parse(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    if args.command == "run":
        run(texts, docs, args.setups, args.salt, not args.no_news)
    elif args.command == "compare":
        compare(texts, docs, args.setups, args.salt)
    elif args.command == "errors":
        errors(texts, docs, args.setups[0], args.salt)
    else:
        diff(texts, docs, args.setups[0], args.setups[1], args.part, args.salt)


if __name__ == "__main__":
    main()
