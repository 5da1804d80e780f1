"""Editing config.toml in place: add or remove a `[[feeds]]` table, nothing else.

A person's config is theirs: comments, blank lines, key order, quoting and line
endings must survive a program touching it. So edits are made on the text, not
by re-serializing a parsed document: `add_feed` appends a table (rendered by
tomlkit, so names and URLs are quoted and escaped correctly) after the last byte
of the file, and `remove_feed` cuts exactly the lines of one table. The two are
inverses: adding a feed and removing it again gives back the file byte for byte.

Every edit is checked before anything is written: the new text must parse to
the same data as the old one plus (or minus) that feed, and must be a valid
config (`monitor.config.parse`). The file is then replaced atomically (a
temporary file in the same folder, then `os.replace`), keeping its permissions,
so a crash or a full disk never leaves half a config behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit

from .config import Config, ConfigError, feed_url_key, parse

__all__ = ["ConfigEditError", "add_feed", "feed_url_key", "remove_feed", "write_atomic"]


class ConfigEditError(ValueError):
    """An edit that was refused; the message says why and what to do instead."""


# --- public API ----------------------------------------------------------------


def add_feed(path: Path, name: str, url: str, interval: int | None = None) -> None:
    """Append a `[[feeds]]` table for this feed at the end of the config file.

    Refuses a name already used (case-insensitive) or a URL already configured
    (compared by `feed_url_key`), naming the feed it duplicates. Everything
    before the new table stays byte for byte as it was.
    """
    if isinstance(interval, bool) or (interval is not None and not isinstance(interval, int)):
        raise ConfigEditError(f"interval must be a whole number of seconds, not {interval!r}")
    path = path.resolve()
    text = _read(path)
    config = _valid(text, path, "the config file is not valid as it is; fix it first")
    for feed in config.feeds:
        if feed.name.casefold() == name.casefold():
            raise ConfigEditError(f"a feed named {feed.name!r} already exists (url {feed.url}); choose another name")
    key = feed_url_key(url, config.base_dir)
    for feed in config.feeds:
        if feed_url_key(feed.url, config.base_dir) == key:
            raise ConfigEditError(f"this url is already configured as feed {feed.name!r} ({feed.url})")
    newline = _newline(text)
    table = _render_table(name, url, interval, newline)
    if text and not text.endswith("\n"):  # the file has no final newline: neither will it after the table
        table = table.removesuffix(newline)
    new_text = text + _separator(text, newline) + table

    new_config = _valid(new_text, path, f"feed {name!r} cannot be added")
    old_data, new_data = tomllib.loads(text), tomllib.loads(new_text)
    added: dict[str, Any] = {"name": name, "url": url} | ({"interval": interval} if interval is not None else {})
    if (
        new_data != {**old_data, "feeds": [*old_data.get("feeds", []), added]}
        or len(new_config.feeds) != len(config.feeds) + 1
    ):
        raise ConfigEditError("cannot append a [[feeds]] table to this file safely; add the feed by hand")
    write_atomic(path, new_text.encode("utf-8"))


def remove_feed(path: Path, name: str) -> None:
    """Remove the `[[feeds]]` table whose name matches (case-insensitive).

    Exactly that table goes: its header, its keys and the blank line that
    separated it from what came before. Comments after its last key (usually
    about the next table, or the end of the file) stay.
    """
    path = path.resolve()
    text = _read(path)
    config = _valid(text, path, "the config file is not valid as it is; fix it first")
    index = next((i for i, feed in enumerate(config.feeds) if feed.name.casefold() == name.casefold()), None)
    if index is None:
        known = ", ".join(repr(feed.name) for feed in config.feeds) or "none"
        raise ConfigEditError(f"no feed named {name!r}; the feeds are: {known}")

    data = tomllib.loads(text)
    tables = _feed_tables(text)
    if len(tables) != len(data.get("feeds", [])):
        raise ConfigEditError("cannot find the [[feeds]] tables in this file safely; remove the feed by hand")
    start, end = tables[index].start, tables[index].end
    chunk = text[start:end]
    trimmed = _without_trailing_trivia(chunk)
    wanted = {"feeds": [data["feeds"][index]]}
    if _loads(trimmed) == wanted:
        end = start + len(trimmed)
    elif _loads(chunk) != wanted:
        raise ConfigEditError(f"cannot cut out feed {name!r} safely; remove it by hand")

    newline = _newline(text)
    before, after = text[:start], text[end:]
    if not after and not text.endswith("\n"):  # the last table of a file without a final newline
        while before.endswith(newline):
            before = before[: -len(newline)]
    elif before.endswith(newline * 2):
        before = before[: -len(newline)]  # the blank line that separated the table
    new_text = before + after

    expected = dict(data)
    feeds = [feed for i, feed in enumerate(data["feeds"]) if i != index]
    if feeds:
        expected["feeds"] = feeds
    else:
        del expected["feeds"]
    if _loads(new_text) != expected:
        raise ConfigEditError(f"cannot cut out feed {name!r} safely; remove it by hand")
    _valid(new_text, path, f"removing feed {name!r} would leave an invalid config")
    write_atomic(path, new_text.encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once: a temporary file in the same folder, then `os.replace`.

    An existing file keeps its permission bits; a new one gets 0644.
    """
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o644
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


