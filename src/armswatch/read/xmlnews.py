"""XML news: RSS and Atom feeds (one report per item or entry), NITF articles and NewsML packages (one
report per news item), each with the title, date, author, url and outlet its tags state.

Parsed with lxml without DTDs, entities or network access (a feed is untrusted input); element names
are compared without their namespace, so RSS 0.9x/1.0/2.0, Atom 0.3/1.0, NITF 3.x and NewsML 1/G2
read alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from armswatch.read.document import text_report
from armswatch.read.meta import normalise_date
from armswatch.read.models import RawReport, ReadProblem
from armswatch.read.origin import Origin
from armswatch.read.problems import ReadFailure
from armswatch.read.wirecopy import headline_line, strip_wire_habits, wire_paragraphs

_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF|nitf|NewsML|newsMessage|newsItem)\b")
_COMMENTS_AND_PI = re.compile(rb"\A(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.DOTALL)
_TAG = re.compile(r"<[a-zA-Z/][^<>]{0,2000}>")
_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False,
                   "remove_comments": True, "recover": False}


def xml_news_root(head: bytes) -> str | None:
    """"feed" (RSS, RDF or Atom) or "news" (NITF, NewsML) when the first element says so, else None."""
    start = _COMMENTS_AND_PI.match(head.lstrip(b"\xef\xbb\xbf"))
    rest = head.lstrip(b"\xef\xbb\xbf")[start.end() if start else 0:]
    match = _ROOT.match(rest)
    if match is None:
        return None
    name = match.group(1).decode()
    if name == "RDF" and b"purl.org/rss" not in head:
        return None
    return "feed" if name in ("rss", "feed", "RDF") else "news"


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: etree._Element, *names: str) -> list[etree._Element]:
    return [child for child in element if _local(child) in names]


def _first_text(element: etree._Element, *names: str) -> str | None:
    """The text (all of it, tags dropped) of the first child with one of the names, in the names' order."""
    for name in names:
        for child in element:
            if _local(child) == name:
                text = " ".join("".join(child.itertext()).split())
                if text:
                    return text
    return None


def parse_xml(data: bytes) -> etree._Element:
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        raise ReadFailure(f"malformed XML at line {line}: {error.msg}", line) from error


def read_xml_news(data: bytes, origin: Origin) -> Iterator[RawReport | ReadProblem]:
    """The reports of an RSS/Atom feed or a NITF/NewsML file; a bad item is a problem of its own."""
    root = parse_xml(data)
    kind = _local(root)
    if kind in ("rss", "RDF"):
        channel = next(iter(_children(root, "channel")), root)
        outlet = _first_text(channel, "title")
        items = _children(channel, "item") or _children(root, "item")
        yield from _feed_items(items, origin, outlet, "RSS")
    elif kind == "feed":
        yield from _feed_items(_children(root, "entry"), origin, _first_text(root, "title"), "Atom")
    elif kind == "nitf":
        yield _guarded(lambda: _nitf_report(root, origin, origin.stem, data, None), origin, root)
    else:
        items = [e for e in root.iter() if _local(e) in ("newsItem", "NewsItem")]
        if not items:
            raise ReadFailure("NewsML file has no news item")
        for number, item in enumerate(items, 1):
            report_id = origin.stem if len(items) == 1 else f"{origin.stem}-{number}"
            yield _guarded(lambda item=item, report_id=report_id: _newsml_report(item, origin, report_id),
                           origin, item)


def _guarded(make: object, origin: Origin, element: etree._Element) -> RawReport | ReadProblem:
    try:
        return make()  # type: ignore[operator]
    except ReadFailure as failure:
        return ReadProblem(origin.source, failure.reason, failure.line or element.sourceline)


def _feed_items(items: list[etree._Element], origin: Origin, outlet: str | None,
                kind: str) -> Iterator[RawReport | ReadProblem]:
    if not items:
        raise ReadFailure(f"{kind} feed has no items")
    for number, item in enumerate(items, 1):
        yield _guarded(lambda item=item, number=number: _feed_item(item, origin, number, outlet, kind),
                       origin, item)


