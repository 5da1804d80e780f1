"""Editing config.toml: feeds added and removed with every other byte left alone."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from monitor import config as cfg
from monitor.configfile import ConfigEditError, add_feed, feed_url_key, remove_feed, write_atomic

ROOT = Path(__file__).resolve().parent.parent

ONE_FEED = '[monitor]\ninterval = 900\n\n[[feeds]]\nname = "UN News"\nurl = "https://news.un.org/feed/rss.xml"\n'

FILES = {
    "repository config": (ROOT / "config.toml").read_text(encoding="utf-8"),
    "one feed": ONE_FEED,
    "crlf": ONE_FEED.replace("\n", "\r\n"),
    "no trailing newline": ONE_FEED.rstrip("\n"),
    "crlf, no trailing newline": ONE_FEED.rstrip("\n").replace("\n", "\r\n"),
    "comments after the last table": ONE_FEED + "interval = 600 # a comment\n\n# more feeds to come\n# ...\n",
    "comment, no trailing newline": ONE_FEED + "\n# the end",
    "no feeds": "# monitor\n[monitor]\ninterval = 900\n",
    "no feeds, no trailing newline": "[monitor]\ninterval = 900",
    "trailing blank lines": ONE_FEED + "\n\n\n",
    "empty": "",
    "only a comment": "# nothing yet",
    "tables after the feeds": ONE_FEED
    + '\n[[feeds]]\nname = "B"\nurl = "https://b.example/"\n\n[fetch]\ntimeout = 30\n',
    "indented and commented headers": ONE_FEED.replace("[[feeds]]", "  [[ feeds ]]   # first"),
}


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "config.toml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


@pytest.mark.parametrize("name", FILES)
def test_add_then_remove_gives_back_the_same_bytes(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, FILES[name])
    before = path.read_bytes()
    add_feed(path, 'Added & <odd> "name" ü', "https://added.example/feed.xml?a=1&b=2", interval=600)
    added = path.read_bytes()
    assert added.startswith(before), "bytes before the new table must be untouched"
    feeds = cfg.load(path).feeds
    assert (feeds[-1].name, feeds[-1].url, feeds[-1].interval) == (
        'Added & <odd> "name" ü',
        "https://added.example/feed.xml?a=1&b=2",
        600,
    )
    remove_feed(path, 'ADDED & <ODD> "NAME" Ü')
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", ["crlf", "crlf, no trailing newline"])
def test_added_table_keeps_the_files_line_endings(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, FILES[name])
    before = path.read_bytes()
    add_feed(path, "New", "https://new.example/rss")
    tail = path.read_bytes()[len(before) :]
    assert tail.count(b"\n") == tail.count(b"\r\n") > 0
    final = b"\r\n" if name == "crlf" else b""  # a file without a final newline stays without one
    assert tail.endswith(b'url = "https://new.example/rss"' + final)


def test_added_table_is_separated_by_a_blank_line(tmp_path: Path) -> None:
    path = write(tmp_path, ONE_FEED)
    add_feed(path, "New", "https://new.example/rss")
    assert path.read_text(encoding="utf-8") == ONE_FEED + '\n[[feeds]]\nname = "New"\nurl = "https://new.example/rss"\n'


def test_repository_config_gains_a_feed_it_can_load(tmp_path: Path) -> None:
    path = write(tmp_path, FILES["repository config"])
    add_feed(
        path, "UN News: Asia Pacific", "https://news.un.org/feed/subscribe/en/news/region/asia-pacific/feed/rss.xml"
    )
    config = cfg.load(path)
    assert [f.name for f in config.feeds][-1] == "UN News: Asia Pacific"
    assert config.monitor.as_of is not None  # everything else still read


@pytest.mark.parametrize(
    ("name", "url", "problem"),
    [
        ("un news", "https://other.example/", "a feed named 'UN News' already exists"),
        ("Other", "HTTPS://NEWS.UN.ORG/feed/rss.xml/", "already configured as feed 'UN News'"),
        ("Other", "https://news.un.org:443/feed/rss.xml#top", "already configured as feed 'UN News'"),
        ("Other", "ftp://x.example/feed", "cannot be added: 'ftp://x.example/feed' is not an http, https or file URL"),
        ("Bad\nname", "https://other.example/", "printable"),
        (" padded", "https://other.example/", "printable"),
        ("x" * 81, "https://other.example/", "cannot be added"),
    ],
)
def test_bad_or_duplicate_feeds_are_refused_and_the_file_is_untouched(
    tmp_path: Path, name: str, url: str, problem: str
) -> None:
    path = write(tmp_path, ONE_FEED)
    with pytest.raises(ConfigEditError) as caught:
        add_feed(path, name, url)
    assert problem in str(caught.value)
    assert path.read_text(encoding="utf-8") == ONE_FEED


@pytest.mark.parametrize("interval", [10, True, "600"])
def test_bad_interval_is_refused(tmp_path: Path, interval: object) -> None:
    path = write(tmp_path, ONE_FEED)
    with pytest.raises(ConfigEditError):
        add_feed(path, "New", "https://new.example/", interval=interval)  # type: ignore[arg-type]
    assert path.read_text(encoding="utf-8") == ONE_FEED


def test_duplicate_file_urls_are_compared_as_paths(tmp_path: Path) -> None:
    path = write(tmp_path, '[[feeds]]\nname = "Local"\nurl = "file:feeds/a.xml"\n')
    with pytest.raises(ConfigEditError, match="already configured as feed 'Local'"):
        add_feed(path, "Again", f"file://{tmp_path}/feeds/./a.xml")


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("HTTPS://Example.ORG/feed/", "https://example.org/feed"),
        ("http://example.org:80/feed?x=1#frag", "http://example.org/feed?x=1"),
        ("https://example.org", "https://example.org"),
        ("https://example.org:8443/Feed", "https://example.org:8443/Feed"),
    ],
)
def test_feed_url_key(url: str, key: str) -> None:
    assert feed_url_key(url, Path("/")) == key


def test_invalid_config_is_not_edited(tmp_path: Path) -> None:
    path = write(tmp_path, "[monitor]\nintervall = 900\n")
    with pytest.raises(ConfigEditError, match="not valid as it is.*unknown key 'intervall'"):
        add_feed(path, "New", "https://new.example/")


def test_remove_unknown_feed_lists_the_known_ones(tmp_path: Path) -> None:
    path = write(tmp_path, FILES["tables after the feeds"])
    with pytest.raises(ConfigEditError, match="no feed named 'Nope'; the feeds are: 'UN News', 'B'"):
        remove_feed(path, "Nope")


MIDDLE = """\
# my feeds
[[feeds]]
name = "A"
url = "https://a.example/"

