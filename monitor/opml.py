"""OPML 2.0: the subscription list every feed reader can export and import.

`export_opml` writes the configured feeds as one flat list of `<outline
type="rss">` elements. `import_opml` reads any reader's export: outlines nested
in categories, the name in `text` or `title`, and only outlines that carry an
`xmlUrl` (a category is not a feed).

A list travels: a config's `file:` URLs may be relative to its folder, which
means nothing to a reader (or a config) elsewhere, so the export writes them as
absolute `file:///…` URLs (`portable_url`), and an import resolves a relative
one against the OPML file's own folder.

An OPML file comes from elsewhere, so it is parsed as hostile: documents with a
DOCTYPE (and so with entity declarations, the trick behind "billion laughs" and
external-entity attacks) are refused before anything is expanded. The parser is
the standard library's expat with handlers that stop at the first declaration.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn
from urllib.parse import unquote, urlsplit
from xml.parsers import expat

from .config import FeedConfig
from .fetch import normalize_url
from .text import clean_text

__all__ = ["OpmlError", "export_opml", "import_opml", "portable_url"]

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot carry, even escaped."""


class OpmlError(ValueError):
    """An OPML document that cannot (or must not) be read; the message says why."""


def portable_url(url: str, base_dir: Path) -> str:
    """`url` as it works from any folder: a `file:` URL resolved against `base_dir` into an absolute
    `file:///…` URL (`~` expanded, percent-encoded); any other URL as it is."""
    if urlsplit(url).scheme.lower() != "file":
        return url
    return Path(unquote(urlsplit(normalize_url(url, base_dir)).path)).as_uri()


def export_opml(feeds: Sequence[FeedConfig], title: str, *, base_dir: Path, now: dt.datetime | None = None) -> str:
    """The feeds as an OPML 2.0 document (UTF-8 text with an XML declaration).

    `base_dir` is the config's folder: relative `file:` URLs are resolved against it (`portable_url`).
    """
    now = now or dt.datetime.now(dt.UTC)
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = _xml_text(title)
    ET.SubElement(head, "dateCreated").text = email.utils.format_datetime(now.astimezone(dt.UTC), usegmt=True)
    ET.SubElement(head, "docs").text = "https://opml.org/spec2.opml"
    body = ET.SubElement(root, "body")
    for feed in feeds:
        name = _xml_text(feed.name)
        url = _xml_text(portable_url(feed.url, base_dir))
        ET.SubElement(body, "outline", type="rss", text=name, title=name, xmlUrl=url)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def import_opml(data: bytes) -> list[tuple[str, str]]:
    """(name, url) of every feed outline, in document order, categories flattened.

    The name is the outline's `text`, else its `title`, else the URL's host,
    with whitespace collapsed; it may clash with a configured name or be too
    long for the config (`discover.suggest_name` makes one that fits).
    Raises `OpmlError` for a document that is not OPML, not well-formed, or
    has a DOCTYPE or entity declarations.
    """
    feeds: list[tuple[str, str]] = []
    root: list[str] = []

    def refuse(*args: object) -> NoReturn:
        raise OpmlError(
            "refused: the document has a DOCTYPE or declares entities, the trick behind "
            "entity-expansion attacks; OPML has no need of them"
        )

    def start(tag: str, attrs: dict[str, str]) -> None:
        if not root:
            root.append(tag)
        if tag != "outline":
            return
        fields = {key.lower(): value for key, value in attrs.items()}
        url = " ".join(clean_text(fields.get("xmlurl", "")).split())
        if not url:
            return
        name = _name(fields.get("text")) or _name(fields.get("title")) or _host(url)
        feeds.append((name, url))

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise OpmlError(f"not well-formed XML at line {exc.lineno}, column {exc.offset}: {_reason(exc)}") from None
    if root != ["opml"]:
        found = f"<{root[0]}>" if root else "nothing"
        raise OpmlError(f"not an OPML document: the root element is {found}, not <opml>")
    return feeds


def _name(value: str | None) -> str:
    return " ".join(clean_text(value or "").split())


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.") or url


def _reason(exc: expat.ExpatError) -> str:
    return expat.ErrorString(exc.code) if exc.code else str(exc)