def _feed_item(item: etree._Element, origin: Origin, number: int, outlet: str | None,
               kind: str) -> RawReport:
    meta: dict[str, str] = {}
    title = _first_text(item, "title")
    if title:
        meta["title"], meta["title_from"] = title, f"{kind} item title"
    for name in ("pubDate", "published", "date", "issued", "created", "updated", "modified"):
        value = _first_text(item, name)
        day = normalise_date(value) if value else None
        if day and re.match(r"\d{4}-\d{2}-\d{2}$", day):
            meta["published"], meta["published_from"] = day, f"{kind} item {name}"
            break
    author = _first_text(item, "creator", "author")
    if author:
        author_el = next(iter(_children(item, "author")), None)
        if author_el is not None and _children(author_el, "name"):
            author = _first_text(author_el, "name") or author
        meta["author"], meta["author_from"] = author, f"{kind} item author"
    url = _link(item)
    if url:
        meta["url"], meta["url_from"] = url, f"{kind} item link"
    if outlet:
        meta["outlet"], meta["outlet_from"] = outlet, f"{kind} channel title"
    content = None
    for name in ("encoded", "content", "description", "summary"):
        for child in item:
            if _local(child) == name and (child.text or len(child)):
                # Atom content may be XHTML elements rather than escaped text.
                content = child.text if not len(child) else etree.tostring(child, encoding="unicode")
                break
        if content and content.strip():
            break
    if not content or not content.strip():
        raise ReadFailure(f"{kind} item {number} has no text", item.sourceline)
    raw = etree.tostring(item)
    form = "html" if _TAG.search(content) else None
    report_id = f"{origin.stem}-{number}"
    source = url or f"{origin.source}#{number}"
    return text_report(content.replace("\r\n", "\n"), report_id=report_id, source=source, raw=raw,
                       meta=meta, form=form, is_article=form is None)


def _link(item: etree._Element) -> str | None:
    for child in item:
        if _local(child) != "link":
            continue
        href = child.get("href")
        if href and child.get("rel", "alternate") == "alternate":
            return href.strip()
        if child.text and child.text.strip().startswith(("http://", "https://")):
            return child.text.strip()
    guid = _first_text(item, "guid", "id")
    return guid if guid and guid.startswith(("http://", "https://")) else None


# ---- NITF and NewsML ------------------------------------------------------------------------------

def _nitf_report(nitf: etree._Element, origin: Origin, report_id: str, raw: bytes,
                 meta_in: dict[str, str] | None) -> RawReport:
    meta = dict(meta_in or {})
    copyright_holder = None
    head = next(iter(_children(nitf, "head")), None)
    body = next(iter(_children(nitf, "body")), None)
    if body is None:
        raise ReadFailure("NITF article has no body", nitf.sourceline)
    hedline = next((e for e in body.iter() if _local(e) == "hedline"), None)
    title = _first_text(hedline, "hl1") if hedline is not None else None
    if title:
        meta["title"], meta["title_from"] = title, "NITF hl1"
    elif head is not None and _first_text(head, "title"):
        meta.setdefault("title", _first_text(head, "title") or "")
        meta.setdefault("title_from", "NITF head title")
    if head is not None:
        for element in head.iter():
            name = _local(element)
            if name == "date.issue" and element.get("norm") and "published" not in meta:
                day = _compact_date(element.get("norm", ""))
                if day:
                    meta["published"], meta["published_from"] = day, "NITF date.issue"
            elif name == "pubdata":
                if element.get("name"):
                    meta.setdefault("outlet", element.get("name", ""))
                    meta.setdefault("outlet_from", "NITF pubdata name")
                if element.get("ex-ref", "").startswith(("http://", "https://")):
                    meta.setdefault("url", element.get("ex-ref", ""))
                    meta.setdefault("url_from", "NITF pubdata ex-ref")
                day = _compact_date(element.get("date.publication", ""))
                if day and "published" not in meta:
                    meta["published"], meta["published_from"] = day, "NITF pubdata date.publication"
            elif name == "doc-id" and element.get("id-string") and "doc_id" not in meta:
                meta["doc_id"] = element.get("id-string", "")
            elif name == "doc.copyright" and element.get("holder", "").strip():
                copyright_holder = " ".join(element.get("holder", "").split())
    distributor = _first_text(next((e for e in body.iter() if _local(e) == "body.head"), body), "distributor")
    for outlet, basis in ((distributor, "NITF distributor"), (copyright_holder, "NITF doc.copyright holder")):
        if outlet and "outlet" not in meta:
            meta["outlet"], meta["outlet_from"] = outlet, basis
    byline = next((e for e in body.iter() if _local(e) == "byline"), None)
    if byline is not None:
        who = _byline_names(byline)
        if who:
            meta.setdefault("author", who)
            meta.setdefault("author_from", "NITF byline")
    dateline = next((e for e in body.iter() if _local(e) == "dateline"), None)
    lines: list[str] = []
    if dateline is not None:
        text = " ".join("".join(dateline.itertext()).split())
        if text:
            meta["dateline"] = text
    content = next((e for e in body.iter() if _local(e) == "body.content"), body)
    for element in content.iter():
        if _local(element) in ("p", "hl2", "li", "block") and not len(_children(element, "p")):
            lines += wire_paragraphs("".join(element.itertext()))
    lines = _wire_lines(lines, meta, "NITF")
    if not lines:
        raise ReadFailure("NITF article has no text", nitf.sourceline)
    return RawReport(id=report_id, source=origin.source if report_id == origin.stem else f"{origin.source}#"
                     f"{report_id.rsplit('-', 1)[-1]}", raw=raw, form="text", text="\n".join(lines),
                     meta=meta, is_article=True)