# B is noisy
[[feeds]]
name = "B"   # the second
url = "https://b.example/"
interval = 600
# comment about C
[[feeds]]
name = "C"
url = "https://c.example/"
"""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "A",
            '# my feeds\n\n# B is noisy\n[[feeds]]\nname = "B"   # the second\nurl = "https://b.example/"\n'
            'interval = 600\n# comment about C\n[[feeds]]\nname = "C"\nurl = "https://c.example/"\n',
        ),
        (
            "b",
            '# my feeds\n[[feeds]]\nname = "A"\nurl = "https://a.example/"\n\n# B is noisy\n'
            '# comment about C\n[[feeds]]\nname = "C"\nurl = "https://c.example/"\n',
        ),
        (
            "C",
            '# my feeds\n[[feeds]]\nname = "A"\nurl = "https://a.example/"\n\n# B is noisy\n[[feeds]]\n'
            'name = "B"   # the second\nurl = "https://b.example/"\ninterval = 600\n# comment about C\n',
        ),
    ],
)
def test_remove_cuts_exactly_one_table(tmp_path: Path, name: str, expected: str) -> None:
    path = write(tmp_path, MIDDLE)
    remove_feed(path, name)
    assert path.read_text(encoding="utf-8") == expected


def test_remove_the_only_feed(tmp_path: Path) -> None:
    path = write(tmp_path, ONE_FEED)
    remove_feed(path, "UN News")
    assert path.read_text(encoding="utf-8") == "[monitor]\ninterval = 900\n"
    assert cfg.load(path).feeds == []


def test_table_headers_inside_strings_are_not_tables(tmp_path: Path) -> None:
    decoy = (
        '[storage]\npath = """\n[[feeds]]\nname = "Decoy"\n"""\n\n'
        '[[feeds]]\nname = "Real"\nurl = "https://real.example/"\n\n'
        "[[feeds]]\nname = \"Other\"\nurl = 'https://other.example/[[feeds]]'\n"
    )
    path = write(tmp_path, decoy)
    with pytest.raises(ConfigEditError, match="no feed named 'Decoy'"):
        remove_feed(path, "Decoy")
    remove_feed(path, "Real")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["storage"]["path"].startswith("[[feeds]]")
    assert [f["name"] for f in data["feeds"]] == ["Other"]


def test_inline_feeds_array_is_refused_not_mangled(tmp_path: Path) -> None:
    text = 'feeds = [{ name = "A", url = "https://a.example/" }]\n'
    path = write(tmp_path, text)
    with pytest.raises(ConfigEditError):
        add_feed(path, "B", "https://b.example/")
    with pytest.raises(ConfigEditError, match="by hand"):
        remove_feed(path, "A")
    assert path.read_text(encoding="utf-8") == text


def test_edits_keep_permissions_and_leave_no_temporary_files(tmp_path: Path) -> None:
    path = write(tmp_path, ONE_FEED)
    os.chmod(path, 0o600)
    add_feed(path, "New", "https://new.example/")
    remove_feed(path, "New")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]


def test_edits_through_a_symlink_change_the_target(tmp_path: Path) -> None:
    target = write(tmp_path, ONE_FEED)
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    add_feed(link, "New", "https://new.example/")
    assert link.is_symlink()
    assert "New" in [f.name for f in cfg.load(target).feeds]


def test_write_atomic_replaces_content(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    write_atomic(path, b"one\r\n")
    write_atomic(path, b"two\r\n")
    assert path.read_bytes() == b"two\r\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_missing_or_non_utf8_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigEditError, match="cannot read"):
        add_feed(tmp_path / "missing.toml", "New", "https://new.example/")
    path = write(tmp_path, b"# caf\xe9\n")
    with pytest.raises(ConfigEditError, match="not UTF-8"):
        add_feed(path, "New", "https://new.example/")
