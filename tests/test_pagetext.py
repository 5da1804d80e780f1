"""An article page's main text, and the pages that hold none: consent walls, paywalls, JavaScript shells."""

from __future__ import annotations

import datetime as dt

import pytest
from newspage import STORY, article_page, page

from monitor.cpu import read_page
from monitor.models import Item
from monitor.pagetext import decode_html, is_html, page_text
from monitor.teasers import is_teaser, pages_wanted

ARTICLE = article_page()


def test_the_main_text_is_the_article_without_the_boilerplate() -> None:
    found = page_text(ARTICLE, "text/html; charset=utf-8", "https://news.invalid/a")
    assert found.problem is None
    for paragraph in STORY:
        assert paragraph in found.text
    for boilerplate in ("Accept all", "Most read", "Privacy", "Markets close higher", "World"):
        assert boilerplate not in found.text
    assert "\n\n" in found.text  # paragraphs as the feed text has them


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (
            page(
                "<div id='root'></div><script src='/app.js'></script><script>boot()</script>"
                "<noscript>Please enable JavaScript to read this site.</noscript>"
            ),  # fmt: skip
            "JavaScript",
        ),
        (
            b"<!doctype html><html><body><div class='consent'><h2>Your privacy matters</h2><p>We and our partners"
            b" store cookies and process personal data. Accept all to continue, or manage choices.</p>"
            b"<button>Accept all</button><button>Reject all</button></div></body></html>",
            "consent",
        ),
        (
            page(
                "<article><h1>Rebels advance</h1><p>The alliance said on Monday it had pushed further into the"
                " state.</p><div class='paywall'>Subscribe to continue reading. Already a subscriber? Sign in."
                "</div></article>"
            ),  # fmt: skip
            "paywall",
        ),
        (
            b"<html><body><nav><a href='/'>Home</a></nav><p>Short.</p><footer>(c) 2026</footer></body></html>",
            "no article text",
        ),  # fmt: skip
    ],
    ids=["js-shell", "consent-wall", "paywall", "empty"],
)
def test_pages_without_an_article_say_why(html: bytes, reason: str) -> None:
    found = page_text(html, "text/html", "https://news.invalid/a")
    assert found.text == ""
    assert reason in (found.problem or "")


def test_what_is_not_html_is_refused_by_its_type() -> None:
    assert not is_html("application/pdf") and not is_html("image/png; q=1")
    assert is_html("text/html; charset=latin-1") and is_html("application/xhtml+xml") and is_html(None)
    assert "not an HTML page (application/pdf)" in (page_text(b"%PDF-1.4", "application/pdf", "u").problem or "")


def test_the_charset_comes_from_the_header_then_the_page() -> None:
    latin = "<html><head><meta charset='iso-8859-1'></head><body>Bogotá</body></html>".encode("latin-1")
    assert "Bogotá" in decode_html(latin, "text/html")
    assert "Bogotá" in decode_html("Bogotá".encode("cp1252"), "text/html; charset=windows-1252")
    assert decode_html(b"caf\xc3\xa9", "text/html; charset=no-such-charset") == "café"


def item(text: str, *, title: str = "Rebels take more townships", link: str | None = "https://news.invalid/a") -> Item:
    return Item(
        id="x", feed="Desk", title=title, link=link, published=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), summary=text
    )


def test_a_page_gives_the_article_its_facts_read_from_the_articles_own_text() -> None:
    teaser = item("Fighting spread in the north, the alliance said.")
    found = read_page(ARTICLE, "text/html", "https://news.invalid/a", teaser)
    assert found.status == "full" and found.facts is not None
    assert not found.article.startswith("Rebels take more townships")  # the headline is read once, as the title
    kinds = [kind for kind, *_ in found.facts]
    assert {"count", "statement", "event"} <= set(kinds)
    for _, _, body, _ in found.facts:  # evidence offsets point into the article, the text they were read from
        import json

        fact = json.loads(body)
        text = teaser.title if fact["in_title"] else found.article
        assert text[fact["start"] : fact["end"]] == fact["evidence"]


def test_a_page_that_says_no_more_than_the_feed_leaves_the_item_alone() -> None:
    whole = item("\n\n".join(STORY) + " " + "More detail follows in the report. " * 20)
    found = read_page(ARTICLE, "text/html", "https://news.invalid/a", whole)
    assert (found.status, found.article, found.facts) == ("same", "", None)


def test_teasers_are_short_cut_off_or_wordpress_excerpts() -> None:
    assert is_teaser(item("Fighting spread in the north."))
    long = "The alliance said its forces had advanced. " * 30
    assert not is_teaser(item(long))
    assert is_teaser(item(long + "Read more"))
    assert is_teaser(item(long + "[…]"))
    assert is_teaser(item(long + "The post Rebels advance appeared first on Example News."))


def test_which_pages_are_read() -> None:
    old, new, full, bare = (
        item("teaser").model_copy(update={"id": "old", "published": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)}),
        item("teaser").model_copy(update={"id": "new"}),
        item("A whole article. " * 60).model_copy(update={"id": "full"}),
        item("teaser", link=None).model_copy(update={"id": "bare"}),
    )
    every = [old, new, full, bare]
    assert [i.id for i in pages_wanted(every, "auto", first_poll=False, newest=1)] == ["new", "old"]
    assert [i.id for i in pages_wanted(every, "auto", first_poll=True, newest=1)] == ["new"]
    assert [i.id for i in pages_wanted(every, "always", first_poll=False, newest=1)] == ["new", "full", "old"]
    assert pages_wanted(every, "never", first_poll=False, newest=10) == []
