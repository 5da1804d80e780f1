"""Config loading, discovery, and every class of error a person can make."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from monitor import config as cfg
from monitor.cli import main

GOOD = """
[monitor]
interval = 600
as_of = 2021-06-24T09:00:00Z

[storage]
path = "data/store.sqlite3"

[[feeds]]
name = "One"
url = "https://example.org/feed.xml"
interval = 120

[[feeds]]
name = "Two"
url = "file:feeds/two.xml"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_config_loads_with_resolved_paths(tmp_path: Path) -> None:
    config = cfg.load(write(tmp_path, GOOD))
    assert config.monitor.as_of == dt.datetime(2021, 6, 24, 9, tzinfo=dt.UTC)
    assert [f.name for f in config.feeds] == ["One", "Two"]
    assert config.interval_of(config.feeds[0]) == 120
    assert config.interval_of(config.feeds[1]) == 600
    assert config.db_path == tmp_path.resolve() / "data" / "store.sqlite3"
    assert config.base_dir == tmp_path.resolve()


def test_defaults_when_tables_are_missing(tmp_path: Path) -> None:
    config = cfg.load(write(tmp_path, ""))
    assert config.feeds == []
    assert config.monitor.interval == 900
    assert config.db_path == cfg.default_db_path()


def test_naive_as_of_is_taken_as_utc(tmp_path: Path) -> None:
    config = cfg.load(write(tmp_path, "[monitor]\nas_of = 2021-06-24T09:00:00\n"))
    assert config.monitor.as_of is not None and config.monitor.as_of.tzinfo is dt.UTC


