"""Text with its evidence marked: a mention's sentence with each field's words highlighted, and a whole
document with every sentence that carries a fact. Everything from the reports is escaped."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    start: int  # offsets into the document's body
    end: int
    field: str  # the fact's field: trigger, actor, target, attributed_to, vessels, when, items...
    label: str  # shown on hover: the field and the entity it names


def _is_span(value: Any) -> bool:
    return (isinstance(value, list | tuple) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value))


def evidence_spans(mention: dict[str, Any], name: Callable[[str], str],
                   aliases: Callable[[str], list[str]] | None = None) -> list[Span]:
    """The spans a mention gives as evidence of its fields (`evidence`: a field's span, or a span per
    entity id); for the time and the items, which carry their words but no offsets, and for a role's
    entity the evidence does not place, where those words (the entity's name or an alias) stand in the
    sentence."""
    spans: list[Span] = []
    evidence = mention.get("evidence") or {}
    for key, value in evidence.items():
        if _is_span(value):
            spans.append(Span(value[0], value[1], key, key))
        elif isinstance(value, dict):
            for entity_id, span in value.items():
                found = [span] if _is_span(span) else [s for s in span if _is_span(s)] \
                    if isinstance(span, list) else []
                spans += [Span(s[0], s[1], key, f"{key}: {name(entity_id)}") for s in found]
    sentence, base = mention.get("text", ""), int(mention.get("start", 0))
    words: list[tuple[str, str | None]] = [("when", (mention.get("when") or {}).get("text"))]
    for item in mention.get("items") or []:
        words.append(("items", item.get("text")))
        words.append(("quantity", (item.get("quantity") or {}).get("text")))
    for key, text in words:
        if key in evidence or not text:
            continue
        at = sentence.find(text)
        if at >= 0:
            spans.append(Span(base + at, base + at + len(text), key, f"{key}: {text}"))
    if aliases is not None:
        spans += _named_roles(mention, evidence, name, aliases)
    return spans


def _named_roles(mention: dict[str, Any], evidence: dict[str, Any], name: Callable[[str], str],
                 aliases: Callable[[str], list[str]]) -> list[Span]:
    """Spans of the mention's role entities (actor, target, vessels, places) that its evidence leaves out,
    at the first whole-word occurrence of the entity's name or an alias in the sentence."""
    sentence, base = mention.get("text", ""), int(mention.get("start", 0))
    roles = [(key, i) for key in ("actor", "target", "vessels") for i in mention.get(key) or []]
    roles += [("places", p["entity"]) for p in mention.get("places") or [] if isinstance(p, dict)]
    spans = []
    for key, entity_id in roles:
        placed = evidence.get(key)
        if isinstance(placed, dict) and entity_id in placed:
            continue
        for form in sorted({name(entity_id), *aliases(entity_id)}, key=len, reverse=True):
            found = re.search(rf"(?<!\w){re.escape(form)}(?!\w)", sentence) if len(form) > 1 else None
            if found:
                spans.append(Span(base + found.start(), base + found.end(), key, f"{key}: {name(entity_id)}"))
                break
    return spans


def highlight(text: str, spans: list[Span], offset: int = 0) -> Markup:
    """`text` (which starts at `offset` in the body) with the spans inside it marked; where two spans
    overlap the earlier (then the longer) is kept, as HTML marks cannot cross."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        start, end = span.start - offset, span.end - offset
        if start < 0 or end > len(text) or start >= end:
            continue
        if chosen and span.start < chosen[-1].end:
            continue
        chosen.append(span)
    out, at = [], 0
    for span in chosen:
        start, end = span.start - offset, span.end - offset
        out.append(escape(text[at:start]))
        out.append(Markup('<mark class="ev ev-{}" title="{}">{}</mark>').format(
            span.field, span.label, text[start:end]))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def document_html(body: str, mentions: list[tuple[dict[str, Any], dict[str, Any]]],
                  name: Callable[[str], str], aliases: Callable[[str], list[str]] | None = None) -> Markup:
    """The body with each sentence that carries a fact linked to its events and its evidence marked."""
    sentences: dict[tuple[int, int], list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for event, mention in mentions:
        sentences.setdefault((int(mention["start"]), int(mention["end"])), []).append((event, mention))
    out, at = [], 0
    for (start, end), found in sorted(sentences.items()):
        if start < at or end > len(body):
            continue  # overlapping sentences: the first is marked
        spans = [s for _, m in found for s in evidence_spans(m, name, aliases)]
        events = list(dict.fromkeys(e["id"] for e, _ in found))
        label = ", ".join(f"{e['type']} {e['id']}" for e in {e["id"]: e for e, _ in found}.values())
        out.append(escape(body[at:start]))
        out.append(Markup('<a class="fact" id="c{}" href="/events/{}" title="{}">{}</a>').format(
            start, events[0], label, highlight(body[start:end], spans, start)))
        at = end
    out.append(escape(body[at:]))
    return Markup("").join(out)
