"""An indexed drop-in for spaCy's ``attribute_ruler``: the same patterns and output at a fraction of the cost.

The English pipeline's attribute ruler holds ~180 one- or two-token patterns (its tag map and a few word
exceptions). spaCy's generic ``Matcher`` tries every pattern at every token, which made the ruler cost
as much as the dependency parser on our reports (0.19 s of 1.28 s for the ten seed bodies, measured with
``armswatch bench``). Nearly every pattern pins a token's TAG or LOWER to a value or a set of values, so
this component looks the candidate patterns up by the token's TAG and LOWER and checks only those.

Matches are applied exactly as ``AttributeRuler.set_annotations`` does (rule order, later rules win,
spaCy's own ``set_token_attrs``), so the output is identical; ``tests/test_indexed_ruler.py`` compares both
token by token. A pattern this index cannot express (operators, other attributes) makes
:func:`index_attribute_ruler` return None, and the pipeline keeps spaCy's ruler.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab

from armswatch.component_twin import use_twin

INDEXED_RULER_NAME = "armswatch_indexed_attribute_ruler"
STOCK_RULER_NAME = "attribute_ruler"

# The token attributes a pattern may test here, in the column order of Doc.to_array.
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
# Columns a candidate can be looked up by, most selective first (a token has one value of each).
_LOOKUP_ORDER = ("LOWER", "TAG", "DEP", "IS_SPACE")
_EQ, _IN, _NOT_IN, _REGEX = range(4)
# Distinct words whose regex candidates are remembered (about 100 bytes each), and a word's "none"
REGEX_CACHE_WORDS = 1 << 18
_NO_HITS: tuple = ()

Check = tuple[int, int, object]  # (column, operator, operand)


class UnsupportedPattern(ValueError):
    """A pattern the index cannot reproduce exactly."""


@dataclass(frozen=True)
class _Pattern:
    rule: int  # the rule's position in the stock ruler (later rules win)
    checks: tuple[tuple[Check, ...], ...]  # per token of the pattern (the first: less its lookup check)

    decided: bool = field(init=False)  # one token, nothing left to check: the lookup alone decides it

    def __post_init__(self) -> None:
        object.__setattr__(self, "decided", len(self.checks) == 1 and not self.checks[0])

    def holds(self, rows: list[list[int]], start: int, strings: StringStore) -> bool:
        for row, checks in zip(rows[start:start + len(self.checks)], self.checks, strict=True):
            for column, op, operand in checks:
                value = row[column]
                if op == _EQ:
                    ok = value == operand
                elif op == _IN:
                    ok = value in operand  # type: ignore[operator]
                elif op == _NOT_IN:
                    ok = value not in operand  # type: ignore[operator]
                else:  # REGEX: on the attribute's string, as spaCy's Matcher does
                    ok = bool(value) and bool(operand.search(strings[value]))  # type: ignore[union-attr]
                if not ok:
                    return False
        return True


def _check(vocab: Vocab, attr: str, spec: object) -> Check:
    column, strings = _COLUMNS[attr], vocab.strings
    if attr == "IS_SPACE":
        if not isinstance(spec, bool):
            raise UnsupportedPattern(f"IS_SPACE {spec!r}")
        return column, _EQ, int(spec)
    if isinstance(spec, str):
        return column, _EQ, strings.add(spec)
    if isinstance(spec, dict) and len(spec) == 1:
        ((op, arg),) = spec.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            return column, _IN if op == "IN" else _NOT_IN, frozenset(strings.add(a) for a in arg)
        if op == "REGEX" and isinstance(arg, str):
            return column, _REGEX, re.compile(arg)
    raise UnsupportedPattern(f"{attr} {spec!r}")


class IndexedAttributeRuler:
    """Callable over a Doc: finds the stock ruler's matches by index lookup and applies them as spaCy does."""

    def __init__(self, vocab: Vocab, rules: Sequence[tuple[list[list[dict]], dict, int]]) -> None:
        """`rules`: (patterns, normalised attrs, index) per rule, in the stock ruler's order."""
        self.strings = vocab.strings
        self.attrs = [attrs for _, attrs, _ in rules]
        self.indices = [index for _, _, index in rules]
        # (column, value) -> the patterns whose first token requires that value
        self.by_value: dict[tuple[int, int], list[_Pattern]] = defaultdict(list)
        # patterns whose first token is known only by a regex on LOWER: tried once per distinct word
        self.by_regex: list[tuple[re.Pattern[str], _Pattern]] = []
        # LOWER value -> its regex-only patterns (most words: none, one shared empty tuple); bounded, since
        # a long stream brings ever more distinct words (issue 16): emptied when full, a pure cache
        self._regex_hits: dict[int, tuple[_Pattern, ...]] = {}
        for rule, (patterns, _, _) in enumerate(rules):
            for pattern in patterns:
                for token_spec in pattern:
                    unknown = set(token_spec) - set(_COLUMNS)
                    if unknown or not token_spec:
                        raise UnsupportedPattern(f"token spec {token_spec!r}")
                checks = tuple(tuple(_check(vocab, a, s) for a, s in t.items()) for t in pattern)
                self._index(_Pattern(rule, checks))

    def _index(self, pattern: _Pattern) -> None:
        """File the pattern under the value its first token requires; what is left to check is kept
        (most tag-map rules have nothing left: the lookup alone decides them)."""
        first = pattern.checks[0]
        for attr in _LOOKUP_ORDER:
            column = _COLUMNS[attr]
            check = next((c for c in first if c[0] == column and c[1] in (_EQ, _IN)), None)
            if check is None:
                continue
            rest = _Pattern(pattern.rule, (tuple(c for c in first if c is not check), *pattern.checks[1:]))
            values = [check[2]] if check[1] == _EQ else check[2]
            for value in values:  # type: ignore[union-attr]
                self.by_value[(column, value)].append(rest)
            return
        check = next((c for c in first if c[0] == _COLUMNS["LOWER"] and c[1] == _REGEX), None)
        if check is None:
            raise UnsupportedPattern("a pattern whose first token has no value to look it up by")
        rest = _Pattern(pattern.rule, (tuple(c for c in first if c is not check), *pattern.checks[1:]))
        self.by_regex.append((check[2], rest))  # type: ignore[arg-type]

    def clear_cache(self) -> None:
        """Forget which words the regex patterns matched (the benchmark starts every round cold)."""
        self._regex_hits.clear()

    def _regex_candidates(self, lower: int) -> tuple[_Pattern, ...]:
        hits = self._regex_hits.get(lower)
        if hits is None:
            text = self.strings[lower] if lower else ""
            hits = tuple(p for regex, p in self.by_regex if text and regex.search(text)) or _NO_HITS
            if len(self._regex_hits) >= REGEX_CACHE_WORDS:
                self._regex_hits.clear()
            self._regex_hits[lower] = hits
        return hits

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(rule, start, end) of every match, sorted as AttributeRuler.match sorts them."""
        rows = doc.to_array(_ARRAY_ATTRS).tolist() if len(doc) else []
        found = set()
        lookup, strings, n = self.by_value.get, self.strings, len(rows)
        for i, row in enumerate(rows):
            tag, lower, dep, space = row
            for candidates in (lookup((0, tag)), lookup((1, lower)), lookup((2, dep)), lookup((3, space)),
                               self._regex_candidates(lower) if self.by_regex else None):
                if not candidates:
                    continue
                for p in candidates:
                    if p.decided:
                        found.add((p.rule, i, i + 1))
                        continue
                    end = i + len(p.checks)
                    if end <= n and p.holds(rows, i, strings):
                        found.add((p.rule, i, end))
        return sorted(found)

    def __call__(self, doc: Doc) -> Doc:
        for rule, start, end in self.match(doc):
            index = self.indices[rule]
            position = start + index if index >= 0 else end + index
            if not start <= position < end:
                raise ValueError(f"attribute rule {rule}: index {index} outside its match {start}:{end}")
            set_token_attrs(doc[position], self.attrs[rule])
        return doc


def index_attribute_ruler(ruler: AttributeRuler) -> IndexedAttributeRuler | None:
    """The indexed twin of a stock ruler, or None when one of its patterns is beyond the index."""
    patterns = ruler.patterns
    rules = [(p["patterns"], ruler.attrs[i], ruler.indices[i]) for i, p in enumerate(patterns)]
    try:
        return IndexedAttributeRuler(ruler.vocab, rules)
    except UnsupportedPattern:
        return None


@Language.factory(INDEXED_RULER_NAME)
def make_indexed_attribute_ruler(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Built from the pipeline's own ``attribute_ruler`` (it must be in the pipeline)."""
    indexed = index_attribute_ruler(nlp.get_pipe(STOCK_RULER_NAME))
    if indexed is None:
        raise UnsupportedPattern("the pipeline's attribute_ruler has patterns the index cannot reproduce")
    return indexed


def use_indexed_attribute_ruler(nlp: Language) -> Language:
    """Put the indexed ruler where the stock one is and disable the stock one (kept for the benchmark's
    bare figure); a pipeline whose ruler the index cannot reproduce is left as it is."""
    return use_twin(nlp, STOCK_RULER_NAME, INDEXED_RULER_NAME)
