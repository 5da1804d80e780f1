"""A news article as sites serve it, for the full-text tests: boilerplate around a story we wrote."""

from __future__ import annotations

STORY = [
    "Rebel fighters now hold 14 of the 17 townships in the northern state, a spokesman for the alliance said on"
    " Monday.",
    "“We will not stop until the junta leaves the region,” said Khaing Thu Kha, the group's spokesman.",
    "Talks between the two sides are due to resume in Kunming on Thursday, according to officials.",
    "Residents described days of shelling before the army withdrew from the last of its bases in the area.",
]
"""Paragraphs holding a control count, a quoted statement and a dated event (published Monday 2026-03-02)."""
TITLE = "Rebels take more townships"
TEASER = "Fighting spread across the north of the state, residents said."
PUBLISHED = "Mon, 02 Mar 2026 09:00:00 GMT"


def page(body: str) -> bytes:
    """A page as sites build them: navigation, a cookie banner, the body, a sidebar, a footer."""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Story</title></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/asia">Asia</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button>
<button>Manage choices</button></div>
{body}
<aside><h3>Most read</h3><ol><li><a href="/a">Markets close higher</a></li><li><a href="/b">Storm warning</a></li>
</ol></aside><footer><a href="/privacy">Privacy</a> <a href="/terms">Terms</a> © 2026 Example News</footer>
</body></html>""".encode()


def article_page(paragraphs: list[str] = STORY, title: str = TITLE) -> bytes:
    return page(
        f"<article><h1>{title}</h1><p class='byline'>By A. Writer</p>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "<figure><img src='a.jpg'><figcaption>Smoke over the town last week.</figcaption></figure></article>"
    )


def feed(*items: tuple[str, str | None, str], content: str | None = None) -> bytes:
    """RSS with (guid, link, title) items: a one-line teaser each, or `content` as the whole article."""
    body = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
    entries = "".join(
        f"<item><title>{title}</title>{f'<link>{link}</link>' if link else ''}<guid isPermaLink='false'>{guid}</guid>"
        f"<pubDate>{PUBLISHED}</pubDate><description>{TEASER}</description>{body}</item>"
        for guid, link, title in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Desk</title>'
        f"<link>https://news.invalid/</link><description>d</description>{entries}</channel></rss>"
    ).encode()
