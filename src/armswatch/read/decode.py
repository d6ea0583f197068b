"""Bytes to text: BOM, then strict UTF-8, then a declared charset, then charset-normalizer.

UTF-8 is tried before a declared charset because pages often declare ISO-8859-1 while serving
UTF-8, while bytes that happen to be valid UTF-8 in another encoding are vanishingly rare.
"""

from __future__ import annotations

import codecs
import re

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


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a report's bytes; raise ReadFailure when no encoding fits.

    `declared` is a charset stated outside the bytes (an HTTP Content-Type header).
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
    for label in (declared, declared_charset(data)):
        codec = python_codec(label)
        if codec is None or codec == "utf-8":
            continue
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return _detected(data)


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
