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
        ('[monitor]\ninterval = 60\ntheme = "nrod"\n', 3, "monitor.theme", "unknown theme 'nrod'", "mean 'nord'?"),
        ('[monitor]\ntheme = "Dracula"\n', 2, "monitor.theme", "unknown theme", "Textual's themes: textual-dark, tex"),
        ('[monitor]\ntheme = "solarized"\n', 2, "monitor.theme", "unknown theme", "ansi-dark, ansi-light"),
        (
            '[[feeds]]\nname = "A"\nurl = "https://Example.org:443/feed/"\n\n[[feeds]]\nname = "B"\n'
            'url = "https://example.org/feed"\n',
            7,
            "feeds[1].url",
            "duplicate feed url 'https://example.org/feed': feed #1 'A' has it already (https://Example.org:443/feed/)",
            "keep one [[feeds]] table per url: remove this one, or the one named 'A'",
        ),
        (
            '[[feeds]]\nname = "A"\nurl = "file:feeds/x.xml"\n[[feeds]]\nname = "B"\nurl = "https://b.org/"\n'
            '[[feeds]]\nname = "C"\nurl = "file:./feeds/../feeds/x.xml/"\n',
            9,
            "feeds[2].url",
            "duplicate feed url 'file:./feeds/../feeds/x.xml/': feed #1 'A' has it already (file:feeds/x.xml)",
            "keep one [[feeds]] table per url",
        ),
        (
            '[keys]\n"app.help" = "f1"\n"app.refresh" = "q"\n',
            3,
            'keys."app.refresh"',
            "key 'q' for app.refresh is already taken by app.quit (Quit) on the main screen",
            "choose another key for 'app.refresh' (f2 is free), or give 'app.quit' another key as well",
        ),
        ('[keys]\n"pane.down" = "enter"\n', 2, 'keys."pane.down"', "the selected row (Textual's own)", "f1 is free"),
        ('[keys]\n"app.refresh" = "ctrl+"\n', 2, 'keys."app.refresh"', "'ctrl+' names no key", 'e.g. "ctrl+r"'),
        ('[keys]\n"app.refresh" = "f5,f99"\n', 2, 'keys."app.refresh"', "'f99' is not a key", "did you mean 'f9'?"),
        ('[keys]\n\n"app.refresh" = "ctl+r"\n', 3, 'keys."app.refresh"', "unknown modifier 'ctl'", "'ctrl+r'?"),
        ('[keys]\n"app.refresh" = ""\n', 2, 'keys."app.refresh"', "no key given for 'app.refresh'", '"f5,r"'),
        ('[keys]\n"app.refresh" = "r,"\n', 2, 'keys."app.refresh"', "an empty key name in 'r,'", "single commas"),
        ('[keys]\n"app.refesh" = "r"\n', 2, 'keys."app.refesh"', "unknown binding id 'app.refesh'", "'app.refresh'?"),
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


@pytest.mark.parametrize(
    "keys",
    [
        '"app.quit" = "r"\n"app.refresh" = "q"\n',  # a swap: each key has one binding
        '"app.refresh" = "f5"\n"app.pane3" = "f3,3"\n',
        '"app.help" = "?"\n"app.next" = "ctrl+n"\n"app.previous" = "ctrl+shift+n"\n',
        '"app.open_link" = "y"\n',  # y is the remove-feed question's own, a modal screen's: no clash
    ],
)
def test_keys_textual_can_bind_without_a_clash_load(tmp_path: Path, keys: str) -> None:
    assert cfg.load(write(tmp_path, "[keys]\n" + keys)).keys


def test_every_textual_theme_loads(tmp_path: Path) -> None:
    for theme in cfg.TEXTUAL_THEMES:
        assert cfg.load(write(tmp_path, f'[monitor]\ntheme = "{theme}"\n')).monitor.theme == theme


