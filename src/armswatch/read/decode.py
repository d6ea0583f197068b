"""Bytes to text: BOM, then strict UTF-8, then a declared charset, then charset-normalizer.

UTF-8 is tried before a declared charset because pages often declare ISO-8859-1 while serving
UTF-8, while bytes that happen to be valid UTF-8 in another encoding are vanishingly rare.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

import ftfy
from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from armswatch.read.detect import utf16_or_32_encoding
from armswatch.read.problems import ReadFailure

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""")
# The HTML standard decodes these labels as windows-1252, which is what servers actually send.
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
                   "us-ascii": "cp1252", "iso8859-1": "cp1252", "iso_8859-1": "cp1252"}
# 0.1: how much more "mess" (charset-normalizer's measure) windows-1252 may show than the detected
# pick and still win. Short Western texts are near ties that the detector resolves to Baltic or
# Central European code pages (see tests/test_read.py::test_windows_1252_text_is_decoded_right);
# real Cyrillic or Polish text is far messier in windows-1252 (>= 1.0 on the same tests).
_CP1252_MARGIN = 0.1
# Polish, Czech... letters read as windows-1252 become symbols glued to letters ("powiedzia³", "¿e",
# "s¹"), which Western text does not have; then the detector's Central European pick is kept.
_CENTRAL_EUROPEAN_IN_1252 = re.compile(
    "[A-Za-z\u00c0-\u00ff][\u00b9\u00b3\u00a5\u00a3\u00af\u00bc\u00be]"
    "|[\u00b9\u00b3\u00a5\u00af\u00bc\u00be][A-Za-z\u00c0-\u00ff]|[A-Za-z]\u00bf|\u00bf[a-z]"
)


def normalise_newlines(text: str) -> str:
    """\\r\\n and lone \\r become \\n, so that one line is one line whatever the origin system."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML meta tag or XML declaration in the first 4 KB names, if any."""
    head = data[:4096]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    return match.group(1).decode("ascii").lower()


