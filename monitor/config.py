"""config.toml: pydantic models, discovery, and errors a person can act on.

The file is read with tomllib and validated strictly (unknown keys are errors,
because a typo that silently falls back to a default is the worst kind of
mistake in a tool people leave running). Every failure becomes a `ConfigError`
naming the file, the line where it can be found, the key, what is wrong and how
to fix it; the CLI prints it and exits 2.

Discovery order: `--config PATH`, `$MONITOR_CONFIG`, `./config.toml`, then the
user config directory (`platformdirs.user_config_dir("monitor")`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import shlex
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from .alerts import AlertRules
from .keymap import check_keys
from .situation import actor_key, alias_map

__all__ = [
    "CONFIG_ENV",
    "AlertsConfig",
    "Config",
    "ConfigError",
    "ConfigNotFound",
    "FeedConfig",
    "FetchConfig",
    "MonitorConfig",
    "StorageConfig",
    "TEXTUAL_THEMES",
    "default_db_path",
    "discover",
    "feed_url_key",
    "load",
]

CONFIG_ENV = "MONITOR_CONFIG"
URL_SCHEMES = ("http", "https", "file")
FullText = Literal["auto", "always", "never"]
"""Whether to fetch the page behind an item's link: only for teasers, for every item, or never."""

TEXTUAL_THEMES: tuple[str, ...] = (
    "textual-dark",
    "textual-light",
    "nord",
    "gruvbox",
    "catppuccin-mocha",
    "dracula",
    "tokyo-night",
    "monokai",
    "flexoki",
    "catppuccin-latte",
    "catppuccin-frappe",
    "catppuccin-macchiato",
    "solarized-light",
    "solarized-dark",
    "rose-pine",
    "rose-pine-moon",
    "rose-pine-dawn",
    "atom-one-dark",
    "atom-one-light",
    "ansi-dark",
    "ansi-light",
)
"""Textual 8.2.8's built-in themes (`textual.theme.BUILTIN_THEMES`), the names `[monitor] theme` takes.

A copy, because the core never imports Textual; tests/test_keymap.py compares it with Textual's own."""


