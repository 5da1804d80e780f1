"""Feed text made plain and safe: HTML to text (both paths agree), escapes and controls stripped."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.text import _CONTROLS, _parsed_html_to_text, _simple_html_to_text, clean_text, html_to_text

WORDS = st.sampled_from(["Taliban", "district", "said", "the", "50", "of", "370", "&amp;", "&lt;", "&quot;",
                         "&#8217;", "&nbsp;", " ", "\n", "  ", "café", "“quoted”", "—"])  # fmt: skip
TAGS = st.sampled_from(["p", "div", "li", "b", "i", "em", "strong", "a", "span", "ul", "h2", "blockquote"])


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 3 and draw(st.booleans()):
            tag = draw(TAGS)
            attrs = draw(st.sampled_from(["", ' href="https://x.invalid/a?b=1&amp;c=2"', ' class="lead"']))
            parts.append(f"<{tag}{attrs}>{draw(fragments(depth + 1))}</{tag}>")
        elif draw(st.integers(0, 5)) == 0:
            parts.append(draw(st.sampled_from(["<br>", "<br/>", "<BR />", '<img src="/a.png" alt="x">', "<IMG/>"])))
        else:
            parts.append("".join(draw(st.lists(WORDS, max_size=6))))
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(fragments())
def test_the_fast_path_agrees_with_the_html_parser(html: str) -> None:
    fast = _simple_html_to_text(html)
    if fast is not None:  # it declines what only an HTML parser can untangle
        assert fast == _parsed_html_to_text(html)


@pytest.mark.parametrize(
    "html",
    [
        "<p>The Taliban now hold <b>more than 50</b> of 370 districts, the envoy said.</p><p>Talks stalled.</p>",
        '<p><a href="https://x.invalid/a?b=1&amp;c=2">Read</a> more &#8230;</p>',
        "<div><p>One</p><ul><li>a</li><li><em>b</em></li></ul></div>",
        "Text<br/>with a break",
        '<p><img src="/a.png" alt="Map"/>Caption, &amp; more</p><p><a href="/x"><img src="/b.png"></a> Text</p>',
    ],
)
def test_ordinary_descriptions_take_the_fast_path(html: str) -> None:
    assert _simple_html_to_text(html) == _parsed_html_to_text(html)


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>First <b>paragraph</b> &amp; more.</p><p>Second.</p>", "First paragraph & more.\n\nSecond."),
        ("Line one<br>line two", "Line one\nline two"),
        ("<ul><li>a</li><li>b</li></ul>", "a\n\nb"),
        ("<p>x</p><script>alert(1)</script><p>y</p>", "x\n\ny"),
        ("<style>p {color: red}</style>Body", "Body"),
        ("<!-- hidden --><p>shown</p>", "shown"),
        ('<a title="a>b">link</a> text', "link text"),
        ("5 > 3 and 2 < 4", "5 > 3 and 2 < 4"),
        ("<p>unclosed <b>bold", "unclosed bold"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "ab\n\nc"),
        ("plain text, no markup", "plain text, no markup"),
        ("<ul><img src=a.png><li>x</li></ul>", "x"),
        ("<noscript><style>p {}</style>Enable JS</noscript><p>Body</p>", "Enable JS\n\nBody"),
        ("<p>x</p><noscript><style>p {}</style><p>n</p></noscript><p>y</p>", "x\n\ny"),
        (
            "<div><p>a<br>b</p><blockquote><h2>q</h2></blockquote></div><table><tr><td>c</td></tr></table>",
            "a\nb\n\nq\n\nc",
        ),
        ("<template><p>hidden</p></template><p>Body</p><script>a<b</script>", "Body"),
        (
            "Caf\u00e9 \u201cq\u201d\x85 \u65e5\u672c<br>next\x00 line",
            "Caf\u00e9 \u201cq\u201d \u65e5\u672c\nnext line",
        ),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_clean_text_strips_escape_sequences_and_controls() -> None:
    hostile = "a\x1b[2Jb\x1b]0;title\x07c\x1b]8;;https://x.invalid\x1b\\d\x00e\x9b31mf\r\ng\tX"
    assert clean_text(hostile) == "abcdef\ng\tX"


@pytest.mark.parametrize("text", ["red \x9b31mALERT\x9b0m", "caf\u00e9 \x9b1;31mALERT\x9b0m"])  # ASCII or not
def test_clean_text_strips_the_8_bit_csi_with_its_parameters(text: str) -> None:
    """Guards the planted bug "the 8-bit CSI (0x9b) is not stripped".

    Deleting the lone C1 character is not enough: its parameters ("31m") would be left in the text.
    """
    assert clean_text(text) == text.split(" ")[0] + " ALERT"


def test_clean_text_drops_the_same_characters_whatever_the_script() -> None:
    """ASCII text goes through the `str.translate` table, any other through a regex: the two must agree."""
    every = "".join(map(chr, range(0x3000)))
    assert clean_text(every) == every.replace("\r", "\n").translate(_CONTROLS)
    ascii_only = "".join(map(chr, range(0x80)))
    assert clean_text(ascii_only) == ascii_only.replace("\r", "\n").translate(_CONTROLS)
