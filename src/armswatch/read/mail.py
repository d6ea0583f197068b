"""Saved e-mails (.eml, RFC 5322 through the stdlib `email` package): the message is a report, and
each attachment is read as a report of its own (a PDF, a Word file, a page, an archive...).

A message is told from a page dump by its header block: every line up to the first blank one is a
header ("Name: value" or a folded continuation), with From and at least one of the headers only
mail carries (Message-ID, Received, MIME-Version, Return-Path, Delivered-To, X-...) or Date/Subject.
"""

from __future__ import annotations

import re
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime

from armswatch.read.document import text_report
from armswatch.read.models import RawReport
from armswatch.read.problems import ReadFailure

_HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{0,60}:")
_MAIL_ONLY = frozenset({b"message-id", b"received", b"mime-version", b"return-path", b"delivered-to",
                        b"in-reply-to", b"references", b"content-transfer-encoding"})
_MIN_HEADERS = 3


def looks_like_email(head: bytes, name: str = "") -> bool:
    """True when the bytes open with an RFC 5322 header block (see the module's comment)."""
    block = head.lstrip(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    lines = block.split(b"\n")
    if lines and lines[0].startswith(b"From ") and not lines[0].startswith(b"From: "):
        lines = lines[1:]  # an mbox "From sender date" separator line
    names: list[bytes] = []
    for line in lines:
        if line[:1] in (b" ", b"\t") and names:
            continue
        if not _HEADER.match(line):
            return False
        names.append(line.split(b":", 1)[0].lower())
    if len(names) < _MIN_HEADERS or b"from" not in names:
        return False
    mail_only = any(n in _MAIL_ONLY or n.startswith(b"x-") for n in names)
    return mail_only or (b"date" in names and b"subject" in names and name.lower().endswith(".eml"))


def read_email(
    data: bytes, *, report_id: str, source: str
) -> tuple[RawReport | None, list[tuple[str, bytes]]]:
    """(the message's own report, or None when it has no text; [(file name, bytes)] of its attachments)."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except Exception as error:  # the parser is lenient; anything it still raises means a broken file
        raise ReadFailure(f"malformed e-mail ({type(error).__name__}: {error})") from error
    assert isinstance(message, EmailMessage)
    meta: dict[str, str] = {}
    subject = " ".join(str(message.get("subject", "") or "").split())
    subject = re.sub(r"^(?:(?:re|fwd?|aw|wg|tr)\s*:\s*)+", "", subject, flags=re.IGNORECASE)
    if subject:
        meta["title"], meta["title_from"] = subject, "e-mail Subject header"
    date = message.get("date")
    if date:
        try:
            meta["published"] = parsedate_to_datetime(str(date)).date().isoformat()
            meta["published_from"] = "e-mail Date header"
        except (TypeError, ValueError, IndexError):
            pass
    sender = message.get("from")
    addresses: tuple[Address, ...] = getattr(sender, "addresses", ()) if sender is not None else ()
    if addresses:
        first = addresses[0]
        who = first.display_name or first.addr_spec
        if who:
            meta["author"], meta["author_from"] = who, "e-mail From header"
    body_part = message.get_body(preferencelist=("plain", "html"))
    own: RawReport | None = None
    if body_part is not None:
        try:
            content = body_part.get_content()
        except (LookupError, ValueError) as error:
            raise ReadFailure(f"e-mail body cannot be decoded ({error})") from error
        if isinstance(content, str) and content.strip():
            form = "html" if body_part.get_content_subtype() == "html" else None
            own = text_report(content.replace("\r\n", "\n"), report_id=report_id, source=source, raw=data,
                              meta=meta, form=form, is_article=form is None)
    attachments: list[tuple[str, bytes]] = []
    for number, part in enumerate(message.iter_attachments(), 1):
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload:
            continue
        name = part.get_filename() or f"attachment-{number}"
        attachments.append((name.replace("/", "_").replace("\\", "_"), payload))
    return own, attachments