def default_db_path() -> Path:
    """The SQLite file when `[storage] path` is not set: the platform's user data dir."""
    return Path(platformdirs.user_data_dir("monitor")) / "monitor.sqlite3"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FeedConfig(_Strict):
    """One `[[feeds]]` table."""

    name: str = Field(min_length=1, max_length=80)
    """Shown in the panes and used as the feed's identity in the store."""
    url: str
    """http(s) URL, or a `file:` URL; a relative `file:` path is resolved against the config file."""
    interval: int | None = Field(default=None, ge=30, le=7 * 86400)
    """Seconds between polls of this feed; `[monitor] interval` when not set."""
    fulltext: FullText | None = None
    """Read the article behind each item's link; `[fetch] fulltext` when not set."""

    @field_validator("name")
    @classmethod
    def _name_is_printable(cls, value: str) -> str:
        if value != value.strip() or any(not ch.isprintable() for ch in value):
            raise ValueError("must be printable text without leading or trailing spaces")
        return value

    @field_validator("url")
    @classmethod
    def _url_is_fetchable(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in URL_SCHEMES:
            raise ValueError(f"{value!r} is not an http, https or file URL")
        if parts.scheme in ("http", "https") and not parts.hostname:
            raise ValueError(f"{value!r} has no host name")
        if parts.scheme == "file" and not (parts.path or parts.netloc):
            raise ValueError(f"{value!r} names no file")
        return value


class MonitorConfig(_Strict):
    """The `[monitor]` table: behaviour of the app as a whole."""

    interval: int = Field(default=900, ge=30, le=7 * 86400)
    """Default seconds between polls of a feed."""
    as_of: dt.datetime | None = None
    """Replay: treat this moment as now; items published later are not shown."""
    theme: str | None = Field(default=None, min_length=1, max_length=60)
    """A Textual theme name such as "textual-dark" or "nord" (Ctrl+P → Change theme lists them)."""

    @field_validator("theme")
    @classmethod
    def _known_theme(cls, value: str | None) -> str | None:
        if value is not None and value not in TEXTUAL_THEMES:
            close = difflib.get_close_matches(value.lower(), TEXTUAL_THEMES, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise _Problem(f"unknown theme {value!r}", hint + "Textual's themes: " + ", ".join(TEXTUAL_THEMES))
        return value

    @field_validator("as_of")
    @classmethod
    def _aware(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value


class StorageConfig(_Strict):
    """The `[storage]` table."""

    path: Path | None = None
    """SQLite file; relative paths are resolved against the config file's directory."""
    retention_days: int = Field(default=0, ge=0, le=36500)
    """Forget items that arrived more than this many days ago; 0 keeps everything (trends need history)."""
    url: str | None = None
    """A PostgreSQL database a team shares (`postgresql://user@host:port/db`); instead of `path`."""
    lease_seconds: int = Field(default=300, ge=5, le=86400)
    """How long a `monitor serve` poller holds a feed: another takes it over this long after it died."""

    @field_validator("url")
    @classmethod
    def _postgres(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("postgresql://", "postgres://")):
            raise _Problem(
                f"storage url {value!r} is not a PostgreSQL URL",
                'write it as "postgresql://user@host:5432/monitor", or remove url to keep the SQLite file',
            )
        return value

    @model_validator(mode="after")
    def _one_store(self) -> StorageConfig:
        if self.url is not None and self.path is not None:
            raise _Problem(
                "[storage] sets both path (a SQLite file) and url (a PostgreSQL database)",
                "keep one: url for a store the team shares, path for this machine's own file",
                loc=("storage", "url"),
            )
        return self


class FetchConfig(_Strict):
    """The `[fetch]` table: how politely and how long to wait on servers."""

    timeout: float = Field(default=45.0, gt=0, le=600)
    """Seconds a whole request (connect, headers and body) may take."""
    max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    """Largest body read from a feed; larger ones are cut off and the feed marked failing."""
    max_connections: int = Field(default=16, ge=1, le=256)
    per_host: int = Field(default=4, ge=1, le=64)
    fulltext: FullText = "auto"
    """Default for feeds without their own `fulltext`: "auto" reads the linked page when an item is a teaser."""
    first_poll_pages: int = Field(default=10, ge=0, le=1000)
    """On a feed's first poll, the pages of only its newest this many items are read; older ones when opened."""


class AlertsConfig(_Strict):
    """The `[alerts]` table: what new facts should interrupt the user."""

    words: list[str] = Field(default_factory=list)
    """Words or phrases; a new item mentioning one (title or text, any case) alerts."""
    actors: list[str] = Field(default_factory=list)
    """A new control claim about one of these actors alerts."""
    speakers: list[str] = Field(default_factory=list)
    """A new statement by one of these speakers alerts; they are also highlighted in Statements."""
    command: str | None = None
    """Run for each alert with the alert as JSON on standard input (no shell; split like one)."""
    bell: bool = True
    """Ring the terminal bell on an alert."""

    @field_validator("words", "actors", "speakers")
    @classmethod
    def _no_blank_entries(cls, value: list[str]) -> list[str]:
        if any(not entry.strip() for entry in value):
            raise ValueError("contains an empty entry")
        return value

    @field_validator("command")
    @classmethod
    def _command_splits(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                if not shlex.split(value):
                    return None
            except ValueError as exc:
                raise ValueError(f"cannot be split into words: {exc}") from None
        return value

    def rules(self, aliases: Mapping[str, str] | None = None) -> AlertRules:
        """The rules to match with; `aliases` is `Config.actor_aliases`, so watched actors match their other names."""
        return AlertRules(tuple(self.words), tuple(self.actors), tuple(self.speakers), dict(aliases or {}))


class Config(_Strict):
    """The whole file, plus where it came from."""

    monitor: MonitorConfig = MonitorConfig()
    storage: StorageConfig = StorageConfig()
    fetch: FetchConfig = FetchConfig()
    alerts: AlertsConfig = AlertsConfig()
    keys: dict[str, str] = Field(default_factory=dict)
    """Binding id → key(s), e.g. `"app.refresh" = "f5"`; `?` lists every id."""
    actors: dict[str, list[str]] = Field(default_factory=dict)
    """Canonical actor name → the other names articles use for it, e.g. `"Rapid Support Forces" = ["RSF"]`."""
    feeds: list[FeedConfig] = Field(default_factory=list)
    source: Path | None = Field(default=None, exclude=True)
    """The file this config was read from (not a key in the file)."""

    @field_validator("keys")
    @classmethod
    def _keys_textual_can_bind(cls, value: dict[str, str]) -> dict[str, str]:
        """Known ids, key names Textual can report, and no key taken from another binding (`keymap.check_keys`)."""
        problem = check_keys(value)
        if problem is not None:
            raise _Problem(problem.problem, problem.fix, loc=("keys", problem.binding_id))
        return value

    @field_validator("actors")
    @classmethod
    def _one_name_per_alias(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        owners: dict[str, str] = {}  # actor_key of every name seen so far → the canonical name it belongs to
        for name, aliases in value.items():
            if not name.strip():
                raise _ActorProblem(name, None, "an actor's name is empty", _ACTORS_FIX)
            if name != name.strip() or any(not ch.isprintable() for ch in name):
                problem = f"actor name {name!r} must be printable text without leading or trailing spaces"
                raise _ActorProblem(name, None, problem, 'write the name as shown, e.g. "Rapid Support Forces"')
            owner = owners.setdefault(actor_key(name), name)
            if owner != name:
                fix = f"make it one entry: list every other name under {owner!r}, or under {name!r} alone"
                raise _ActorProblem(name, None, f"actor {name!r} is already a name of {owner!r}", fix)
            for index, alias in enumerate(aliases):
                if not alias.strip():
                    raise _ActorProblem(name, index, f"alias #{index + 1} of {name!r} is empty", "remove it")
                owner = owners.setdefault(actor_key(alias), name)
                if owner != name:
                    problem = f"alias {alias!r} is given to two actors, {owner!r} and {name!r}"
                    fix = f"keep {alias!r} under one actor only: remove it from {name!r} or from {owner!r}"
                    raise _ActorProblem(name, index, problem, fix)
        return value

    @model_validator(mode="after")
    def _unique_feeds(self, info: ValidationInfo) -> Config:
        """One table per feed: names compared case-insensitively, URLs as `feed_url_key` compares them
        (what `monitor feeds add` refuses), `file:` paths resolved against the config's folder."""
        base_dir = (info.context or {}).get("base_dir") or Path.cwd()
        names: dict[str, int] = {}
        urls: dict[str, int] = {}
        for index, feed in enumerate(self.feeds):
            key = feed.name.casefold()
            if key in names:
                raise _DuplicateFeed(index, feed.name, names[key])
            names[key] = index
            url = feed_url_key(feed.url, base_dir)
            if url in urls:
                first = self.feeds[urls[url]]
                same = "" if first.url == feed.url else f" ({first.url})"
                raise _Problem(
                    f"duplicate feed url {feed.url!r}: feed #{urls[url] + 1} {first.name!r} has it already{same}",
                    f"keep one [[feeds]] table per url: remove this one, or the one named {first.name!r}",
                    loc=("feeds", index, "url"),
                )
            urls[url] = index
        return self

    @property
    def base_dir(self) -> Path:
        """Directory relative paths and `file:` URLs are resolved against."""
        return self.source.parent if self.source else Path.cwd()

    @property
    def db_path(self) -> Path:
        path = self.storage.path
        if path is None:
            return default_db_path()
        path = path.expanduser()
        return path if path.is_absolute() else self.base_dir / path

    @property
    def store_location(self) -> str:
        """Where the store is, as `open_store` takes it: the PostgreSQL URL, else the SQLite file."""
        return self.storage.url or str(self.db_path)

    @property
    def actor_aliases(self) -> dict[str, str]:
        """`[actors]` as the alias map that Control rows and alerts take (`situation.alias_map`)."""
        return alias_map(self.actors)

    def interval_of(self, feed: FeedConfig) -> int:
        return feed.interval if feed.interval is not None else self.monitor.interval

    def fulltext_of(self, feed: FeedConfig) -> FullText:
        return feed.fulltext if feed.fulltext is not None else self.fetch.fulltext


def feed_url_key(url: str, base_dir: Path) -> str:
    """What makes two feed URLs the same: scheme and host in lower case, no default port,
    no trailing slash, no fragment; `file:` paths resolved against `base_dir`."""
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file":
        from .fetch import normalize_url  # only for file: URLs: config loading stays free of httpx otherwise

        return normalize_url(url, base_dir).rstrip("/")
    netloc = parts.netloc.lower()
    default_port = {"http": ":80", "https": ":443"}.get(scheme)
    if default_port and netloc.endswith(default_port):
        netloc = netloc.removesuffix(default_port)
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), parts.query, ""))


class _Problem(ValueError):
    """A value that cannot be used, with its fix; `loc` points at the key to blame when it is not the one validated."""

    def __init__(self, problem: str, fix: str, *, loc: tuple[int | str, ...] | None = None) -> None:
        super().__init__(problem)
        self.problem, self.fix, self.loc = problem, fix, loc


class _DuplicateFeed(ValueError):
    def __init__(self, index: int, name: str, first: int) -> None:
        super().__init__(f"duplicate feed name {name!r}")
        self.index, self.name, self.first = index, name, first


class _ActorProblem(ValueError):
    """An `[actors]` entry that cannot be used: the canonical name, and which alias (None: the name itself)."""

    def __init__(self, name: str, alias: int | None, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.name, self.alias, self.problem, self.fix = name, alias, problem, fix


class ConfigError(Exception):
    """A config that cannot be used, described so a person can fix it."""

    def __init__(
        self,
        path: Path | None,
        problem: str,
        *,
        line: int | None = None,
        key: str | None = None,
        fix: str | None = None,
    ) -> None:
        super().__init__(problem)
        self.path, self.problem, self.line, self.key, self.fix = path, problem, line, key, fix

    def __str__(self) -> str:
        where = str(self.path) if self.path else "config"
        if self.line is not None:
            where += f":{self.line}"
        lines = [f"{where}: {self.problem}"]
        if self.key:
            lines.append(f"  key: {self.key}")
        if self.fix:
            lines.append(f"  fix: {self.fix}")
        return "\n".join(lines)


class ConfigNotFound(ConfigError):
    """No config file where monitor looked: not an invalid config, a missing one."""

    def __init__(self, problem: str, looked_in: Sequence[tuple[Path, str]], *, fix: str) -> None:
        super().__init__(looked_in[0][0] if len(looked_in) == 1 else None, problem, fix=fix)
        self.looked_in = [(path.absolute(), why) for path, why in looked_in]

    def __str__(self) -> str:
        lines = [self.problem]
        if len(self.looked_in) == 1:
            lines.append("  looked in: {}  ({})".format(*self.looked_in[0]))
        else:
            lines += ["  looked in:", *(f"    {path}  ({why})" for path, why in self.looked_in)]
        if self.fix:
            lines.append(f"  fix: {self.fix}")
        return "\n".join(lines)


def discover(explicit: Path | None = None, *, cwd: Path | None = None, env: dict[str, str] | None = None) -> Path:
    """Find the config file to use, in the documented order."""
    env = dict(os.environ) if env is None else env
    if explicit is not None:
        if not explicit.is_file():
            what = "a folder, not a file" if explicit.is_dir() else "no such file"
            raise ConfigNotFound(what, [(explicit, "--config")], fix="check the path given to --config")
        return explicit
    if value := env.get(CONFIG_ENV):
        path = Path(value).expanduser()
        if not path.is_file():
            raise ConfigNotFound("no such file", [(path, f"${CONFIG_ENV}")], fix=f"fix or unset {CONFIG_ENV}")
        return path
    candidates = [
        ((cwd or Path.cwd()) / "config.toml", "the current folder"),
        (Path(platformdirs.user_config_dir("monitor")) / "config.toml", "the user config directory"),
    ]
    for path, _ in candidates:
        if path.is_file():
            return path
    raise ConfigNotFound(
        "no config.toml found",
        candidates,
        fix="run monitor from the project folder (it ships a demo config.toml), create one in either place, "
        "or pass --config PATH",
    )


def load(path: Path) -> Config:
    """Read and validate one config file; raise `ConfigError` on any problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigNotFound("no such file", [(path, "the config file")], fix="check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"cannot read the file: {exc}", fix="save it as UTF-8 text") from None
    return parse(text, path)


def parse(text: str, path: Path | None = None) -> Config:
    """Validate config text; `path` is only used in messages and for relative paths."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(found.group(1)) if found else None
        if line is None and "end of document" in message:  # an unclosed quote or bracket: its line is the last one
            line = next((n for n, raw in reversed(list(enumerate(text.splitlines(), 1))) if raw.strip()), None)
        raise ConfigError(
            path,
            "not valid TOML: " + re.sub(r"\s*\((?:at line \d+, column \d+|at end of document)\)", "", message),
            line=line,
            fix='check quotes, brackets and "key = value" syntax on that line',
        ) from None
    source = path.resolve() if path else None
    try:
        config = Config.model_validate(data, context={"base_dir": source.parent if source else Path.cwd()})
    except ValidationError as exc:
        raise _explain(exc, data, text, path) from None
    return config.model_copy(update={"source": source})


def _explain(exc: ValidationError, data: dict[str, Any], text: str, path: Path | None) -> ConfigError:
    """Turn pydantic's first error into file, line, key, problem and fix."""
    error = exc.errors()[0]
    loc: Sequence[int | str] = tuple(error["loc"])
    ctx_error = (error.get("ctx") or {}).get("error")
    if isinstance(ctx_error, _DuplicateFeed):
        loc = ("feeds", ctx_error.index, "name")
        return ConfigError(
            path,
            f"duplicate feed name {ctx_error.name!r} (also feed #{ctx_error.first + 1})",
            line=_locate(text, loc),
            key=_dotted(loc),
            fix="give every [[feeds]] table its own name",
        )
    if isinstance(ctx_error, _Problem):
        loc = ctx_error.loc or loc
        return ConfigError(path, ctx_error.problem, line=_locate(text, loc), key=_dotted(loc), fix=ctx_error.fix)
    if isinstance(ctx_error, _ActorProblem):
        loc = ("actors", ctx_error.name)
        shown = (*loc, ctx_error.alias) if ctx_error.alias is not None else loc
        return ConfigError(path, ctx_error.problem, line=_locate(text, loc), key=_dotted(shown), fix=ctx_error.fix)
    kind = error["type"]
    key = _dotted(loc)
    line = _locate(text, loc)
    if kind == "extra_forbidden":
        field = str(loc[-1])
        known = _known_keys(loc[:-1])
        close = difflib.get_close_matches(field, known, n=1)
        fix = f"did you mean {close[0]!r}?" if close else "remove it or correct its spelling."
        return ConfigError(
            path,
            f"unknown key {field!r}",
            line=line,
            key=key,
            fix=fix + (f" Known keys here: {', '.join(sorted(known))}" if known else ""),
        )
    if kind == "missing":
        return ConfigError(path, f"required key {loc[-1]!r} is missing", line=line, key=key, fix=f"add {loc[-1]} = ...")
    message = error["msg"].removeprefix("Value error, ")
    got = error.get("input")
    problem = f"{message} (got {got!r})" if not isinstance(got, dict | list) else message
    field = next((str(part) for part in reversed(loc) if isinstance(part, str)), "")
    fix = _ACTORS_FIX if loc[:1] == ("actors",) else _FIXES.get(field, "see config.toml comments")
    return ConfigError(path, problem, line=line, key=key, fix=fix)


_ACTORS_FIX = 'map a name to a list of its other names, e.g. "Rapid Support Forces" = ["RSF"], under [actors]'


_FIXES = {
    "url": 'use a full URL such as "https://example.org/feed.xml" or "file:path/to/feed.xml"',
    "interval": "use a whole number of seconds between 30 and 604800",
    "as_of": "use a TOML date-time such as 2021-06-24T09:00:00Z, or remove the line",
    "theme": 'use a theme name such as "textual-dark", or remove the line',
    "name": 'use a short name such as "UN News"',
    "path": 'use a file path such as "~/monitor.sqlite3"',
    "retention_days": "use a whole number of days, or 0 to keep everything",
    "words": 'use a list of strings, e.g. words = ["Kunduz", "provincial capital"]',
    "actors": 'use a list of strings, e.g. actors = ["Taliban"]',
    "speakers": 'use a list of strings, e.g. speakers = ["Deborah Lyons"]',
    "command": 'use a command line such as "notify-send monitor", or remove the line',
    "bell": "use true or false",
    "fulltext": 'use "auto" (read the linked page when an item is only a teaser), "always" or "never"',
    "first_poll_pages": "use a whole number of items, e.g. 10; 0 reads no page on a feed's first poll",
    "feeds": "write feeds as [[feeds]] tables with name and url",
    "keys": 'map a binding id to keys, e.g. "app.refresh" = "f5,r"; press ? in monitor to see the ids',
}


def _known_keys(loc: Sequence[int | str]) -> list[str]:
    model: type[BaseModel] = Config
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[str(part)].annotation
        nested = _model_in(annotation)
        if nested is None:
            return []
        model = nested
    return [name for name in model.model_fields if name != "source"]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _dotted(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        name = str(part) if _BARE_KEY.fullmatch(str(part)) else '"' + str(part).replace('"', '\\"') + '"'
        out += f"[{part}]" if isinstance(part, int) else (f".{name}" if out else name)
    return out


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")


def _locate(text: str, loc: Sequence[int | str]) -> int | None:
    """Best-effort line number (1-based) of the key `loc` points at.

    tomllib forgets positions, so we walk the lines tracking the current table
    header; that covers the shapes config.toml uses ([table], [[array]], key = v).
    """
    names = [p for p in loc if isinstance(p, str)]
    index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None  # which [[table]]; later ints index a list
    table, key = (names[0], names[-1]) if len(names) > 1 else (None, names[0] if names else None)
    current: str | None = None
    occurrence = -1
    table_line: int | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(raw)
        if header:
            current = header.group(2).strip().strip('"')
            if table is None and current == key:
                return number
            if current == table:
                occurrence += 1 if header.group(1) == "[[" else 0
                if index is None or occurrence == index:
                    table_line = number
            continue
        if key is None:
            continue
        in_place = current == table and (index is None or occurrence == index)
        if in_place and re.match(rf"^\s*([\"']?){re.escape(key)}\1\s*=", raw):
            return number
    return table_line