# --- text surgery --------------------------------------------------------------


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()  # bytes, not read_text: newlines must not be translated
    except OSError as exc:
        raise ConfigEditError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigEditError(f"{path} is not UTF-8 text; save it as UTF-8 first") from None


def _valid(text: str, path: Path, context: str) -> Config:
    try:
        return parse(text, path)
    except ConfigError as exc:
        fix = f" ({exc.fix})" if exc.fix else ""
        raise ConfigEditError(f"{context}: {exc.problem}{fix}") from None


def _loads(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def _newline(text: str) -> str:
    """The file's line ending: that of its first line (LF for a file with none)."""
    at = text.find("\n")
    return "\r\n" if at > 0 and text[at - 1] == "\r" else "\n"


def _separator(text: str, newline: str) -> str:
    """What goes between the file and an appended table.

    A file ending in a newline gets one blank line; one without gets just the
    newline it lacks (and the table then ends without one, as the file did);
    an empty file nothing. `remove_feed` undoes exactly this.
    """
    return newline if text else ""


def _render_table(name: str, url: str, interval: int | None, newline: str) -> str:
    table = tomlkit.table()
    table.add("name", name)
    table.add("url", url)
    if interval is not None:
        table.add("interval", interval)
    document = tomlkit.document()
    document.add("feeds", tomlkit.aot())
    document["feeds"].append(table)
    rendered = tomlkit.dumps(document).lstrip("\n")
    if not rendered.endswith("\n"):
        rendered += "\n"
    return rendered.replace("\r\n", "\n").replace("\n", newline)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


_HEADER_KEY = re.compile(r"\[\[\s*(?:feeds|\"feeds\"|'feeds')\s*\]\]")


def _feed_tables(text: str) -> list[_Span]:
    """Where each top-level `[[feeds]]` table is: from its header line to the next header (or the end)."""
    headers = _headers(text)
    spans = []
    for number, (start, line) in enumerate(headers):
        if _HEADER_KEY.fullmatch(_strip_comment(line).strip()):
            end = headers[number + 1][0] if number + 1 < len(headers) else len(text)
            spans.append(_Span(start, end))
    return spans


def _strip_comment(line: str) -> str:
    """A header line without its comment (quotes in a header key cannot hold '#' in a feeds header)."""
    return line.split("#", 1)[0]


def _headers(text: str) -> list[tuple[int, str]]:
    """(offset, line) of every table header, skipping anything inside strings and arrays.

    A small TOML scanner: it tracks basic, literal and multi-line strings,
    comments and bracket depth, so a line starting with `[` inside a multi-line
    string or a multi-line array is not taken for a header.
    """
    headers: list[tuple[int, str]] = []
    i, n, depth = 0, len(text), 0
    line_start = True
    while i < n:
        ch = text[i]
        if line_start and depth == 0:
            j = i
            while j < n and text[j] in " \t":
                j += 1
            if j < n and text[j] == "[":
                eol = text.find("\n", j)
                eol = n if eol < 0 else eol + 1
                headers.append((i, text[i:eol]))
                i, line_start = eol, True
                continue
        line_start = False
        if ch == "\n":
            line_start = True
            i += 1
        elif ch == "#":
            eol = text.find("\n", i)
            i = n if eol < 0 else eol
        elif text.startswith('"""', i) or text.startswith("'''", i):
            quote = text[i : i + 3]
            i = _end_of_multiline(text, i + 3, quote)
        elif ch in "\"'":
            i = _end_of_string(text, i + 1, ch)
        else:
            if ch in "[{":
                depth += 1
            elif ch in "]}":
                depth = max(0, depth - 1)
            i += 1
    return headers


def _end_of_string(text: str, i: int, quote: str) -> int:
    while i < len(text) and text[i] != "\n":
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            return i + 1
        i += 1
    return i


def _end_of_multiline(text: str, i: int, quote: str) -> int:
    while i < len(text):
        if quote == '"""' and text[i] == "\\":
            i += 2
            continue
        if text.startswith(quote, i):
            i += 3
            while i < len(text) and text[i] == quote[0]:  # up to two quotes may end the content
                i += 1
            return i
        i += 1
    return i


def _without_trailing_trivia(chunk: str) -> str:
    """The table's text up to the end of its last key: trailing blank and comment lines cut off."""
    lines = re.findall(r"[^\n]*\n|[^\n]+$", chunk)
    while len(lines) > 1 and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    return "".join(lines)