# A byline that names no one: the desk's generic credit, which a byline line in the copy can name.
_GENERIC_BYLINE = re.compile(r"^(?:(?:our|a|staff|special)\s+)?(?:staff|reporter|writer|correspondent|"
                             r"(?:staff )?reporters?|writers?|correspondents?)$", re.IGNORECASE)


def _byline_names(byline: etree._Element) -> str:
    """A NITF byline's names: its text and its <person>s', without the <byttl> title after them ("By
    BERNARD CONDON<byttl>AP Business Writer</byttl>") and without "By"; parts joined with spaces."""
    parts: list[str] = [byline.text or ""]
    for child in byline:
        if _local(child) != "byttl":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    who = " ".join(" ".join(parts).split())
    return re.sub(r"^by\s+", "", who, flags=re.IGNORECASE).strip(" ,;")


def _wire_lines(lines: list[str], meta: dict[str, str], kind: str) -> list[str]:
    """The item's paragraphs less the wire's editor's note, byline line and sign-off (armswatch.read.
    wirecopy); a byline line names the author where the item states none or only a generic credit, and a
    headline line above the dateline lede the title where it states none."""
    lines, named = strip_wire_habits(lines)
    if named and (not meta.get("author") or _GENERIC_BYLINE.match(meta["author"])):
        meta["author"], meta["author_from"] = named, f"{kind} byline line of the text"
    if not meta.get("title"):
        title, lines = headline_line(lines)
        if title:
            meta["title"], meta["title_from"] = title, f"{kind} headline line above the dateline"
    return lines


def _compact_date(value: str) -> str | None:
    """YYYY-MM-DD from NITF's ISO 8601 basic form (20240115T103000Z) or an extended one."""
    match = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value.strip())
    return f"{match[1]}-{match[2]}-{match[3]}" if match else None


def _newsml_report(item: etree._Element, origin: Origin, report_id: str) -> RawReport:
    meta: dict[str, str] = {}
    for name, basis in (("headline", "NewsML headline"), ("HeadLine", "NewsML HeadLine")):
        found = next((e for e in item.iter() if _local(e) == name), None)
        if found is not None and "".join(found.itertext()).strip():
            meta["title"], meta["title_from"] = " ".join("".join(found.itertext()).split()), basis
            break
    for name in ("contentCreated", "firstCreated", "FirstCreated", "versionCreated", "DateAndTime"):
        found = next((e for e in item.iter() if _local(e) == name), None)
        day = _compact_date(found.text or "") if found is not None and found.text else None
        if day:
            meta["published"], meta["published_from"] = day, f"NewsML {name}"
            break
    for name in ("creditline", "provider", "Provider"):
        found = next((e for e in item.iter() if _local(e) == name), None)
        if found is None:
            continue
        text = " ".join("".join(found.itertext()).split()) or found.get("literal", "") or found.get(
            "FormalName", "")
        if text:
            meta["outlet"], meta["outlet_from"] = text, f"NewsML {name}"
            break
    for name in ("by", "ByLine", "creator"):
        found = next((e for e in item.iter() if _local(e) == name), None)
        text = " ".join("".join(found.itertext()).split()) if found is not None else ""
        if text:
            meta["author"], meta["author_from"] = re.sub(r"^by\s+", "", text, flags=re.I), f"NewsML {name}"
            break
    located = next((e for e in item.iter() if _local(e) in ("located", "dateline", "DateLine")), None)
    if located is not None and " ".join("".join(located.itertext()).split()):
        meta["dateline"] = " ".join("".join(located.itertext()).split())
    raw = etree.tostring(item)
    nitf = next((e for e in item.iter() if _local(e) == "nitf"), None)
    if nitf is not None:
        return _nitf_report(nitf, origin, report_id, raw, meta)
    body = next((e for e in item.iter() if _local(e) in ("inlineXML", "inlineData", "DataContent")), None)
    if body is None:
        raise ReadFailure("NewsML item has no content", item.sourceline)
    lines = [line for e in body.iter() if _local(e) == "p" for line in wire_paragraphs("".join(e.itertext()))]
    if not any(lines):
        lines = [line.strip() for line in "".join(body.itertext()).split("\n")]
    lines = _wire_lines([line for line in lines if line], meta, "NewsML")
    if not lines:
        raise ReadFailure("NewsML item has no text", item.sourceline)
    return RawReport(id=report_id, source=origin.source, raw=raw, form="text", text="\n".join(lines),
                     meta=meta, is_article=True)