@pytest.mark.parametrize(
    ("text", "line", "key", "problem", "fix"),
    [
        ("[monitor]\ninterval = 600\nas_of = 2021-13-01\n", 3, None, "not valid TOML", "syntax"),
        ('[[feeds]]\nname = "a"\nurl = "https://a.org/x\n', 3, None, "not valid TOML", "quotes"),
        ("[monitor]\nintervall = 600\n", 2, "monitor.intervall", "unknown key 'intervall'", "'interval'"),
        ("[bogus]\nx = 1\n", 1, "bogus", "unknown key 'bogus'", "Known keys"),
        ("[monitor]\ninterval = 'often'\n", 2, "monitor.interval", "integer", "whole number"),
        ("[monitor]\ninterval = 5\n", 2, "monitor.interval", "greater than or equal to 30", "whole number"),
        ('[[feeds]]\nname = "a"\nurl = "ftp://a.org/x"\n', 3, "feeds[0].url", "not an http", "https://"),
        ('[[feeds]]\nname = "a"\nurl = "https:///x"\n', 3, "feeds[0].url", "no host", "https://"),
        ('[[feeds]]\nname = "a"\n', 1, "feeds[0].url", "required key 'url'", "add url"),
        (
            '[[feeds]]\nname = "A"\nurl = "https://a.org/"\n\n[[feeds]]\nname = "a"\nurl = "https://b.org/"\n',
            6,
            "feeds[1].name",
            "duplicate feed name 'a'",
            "its own name",
        ),
        (
            '[[feeds]]\nname = "a"\nurl = "https://a.org/"\nintervall = 60\n',
            4,
            "feeds[0].intervall",
            "unknown key",
            "'interval'",
        ),
        ('feeds = "https://a.org/"\n', 1, "feeds", "valid list", "[[feeds]]"),
        ('[alerts]\nwords = []\nactors = ["Taliban", 1]\n', 3, "alerts.actors[1]", "valid string", "list of strings"),
        (
            '[actors]\n"Rapid Support Forces" = ["RSF"]\n"Sudanese Armed Forces" = ["SAF", "the rsf"]\n',
            3,
            'actors."Sudanese Armed Forces"[1]',
            "alias 'the rsf' is given to two actors, 'Rapid Support Forces' and 'Sudanese Armed Forces'",
            "keep 'the rsf' under one actor only",
        ),
        (
            '[actors]\nTaliban = ["Islamic Emirate"]\n\n"Islamic Emirate" = ["IEA"]\n',
            4,
            'actors."Islamic Emirate"',
            "actor 'Islamic Emirate' is already a name of 'Taliban'",
            "make it one entry",
        ),
        ('[actors]\nTaliban = ["IEA"]\n"the taliban" = []\n', 3, 'actors."the taliban"', "already a name", "one entry"),
        ('[actors]\nTaliban = ["IEA", " "]\n', 2, "actors.Taliban[1]", "alias #2 of 'Taliban' is empty", "remove it"),
        ('[actors]\n"" = ["RSF"]\n', 2, 'actors.""', "name is empty", '"Rapid Support Forces" = ["RSF"]'),
        ('[actors]\n" Taliban" = []\n', 2, 'actors." Taliban"', "without leading or trailing spaces", "as shown"),
        ("[actors]\nTaliban = 'IEA'\n", 2, "actors.Taliban", "valid list", '"Rapid Support Forces" = ["RSF"]'),
        (
            '[actors]\n\n"Rapid Support Forces" = ["RSF", 3]\n',
            3,
            'actors."Rapid Support Forces"[1]',
            "valid string",
            "[actors]",
        ),
        ('actors = ["RSF"]\n', 1, "actors", "valid dictionary", '"Rapid Support Forces" = ["RSF"]'),
    ],
)
def test_bad_config_names_line_key_and_fix(
    tmp_path: Path, text: str, line: int, key: str | None, problem: str, fix: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(cfg.ConfigError) as caught:
        cfg.load(path)
    error = caught.value
    message = str(error)
    assert error.line == line, message
    assert error.key == key, message
    assert problem in message
    assert fix in message
    assert message.startswith(f"{path}:{line}:")


def test_actors_table_loads_as_an_alias_map(tmp_path: Path) -> None:
    text = '[actors]\n"Rapid Support Forces" = ["RSF", "rsf"]\nTaliban = ["Islamic Emirate", "Taliban insurgents"]\n'
    config = cfg.load(write(tmp_path, text))
    assert config.actors == {
        "Rapid Support Forces": ["RSF", "rsf"],
        "Taliban": ["Islamic Emirate", "Taliban insurgents"],
    }
    assert config.actor_aliases == {
        "rapid support forces": "Rapid Support Forces",
        "rsf": "Rapid Support Forces",
        "taliban": "Taliban",
        "islamic emirate": "Taliban",
        "taliban insurgents": "Taliban",
    }
    assert config.alerts.rules(config.actor_aliases).aliases == config.actor_aliases
    assert cfg.load(write(tmp_path, "")).actor_aliases == {}


def test_second_feed_error_points_at_its_own_table(tmp_path: Path) -> None:
    text = '[[feeds]]\nname = "a"\nurl = "https://a.org/"\n[[feeds]]\nname = "b"\nurl = "gopher://b"\n'
    with pytest.raises(cfg.ConfigError) as caught:
        cfg.load(write(tmp_path, text))
    assert caught.value.line == 6
    assert caught.value.key == "feeds[1].url"


def test_discovery_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    explicit = write(tmp_path, "")
    env_file = tmp_path / "env.toml"
    env_file.write_text("", encoding="utf-8")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    (cwd / "config.toml").write_text("", encoding="utf-8")
    user_dir = tmp_path / "user"
    user_dir.mkdir()
    (user_dir / "config.toml").write_text("", encoding="utf-8")
    monkeypatch.setattr(cfg.platformdirs, "user_config_dir", lambda name: str(user_dir))

    env = {cfg.CONFIG_ENV: str(env_file)}
    assert cfg.discover(explicit, cwd=cwd, env=env) == explicit
    assert cfg.discover(None, cwd=cwd, env=env) == env_file
    assert cfg.discover(None, cwd=cwd, env={}) == cwd / "config.toml"
    assert cfg.discover(None, cwd=tmp_path / "nowhere", env={}) == user_dir / "config.toml"
    (user_dir / "config.toml").unlink()
    with pytest.raises(cfg.ConfigError, match="no config.toml found"):
        cfg.discover(None, cwd=tmp_path / "nowhere", env={})
    with pytest.raises(cfg.ConfigError, match="no such file"):
        cfg.discover(tmp_path / "missing.toml", cwd=cwd, env={})
    with pytest.raises(cfg.ConfigError, match="MONITOR_CONFIG"):
        cfg.discover(None, cwd=cwd, env={cfg.CONFIG_ENV: str(tmp_path / "missing.toml")})


def test_check_command_exits_2_with_one_screen_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, '[[feeds]]\nname = "a"\nurl = "https://a.org/"\nintervall = 60\n')
    assert main(["check", "--config", str(path)]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert f"{path}:4" in out.err and "feeds[0].intervall" in out.err and "Traceback" not in out.err
    assert len(out.err.splitlines()) <= 10


def test_check_command_summarizes_good_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, GOOD)
    assert main(["check", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert "2 feed(s)" in out and "One: https://example.org/feed.xml (every 120 s; full text auto)" in out
    assert "full text: auto by default" in out and "newest 10 items" in out
    assert "replaying as of 2021-06-24T09:00:00+00:00" in out


def test_check_command_lists_actors_with_their_other_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(
        tmp_path, '[actors]\n"Rapid Support Forces" = ["RSF"]\nTaliban = ["Islamic Emirate", "IEA"]\nHamas = []\n'
    )
    assert main(["check", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert "actors, each with its other names: Rapid Support Forces (RSF); Taliban (Islamic Emirate, IEA); Hamas" in out


def test_shipped_config_is_valid() -> None:
    root = Path(__file__).resolve().parent.parent
    config = cfg.load(root / "config.toml")
    assert len(config.feeds) >= 3
    for feed in config.feeds:
        assert feed.url.startswith("file:")
        assert (root / feed.url.removeprefix("file:")).is_file(), feed.url