def python_codec(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None when Python knows no such codec."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


# UTF-8 read as windows-1252 and saved again (a page built from a badly decoded feed): "Â" before a
# no-break space, "Ã©" for "é", "â€œ" for a quotation mark. The cheap test keeps ftfy to texts that show it.
# A no-break space whose mojibake "Â\u00a0" was later turned into a plain space ("saidÂ the ship") shows as
# "Â " between two lower-case words, which no language writes.
_MOJIBAKE_HINT = re.compile("[\u00c2\u00c3\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
                            "\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
                            "|(?<=[a-z,.;:])\u00c2 (?=[a-z])")


def undo_mojibake(text: str, notes: list[str] | None = None) -> str:
    """Text that was encoded twice, decoded back (ftfy's fix_encoding: it changes only what it can show
    to be mojibake); `notes` gets a line when anything changed."""
    if _MOJIBAKE_HINT.search(text) is None:
        return text
    fixed = ftfy.fix_encoding(text)
    if fixed != text and notes is not None:
        notes.append("text encoded twice (mojibake such as 'Ã©' or 'â€œ') was decoded back")
    return fixed


def decode_bytes(data: bytes, declared: str | None = None, notes: list[str] | None = None) -> str:
    """Decode a report's bytes, undoing a second encoding of the text; raise ReadFailure when no
    encoding fits."""
    return undo_mojibake(_decode_bytes(data, declared, notes), notes)


def _decode_bytes(data: bytes, declared: str | None = None, notes: list[str] | None = None) -> str:
    """Decode a report's bytes; raise ReadFailure when no encoding fits.

    `declared` is a charset stated outside the bytes (an HTTP Content-Type header). A file that is
    UTF-8 but for some lines (one bad byte, a pasted Latin-1 paragraph) keeps UTF-8 for every line that
    is UTF-8 and decodes only the others with the declared or detected encoding; `notes` gets a line
    saying how many were re-decoded and which (one bad byte made a whole file read as mac_iceland).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec, "the encoding its byte-order mark names")
    wide = utf16_or_32_encoding(data)  # before UTF-8: ASCII in UTF-16 is valid UTF-8 with NULs
    if wide is not None:
        return _strict(data, wide, wide.upper())
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _mixed_utf8(data, declared)
    if mixed is not None:
        text, note = mixed
        if notes is not None:
            notes.append(note)
        return text
    for label in (declared, declared_charset(data)):
        codec = python_codec(label)
        if codec is None or codec == "utf-8":
            continue
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return _detected(data)


def _mixed_utf8(data: bytes, declared: str | None) -> tuple[str, str] | None:
    """(text, note) when the bytes are UTF-8 line by line except some lines, else None.

    UTF-8 is evident when a line with non-ASCII bytes decodes as UTF-8 (Latin-1 text almost never
    does). The failing lines are decoded together with one codec: the declared one, else detection.
    """
    lines = data.split(b"\n")
    failing: list[int] = []
    evident = False
    for number, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            evident = True
        except UnicodeDecodeError:
            failing.append(number)
    if not evident or not failing:
        return None
    codec = next((c for c in (python_codec(declared), python_codec(declared_charset(data)))
                  if c and c != "utf-8"), None)
    bad = b"\n".join(lines[number] for number in failing)
    if codec is None:
        try:
            best = from_bytes(bad).best()
        except Exception:  # the detector on hostile bytes: fall back to the Western default
            best = None
        codec = best.encoding if best is not None and not _is_multibyte(best.encoding) else "cp1252"
        if codec != "cp1252" and _prefer_cp1252(bad, best):
            codec = "cp1252"
    failed = set(failing)
    out = [line.decode(codec, errors="replace") if number in failed else line.decode("utf-8")
           for number, line in enumerate(lines)]
    return "\n".join(out), redecoded_note([number + 1 for number in failing[:10]], len(failing), codec)


def redecoded_note(first: list[int], count: int, codec: str) -> str:
    """"3 lines not UTF-8, decoded as cp1252 (lines 4, 9, 12)"."""
    plural = "s" if count > 1 else ""
    shown = ", ".join(str(number) for number in first) + (" …" if count > len(first) else "")
    return f"{count} line{plural} not UTF-8, decoded as {codec} (line{plural} {shown})"


class LineDecoder:
    """Decodes a feed line by line: UTF-8 first, then, for a line that is not UTF-8, one fallback codec
    for the file (`fallback`, else detected from the first such line, windows-1252 by default). A feed
    that mixes encodings keeps its UTF-8 rows intact (one codec guessed from the head garbled them all);
    the lines re-decoded are counted for the run's notes.
    """

    def __init__(self, fallback: str | None = None) -> None:
        self.fallback = fallback
        self.count = 0
        self.first: list[int] = []

    def decode(self, raw: bytes, line: int) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        if self.fallback is None:
            self.fallback = _line_codec(raw)
        self.count += 1
        if len(self.first) < 10:
            self.first.append(line)
        return raw.decode(self.fallback, errors="replace")

    def note(self) -> str | None:
        return redecoded_note(self.first, self.count, self.fallback or "cp1252") if self.count else None


def _line_codec(raw: bytes) -> str:
    try:
        best = from_bytes(raw).best()
    except Exception:  # the detector on hostile bytes: fall back to the Western default
        return "cp1252"
    if best is None or best.encoding.startswith("utf") or (
            not _is_multibyte(best.encoding) and _prefer_cp1252(raw, best)):
        return "cp1252"
    return best.encoding


def head_fallback(head: bytes) -> str | None:
    """The codec for a feed's lines that are not UTF-8, detected from all such lines in its head
    (the last, possibly cut, line left out); None when every line there is UTF-8."""
    lines = head.split(b"\n")[:-1] or [head]
    bad = []
    for line in lines:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(line)
    return _line_codec(b"\n".join(bad)) if bad else None


def _prefer_cp1252(data: bytes, best: Any) -> bool:
    """Whether windows-1252 reads the bytes about as well as the detector's pick (see _detected)."""
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return mess_ratio(western, 1.0) <= best.chaos + _CP1252_MARGIN and not _CENTRAL_EUROPEAN_IN_1252.search(
        western)


def _strict(data: bytes, codec: str, what: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise ReadFailure(f"undecodable bytes in {what} at byte {error.start}") from error


def _detected(data: bytes) -> str:
    best = from_bytes(data).best()
    if best is None:
        raise ReadFailure("not valid UTF-8 and no encoding detected")
    text = str(best)
    if best.encoding != "cp1252" and not _is_multibyte(best.encoding):
        try:
            western = data.decode("cp1252")
        except UnicodeDecodeError:
            return text
        plausible = mess_ratio(western, 1.0) <= best.chaos + _CP1252_MARGIN
        if western != text and plausible and not _CENTRAL_EUROPEAN_IN_1252.search(western):
            return western
    return text


def _is_multibyte(codec: str) -> bool:
    # UTF-16/32 picked for bytes without the NULs that Latin text has in them is a detector slip
    # on short input, so it is not counted here and windows-1252 may still win.
    return codec.startswith(("utf_8", "gb", "big5", "shift_jis", "cp932", "euc", "iso2022", "cp949", "hz",
                             "johab", "cp950"))
