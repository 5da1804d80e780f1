"""Untrusted feed text made safe and plain: no escape sequences, no HTML.

feedparser keeps ESC in titles, and a cell holding `\x1b[2J` clears a terminal,
so every text field is cleaned once, when items are read.
"""

from __future__ import annotations

import re
from html import unescape

from selectolax.lexbor import LexborHTMLParser

__all__ = ["clean_text", "html_to_text"]

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, screen clears
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, hyperlinks
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROLS = dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])
"""C0 and C1 control characters but tab and newline, as a `str.translate` deletion table."""
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""The same characters as a regex: `str.translate` is fast on ASCII only, twenty times slower than this on
any text with one curly quote or non-Latin letter in it."""


def clean_text(text: str) -> str:
    """Strip terminal escape sequences and control characters; keep newlines and tabs."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text:  # rare: scanning for them first is cheaper than the regex
        text = _ESCAPES.sub("", text)
    return text.translate(_CONTROLS) if text.isascii() else _CONTROL_CHARS.sub("", text)


_BLOCKS = frozenset("p div li h1 h2 h3 h4 h5 h6 blockquote tr section article".split())
_INLINE = frozenset("a b i u s em strong span small sup sub abbr cite q code time mark font".split())
_CONTAINERS = frozenset("div section article blockquote li".split())
"""Fast path: blocks that may hold other blocks."""
_TEXT_BLOCKS = frozenset("p h1 h2 h3 h4 h5 h6".split())
"""Fast path: blocks that hold only text and inline tags."""
_LISTS = frozenset("ul ol".split())
"""Fast path: lists, which hold list items."""
_VOID = frozenset(["img"])
"""Fast path: void phrasing tags, which hold no text and never make an HTML parser restructure the tree."""
_TAG = re.compile(r"(<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>)")
"""A whole tag, whether it closes, and its name: `re.split` gives text, tag, slash, name, text, …"""


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, paragraphs kept as blank-line breaks.

    Most feed descriptions are a few paragraphs with inline emphasis, links and
    images; those are converted with one regex split, which is several times
    faster than building a DOM. Anything else (scripts, comments, unknown or
    unbalanced tags, a stray `<` or `>`) goes through selectolax's full HTML
    parser; a test holds the two to the same output.
    """
    if "<" not in html and "&" not in html:
        return _normalize(clean_text(html))
    simple = _simple_html_to_text(html)
    return simple if simple is not None else _parsed_html_to_text(html)


def _separators(parts: list[str]) -> list[str] | None:
    """What each tag of a `_TAG.split` becomes, or None unless the tags nest as the DOM will.

    The tags must be known, closed in order, each inside a parent that may hold
    it: then the DOM is the text's own nesting. Anything else (an implied end
    tag, `<div>` inside `<p>`, a heading inside a heading, a stray `<li>`) is
    where an HTML parser restructures the tree, so the parser must decide.
    """
    stack: list[str] = []
    seps: list[str] = []
    for i in range(1, len(parts), 4):
        name = parts[i + 2].lower()
        if name == "br":
            seps.append("\n")
            continue
        seps.append("\n\n" if name in _BLOCKS else "")
        if parts[i + 1]:  # an end tag
            if not stack or stack.pop() != name:
                return None
            continue
        parent = stack[-1] if stack else None
        if name in _VOID:
            if parent in _LISTS:
                return None
            continue  # `<img>` and `<img/>` alike: nothing to close
        if parts[i].endswith("/>"):
            return None
        if name in _INLINE:
            allowed = parent not in _LISTS
        elif name == "li":
            allowed = parent in _LISTS
        elif name in _CONTAINERS or name in _TEXT_BLOCKS or name in _LISTS:
            allowed = parent is None or parent in _CONTAINERS
        else:
            allowed = False
        if not allowed:
            return None
        stack.append(name)
    return None if stack else seps


_DROPPED = ["script", "style", "noscript", "template"]
_BLOCK_NAMES = sorted(_BLOCKS)


def _parsed_html_to_text(html: str) -> str:
    # Lookups by tag name, not CSS: selectolax compiles a selector on every call,
    # which cost more than the parse itself on a description.
    tree = LexborHTMLParser(html)
    tree.strip_tags(_DROPPED, recursive=True)
    for node in tree.tags("br"):
        node.replace_with("\n")
    for name in _BLOCK_NAMES:
        for node in tree.tags(name):
            node.insert_before("\n\n")
            node.insert_after("\n\n")
    root = tree.body or tree.root
    text = root.text(separator="") if root is not None else ""
    return _normalize(clean_text(text))


def _simple_html_to_text(html: str) -> str | None:
    """The fast path, or None when the fragment is not plain paragraphs, inline tags and images."""
    parts = _TAG.split(html)
    tags = len(parts) // 4
    if tags != html.count("<") or tags != html.count(">"):
        return None
    seps = _separators(parts)
    if seps is None:
        return None
    out = [""] * (2 * tags + 1)
    out[::2] = parts[::4]
    out[1::2] = seps
    text = "".join(out)
    return _normalize(clean_text(unescape(text) if "&" in text else text))


def _normalize(text: str) -> str:
    """Runs of white space made one space, lines trimmed, at most one blank line in a row.

    Plain string methods: four times faster than the equivalent regexes on a
    description, and this runs on every title and body of every poll.
    """
    out: list[str] = []
    blank = False
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if not line:
            blank = True
            continue
        if blank and out:
            out.append("")
        out.append(line)
        blank = False
    return "\n".join(out)