def test_the_same_local_file_twice_is_a_duplicate_however_it_is_written(tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    absolute = (tmp_path / "feeds" / "x.xml").resolve()
    for first, second in [
        ("file:feeds/x.xml", f"file://{absolute}"),
        ("file:feeds/x.xml", absolute.as_uri()),
        (f"file:{absolute}", "file://localhost" + str(absolute)),
        ("file:feeds/x.xml", "file:feeds//x.xml/"),
    ]:
        text = f'[[feeds]]\nname = "a"\nurl = "{first}"\n\n[[feeds]]\nname = "b"\nurl = "{second}"\n'
        with pytest.raises(cfg.ConfigError) as caught:
            cfg.load(write(tmp_path, text))
        assert caught.value.key == "feeds[1].url" and caught.value.line == 7, (first, second, str(caught.value))
    distinct = '[[feeds]]\nname = "a"\nurl = "file:feeds/x.xml"\n[[feeds]]\nname = "b"\nurl = "file:feeds/y.xml"\n'
    assert len(cfg.load(write(tmp_path, distinct)).feeds) == 2


def test_relative_file_urls_are_compared_from_the_config_folder(tmp_path: Path) -> None:
    """'file:x.xml' in /a/config.toml and 'file:../a/x.xml' name one file only when read from /a."""
    (tmp_path / "a").mkdir()
    text = '[[feeds]]\nname = "a"\nurl = "file:x.xml"\n[[feeds]]\nname = "b"\nurl = "file:../a/x.xml"\n'
    with pytest.raises(cfg.ConfigError, match="duplicate feed url"):
        cfg.load(write(tmp_path / "a", text))
    (tmp_path / "b").mkdir()
    assert len(cfg.load(write(tmp_path / "b", text)).feeds) == 2


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
    with pytest.raises(cfg.ConfigNotFound, match="no config.toml found") as caught:
        cfg.discover(None, cwd=tmp_path / "nowhere", env={})
    assert caught.value.looked_in == [
        (tmp_path / "nowhere" / "config.toml", "the current folder"),
        (user_dir / "config.toml", "the user config directory"),
    ]
    with pytest.raises(cfg.ConfigNotFound, match="no such file"):
        cfg.discover(tmp_path / "missing.toml", cwd=cwd, env={})
    with pytest.raises(cfg.ConfigNotFound, match="a folder, not a file"):
        cfg.discover(tmp_path, cwd=cwd, env={})
    with pytest.raises(cfg.ConfigNotFound, match="MONITOR_CONFIG"):
        cfg.discover(None, cwd=cwd, env={cfg.CONFIG_ENV: str(tmp_path / "missing.toml")})


def test_check_command_exits_2_with_one_screen_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, '[[feeds]]\nname = "a"\nurl = "https://a.org/"\nintervall = 60\n')
    assert main(["check", "--config", str(path)]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert f"{path}:4" in out.err and "feeds[0].intervall" in out.err and "Traceback" not in out.err
    assert len(out.err.splitlines()) <= 10


def test_a_missing_config_is_not_found_not_invalid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--config", "nope.toml"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"monitor: config not found\nno such file\n  looked in: {tmp_path / 'nope.toml'}  (--config)\n"
        "  fix: check the path given to --config\n"
    )
    monkeypatch.delenv(cfg.CONFIG_ENV, raising=False)
    monkeypatch.setattr(cfg.platformdirs, "user_config_dir", lambda name: str(tmp_path / "user"))
    for argv in (["check"], []):  # `monitor check` and starting `monitor` look in the same places
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "invalid" not in err and err.startswith(
            "monitor: config not found\nno config.toml found\n  looked in:\n"
        )
        assert f"    {tmp_path / 'config.toml'}  (the current folder)\n" in err
        assert f"    {tmp_path / 'user' / 'config.toml'}  (the user config directory)\n" in err
    monkeypatch.setenv(cfg.CONFIG_ENV, "elsewhere.toml")
    assert main(["check"]) == 2
    assert f"looked in: {tmp_path / 'elsewhere.toml'}  ($MONITOR_CONFIG)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[monitor]\ntheme = "nrod"\n',
            "config.toml:2: unknown theme 'nrod'\n  key: monitor.theme\n  fix: did you mean",
        ),
        ('[keys]\n"app.refresh" = "q"\n', "config.toml:2: key 'q' for app.refresh is already taken by app.quit"),
        ('[keys]\n"app.refresh" = "ctl+r"\n', "config.toml:2: unknown modifier 'ctl' in 'ctl+r'"),
        (
            '[[feeds]]\nname = "a"\nurl = "https://a.org/x"\n[[feeds]]\nname = "b"\nurl = "https://A.org/x/"\n',
            "config.toml:6: duplicate feed url 'https://A.org/x/'",
        ),
    ],
)
def test_check_and_run_refuse_what_would_fail_later_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = write(tmp_path, text)
    for argv in (["check", "--config", str(path)], ["--config", str(path)], ["run", "--config", str(path)]):
        assert main(argv) == 2, argv
        out = capsys.readouterr()
        assert out.out == "" and out.err.startswith(f"monitor: invalid config\n{tmp_path}/{message}"), out.err


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
