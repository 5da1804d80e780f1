"""The article in a news page: its main text, or why the page holds none.

A news page is mostly not the story: navigation, a cookie banner, captions,
related links, a newsletter box, a footer. The main text is found by a
well-kept extractor library chosen by measurement (see README, "Full text"),
and the page is refused when what is left is a consent wall, a paywall teaser
or a JavaScript shell, so such a page never replaces a feed's honest teaser
with boilerplate.

CPU-bound and pure: bytes in, `PageText` out, run in a worker thread or process.
The extractor is imported on first use, so neither the screen's first paint
nor a feed-only poll pays for it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from .text import clean_text

__all__ = ["MIN_ARTICLE_CHARS", "PageText", "decode_html", "is_html", "page_text"]

MIN_ARTICLE_CHARS = 400
"""Less main text than this is not an article: a wall, a shell, or a page we cannot read."""

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_CONSENT = re.compile(
    r"\b(?:cookies?|consent|accept all|reject all|manage (?:choices|preferences|options)|privacy settings|"
    r"your privacy|we and our partners|legitimate interest)\b",
    re.I,
)
_PAYWALL = re.compile(
    r"\b(?:subscribe|subscription|subscribers?|already a member|sign in to (?:continue|read)|"
    r"to continue reading|log in to (?:continue|read)|unlock (?:this|the) article|premium (?:article|content))\b",
    re.I,
)
_PAYWALL_CUT = re.compile(
    r"\b(?:to (?:continue|keep) reading|subscribe (?:now )?to (?:continue|read)|for subscribers only|"
    r"already a subscriber|this article is for subscribers|sign in to (?:continue|read))\b",
    re.I,
)
"""Words that end the public part of a paywalled article (stricter than `_PAYWALL`: said of a real text)."""
_NEEDS_JS = re.compile(
    r"\b(?:enable|turn on|activate)\s+javascript\b|\bjavascript (?:is )?(?:required|disabled)\b", re.I
)


@dataclass(frozen=True)
class PageText:
    """The article's main text, or the reason there is none (`text` is then empty)."""

    text: str = ""
    problem: str | None = None


def is_html(content_type: str | None) -> bool:
    """Whether a Content-Type names an HTML page (a missing one is given the benefit of the doubt)."""
    kind = (content_type or "").split(";")[0].strip().lower()
    return not kind or kind in _HTML_TYPES


def decode_html(body: bytes, content_type: str | None) -> str:
    """The page as text: the header's charset, else the page's `<meta charset>`, else UTF-8; bad bytes replaced."""
    declared = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", content_type or "", re.I)
    meta = _CHARSET.search(body, 0, 4096)
    for name in (declared.group(1) if declared else None, meta.group(1).decode("ascii") if meta else None, "utf-8"):
        if not name:
            continue
        try:
            return body.decode(name, errors="replace")
        except LookupError:  # an unknown charset name: try the next
            continue
    return body.decode("utf-8", errors="replace")


def page_text(body: bytes, content_type: str | None, url: str) -> PageText:
    """Main text of an article page, with paragraphs as blank-line breaks; never raises for bad input."""
    if not is_html(content_type):
        kind = (content_type or "").split(";")[0].strip()
        return PageText(problem=f"not an HTML page ({kind})")
    html = decode_html(body, content_type)
    if not html.strip():
        return PageText(problem="empty page")
    visible = _visible_text(html)
    try:
        main = _extract(html, url)
    except Exception as exc:  # the extractor's bug costs this page, not the poll
        return PageText(problem=f"could not read the page: {exc!r}")
    text = _paragraphs(clean_text(main))
    if len(text) < 1500 and len(_CONSENT.findall(text)) >= 3:  # the extractor took the consent dialog for the story
        return PageText(problem="a cookie or consent page, not the article: only the teaser is kept")
    if len(text) >= MIN_ARTICLE_CHARS:
        if len(text) < 1500 and _PAYWALL_CUT.search(text[-400:]):
            return PageText(problem="a paywall: only the start of the article is public")
        return PageText(text)
    return PageText(problem=_why_empty(html, visible, text))


def _why_empty(html: str, visible: str, text: str) -> str:
    """Why a page gave no article: the reason a user can act on."""
    if len(visible) < 200 and (_NEEDS_JS.search(html) or html.lower().count("<script") >= 2):
        return "a JavaScript page: its text is drawn by scripts, so only the teaser is kept"
    if _PAYWALL.search(visible):
        return "a paywall: only subscribers see the article, so only the teaser is kept"
    if len(_CONSENT.findall(visible)) >= 2:
        return "a cookie or consent page, not the article: only the teaser is kept"
    return f"no article text found on the page ({len(text)} characters)"


def _visible_text(html: str) -> str:
    """What a reader would see without scripts: body text minus scripts, styles and templates."""
    tree = LexborHTMLParser(html)
    body = tree.body
    if body is None:
        return ""
    for node in body.css("script, style, noscript, template"):
        node.decompose()
    return " ".join(body.text(separator=" ").split())


def _paragraphs(text: str) -> str:
    """One paragraph per line from the extractor becomes paragraphs split by a blank line, as in feed text."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def _quiet_library_logs() -> None:
    """The extractor logs a bad page as an ERROR; with no handler set, Python prints that to stderr, over the screen.

    A page's problem is reported as its `PageText.problem` instead.
    """
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
            logger.propagate = False


def _extract(html: str, url: str) -> str:
    import trafilatura  # imported here: about 0.2 s, paid only by a process that reads pages

    _quiet_library_logs()
    # the settings that scored best on the article-extraction-benchmark (README, "Full text"): reader comments
    # are not the article; tables stay, since a tracker's table may hold the figures
    found = trafilatura.extract(html, url=url, include_comments=False)
    return found or ""
