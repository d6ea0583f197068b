"""Counted and measured amounts in English text, with value, unit, bound and range:
`find_quantities(text_or_doc) -> [Quantity]` ("more than 1,000 containers", "a million artillery shells",
"$1.2 billion").

Modules: `tokens` (spaCy or plain-text tokens), `numbers` (numerals to values), `units` (the unit
vocabulary), `grammar` (unit expressions of scientific writing, read through pint's unit registry),
`science` (what papers add around a number), `labels` (numbers that label: "Fig. 5", "[25]"), `lexicon`
(words around a number), `nouns` (the counted noun), `finder` (the search), `model` (what it returns);
`quantities` keeps the names of the module this package was before it was split. It works over spaCy
Docs and Spans (part-of-speech tags find the counted noun when the pipeline tagged them) and over plain
text (tokenised by a regular expression, where the counted noun is found by word shape alone).

Choices, so that a reader of the dossier knows what a value means:
- ``bound``: "more than", "over", "at least", "upwards of", "in excess of", "... or more", "1,000+" ->
  at_least;
  "up to", "at most", "no more than", "fewer/less than", "under", "below", "as many as" -> at_most;
  "nearly", "almost", "close to", "just under", "just shy of" -> at_most and approximate (the speaker says the
  true figure is a little below the number).
- ``approximate``: "about", "some", "approximately", "around", "roughly", "an estimated", "... or so" ->
  approximate with bound exact.
- Vague magnitudes keep their words in ``text`` and a range in ``low``/``high``; ``value`` is the low end
  with bound at_least and approximate: "dozens" 24..99, "scores" 40..99, "hundreds" 200..999, "thousands"
  2,000..9,999, "tens of thousands" 20,000..99,999, "hundreds of thousands" 200,000..999,999, "millions"
  2..9.99 million; "several" 3..9 and "a few" 2..6 (times a following scale word: "several hundred" 300..999;
  "tens of" 20..99, "several tens of" 30..99). "four and a half" 4.5, "one and a half million" 1.5 million,
  "a quarter of a million" 250,000.
- Ranges ("between 300 and 500", "10,000-15,000", "two or three") give value = low, low/high, bound at_least.
- ``unit``: a measurement or currency unit when one follows ("km", "mile", "tonne", "barrel", "usd", "eur",
  "percent", "mm"); otherwise the lemma of the counted noun, singular ("container", "test"); shells,
  projectiles, bullets and cartridges count as "round". "over 100 missile tests" counts tests (unit "test"):
  the item it concerns ("missile") is found by `items.find_items`. Empty when nothing is counted. A
  hyphenated premodifier ("short-range", "surface-to-air", "155-mm", "Iranian-made") is read as one word and
  is never the counted noun: "two short-range ballistic missiles" counts missiles.
- Sums: "$1.2 billion", "1.2bn dollars", "$500m", "$1.2 bn", "$1.2-billion" -> unit "usd" (a currency code
  for each currency), value 1.2e9; "m"/"b"/"k" are million/billion/thousand only with a currency ("30m" is
  metres, "5k" is left alone). A sum after "worth" or "valued/priced at" is the value of the noun phrase
  before it ("artillery shells worth $1.2 billion"), which `items` attaches it to, unless it is a price of
  each ("drones worth $20,000 each").
- Scientific writing: a unit expression after a number ("420 K", "12 MPa", "2 m s−1", "10 mg/L", "4‰",
  "0.4 wt.%": unit "K", "MPa", "m.s^-1", "mg.litre^-1", "permille", "wt_percent"; the news vocabulary's
  names kept for its own units), a power of ten ("1×10−5 Torr"), a tolerance read over ("420 ± 30 K",
  value 420), a unit written once for a list ("34 and 38 °C": both in celsius), "pH 7".
- Durations and ages are quantities of time: "3 days", "a 5-year study", "aged 58 to 70", "a 70-year-old"
  (unit "day", "year"; `unit_kind` "duration"). `find_quantities(..., durations=False)` leaves them out, as
  the dossier's events stage asks: there the time component reads durations, and no item is counted by one.
- Not quantities: years, days of a month, clock times, ordinals ("third launch"), designators ("Hwasong
  17", "Resolution 2397", "No. 5"), labels and citations ("Fig. 5", "phases 3, 5 and 7", "[25]", "3D",
  "Definition 1"), formulas and symbols ("Mg(ClO4)2", "2σ"), counts inside hyphenated adjectives
  ("two-stage"), and a conversion in brackets after a measure ("900 km (560 miles)").
- Offsets are character offsets in the Doc's text (also for a Span), or in the string given.
"""

from __future__ import annotations

from armswatch.quantities.finder import find_quantities, find_quantities_with_tokens
from armswatch.quantities.model import Quantity
from armswatch.quantities.numbers import parse_number
from armswatch.quantities.tokens import tokens_of
from armswatch.quantities.units import DURATION_UNITS, MONEY_UNITS, unit_for_noun, unit_kind

__all__ = ["DURATION_UNITS", "MONEY_UNITS", "Quantity", "find_quantities", "find_quantities_with_tokens",
           "parse_number", "tokens_of", "unit_for_noun", "unit_kind"]
