"""The core's copy of what Textual binds and accepts, held against Textual itself and the running app.

The core never imports Textual (tests/test_import_hygiene.py), so `monitor.keymap` and
`monitor.config` keep copies of Textual 8.2.8's key names and theme names, and of every
binding the screens hold. These tests compare the copies with Textual and with the app's
real binding chain: a Textual upgrade, or a binding added to a screen, that changes them
fails here rather than letting `monitor check` judge by stale lists.
"""

from __future__ import annotations

import string
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from scenes import make_app
from textual import events
from textual._xterm_parser import XTermParser
from textual.binding import Binding
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, _character_to_key
from textual.screen import ModalScreen
from textual.theme import BUILTIN_THEMES

from monitor import keymap
from monitor.config import TEXTUAL_THEMES
from monitor.keymap import (
    APP_KEYS,
    BINDING_IDS,
    CHARACTER_NAMES,
    FIXED_KEYS,
    KEY_NAMES,
    MODIFIERS,
    NAV_KEYS,
    PANE_KEYS,
    check_keys,
    key_problem,
)
from monitor.ui.app import MonitorApp
from monitor.ui.widgets import FilterBar, Pane

SPECIAL = {"<any>", "<scroll-up>", "<scroll-down>", "<ignore>", "ctrl-at"}
"""Keys enum values that are no key a binding can name (matchers, internals and a legacy alias)."""


# --- names ------------------------------------------------------------------------------------------------


def test_theme_names_are_textuals() -> None:
    assert list(TEXTUAL_THEMES) == list(BUILTIN_THEMES)


def test_key_names_are_textuals() -> None:
    values = {key.value for key in Keys} - SPECIAL
    last_parts = {value.rpartition("+")[2] for value in values}
    assert {part for part in last_parts if len(part) > 1} - CHARACTER_NAMES == KEY_NAMES


def test_character_names_are_textuals() -> None:
    assert keymap.KEY_NAME_REPLACEMENTS == KEY_NAME_REPLACEMENTS
    assert {_character_to_key(ch) for ch in string.punctuation + " "} == CHARACTER_NAMES
    for code in range(0x20, 0x3000):
        if chr(code).isprintable():
            assert keymap.character_to_key(chr(code)) == _character_to_key(chr(code)), hex(code)


def test_every_key_in_textuals_keys_enum_is_accepted() -> None:
    for value in {key.value for key in Keys} - SPECIAL:
        assert key_problem(value) is None, value


def parsed(sequence: str) -> list[str]:
    return [event.key for event in XTermParser().feed(sequence) if isinstance(event, events.Key)]


def test_every_modifier_combination_textual_reports_is_accepted() -> None:
    """Kitty's protocol can add any of six modifiers: Textual writes them in one order, which the core requires."""
    for mask in range(1, 64):
        for key in (
            *parsed(f"\x1b[97;{mask + 1}u"),
            *parsed(f"\x1b[1;{mask + 1}A"),
            *parsed(f"\x1b[57399;{mask + 1}u"),
        ):
            if key in ("shift+a", "shift+0"):
                continue  # only without the key's text; with it (as Textual asks terminals) see the next test
            assert key_problem(key) is None, key
        assert parsed(f"\x1b[97;{mask + 1}u")[0].split("+")[:-1] == [m for m in MODIFIERS if mask & (1 << _BIT[m])]


_BIT = {"shift": 0, "alt": 1, "ctrl": 2, "super": 3, "hyper": 4, "meta": 5}


def test_shift_and_a_character_arrive_as_the_character() -> None:
    assert parsed("\x1b[97;2;65u") == ["A"] and parsed("G") == ["G"] and parsed("?") == ["question_mark"]
    assert key_problem("shift+g") == ("'shift+g' does not fire: Textual reports Shift and a character as the "
                                      "character it types", "write 'G'")  # fmt: skip


@pytest.mark.parametrize(
    ("key", "problem", "fix"),
    [
        ("ctrl+", "'ctrl+' names no key after 'ctrl+'", 'e.g. "ctrl+r"'),
        ("f99", "'f99' is not a key Textual knows", "did you mean 'f9'?"),
        ("f25", "'f25' is not a key Textual knows", "f5, escape, enter"),
        ("ctl+r", "unknown modifier 'ctl' in 'ctl+r'", "did you mean 'ctrl+r'?"),
        ("", "an empty key name", 'single commas, e.g. "f5,r"'),
        ("esc", "'esc' is not a key Textual knows", "did you mean 'escape'?"),
        ("pgup", "'pgup' is not a key Textual knows", "did you mean 'pageup'?"),
        ("F5", "key names are in lower case", "write 'f5'"),
        ("Ctrl+R", "modifiers are in lower case", "write 'ctrl+r'"),
        ("ctrl", "'ctrl' is no key on its own", 'e.g. "ctrl+r"'),
        ("shift+ctrl+r", "Textual writes modifiers in the order alt, ctrl", "write 'ctrl+shift+r'"),
        ("ctrl+ctrl+r", "repeats a modifier", "write 'ctrl+r'"),
        ("ctrl++r", "an empty part between two +", "write 'ctrl+r'"),
        ("ctrl++", "+ is written by its name", "write 'ctrl+plus'"),
        ("ctrl+/", "after a modifier, Textual names '/' 'slash'", "write 'ctrl+slash'"),
        ("ctrl+G", "a capital as shift and the letter", "write 'ctrl+shift+g'"),
        ("shift+question_mark", "as the character it types", 'e.g. "!"'),
        ("ctrl + r", "has a space in it", "write 'ctrl+r'"),
    ],
)
def test_keys_textual_cannot_fire_are_named_with_a_fix(key: str, problem: str, fix: str) -> None:
    found = key_problem(key)
    assert found is not None and problem in found[0] and fix in found[1], found


@pytest.mark.parametrize(
    "key",
    ["r", "G", "?", "/", "é", "€", "question_mark", "slash", "space", "euro_sign", "f1", "f24", "escape", "enter",
     "tab", "shift+tab", "pageup", "ctrl+r", "ctrl+shift+up", "alt+x", "alt+shift+g", "super+c", "ctrl+slash",
     "ctrl+space", "shift+space", "ctrl+@", "shift+f5"],
)  # fmt: skip
def test_keys_textual_fires_are_accepted(key: str) -> None:
    assert key_problem(key) is None


# --- clashes ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "blamed", "problem"),
    [
        ({"app.refresh": "q"}, "app.refresh", "key 'q' for app.refresh is already taken by app.quit (Quit)"),
        ({"pane.down": "q"}, "pane.down", "already taken by app.quit (Quit) on the main screen"),
        ({"app.refresh": "j"}, "app.refresh", "already taken by pane.down (Down) in every pane"),
        ({"app.refresh": "enter"}, "app.refresh", "Open the selected row (Textual's own) in every pane"),
        ({"app.refresh": "ctrl+q"}, "app.refresh", "Quit (Textual's own)"),
        ({"app.filter": "ctrl+p"}, "app.filter", "the command palette (Textual's own)"),
        ({"app.refresh": "tab"}, "app.refresh", "already taken by app.next (Next pane)"),
        ({"app.next": "ctrl+n", "app.refresh": "tab"}, "app.refresh", "Focus next (Textual's own)"),
        ({"app.refresh": "f5", "app.pause": "r,f5"}, "app.pause", "'f5' for app.pause is already taken by app.refresh"),
        ({"app.next": "escape"}, "app.next", "main.clear_filter (Clear filter) on the main screen"),
        ({"app.next": "y"}, "app.next", "confirm.yes (Yes) in the remove-feed question"),
        ({"app.next": "n"}, "app.next", "in the remove-feed question"),  # a priority binding reaches every screen
        ({"app.previous": "o"}, "app.previous", "app.open_link (Open link) on the main screen"),
    ],
)  # fmt: skip
def test_a_key_given_to_two_bindings_active_at_once_is_a_clash(keys: dict[str, str], blamed: str, problem: str) -> None:
    found = check_keys(keys)
    assert found is not None and found.binding_id == blamed and problem in found.problem, found
    assert f"choose another key for {blamed!r}" in found.fix


@pytest.mark.parametrize(
    "keys",
    [
        {},
        {"app.quit": "r", "app.refresh": "q"},  # a swap
        {"app.quit": "f10", "app.refresh": "q"},  # q was moved away first
        {"app.open_link": "y", "app.pause": "n"},  # the remove-feed question's own: it stops the app's bindings
        {"app.help": "?", "app.filter": "/"},  # the defaults, written as characters
        {"app.next": "tab", "app.previous": "shift+tab"},  # the defaults, which win over Textual's Tab by design
        {"pane.down": "down,j", "pane.top": "ctrl+home"},  # the same action as the table's own key
        {"app.quit": "ctrl+q,q"},
        {"app.pane3": "f3,3"},
    ],
)
def test_keys_that_share_no_screen_are_no_clash(keys: dict[str, str]) -> None:
    assert check_keys(keys) is None


# --- the copies of the app's bindings ----------------------------------------------------------------------


def _core_fixed(where: set[str]) -> set[tuple[str, str, str, bool]]:
    return {(f.where, key, f.action, f.priority) for f in FIXED_KEYS if f.where in where for key in f.keys.split(",")}


SPECS = {spec.id: spec for spec in (*APP_KEYS, *NAV_KEYS, *PANE_KEYS)}


def _core_defaults() -> dict[str, set[str]]:
    return {spec.id: set(spec.keys.split(",")) for spec in SPECS.values()}


async def test_the_core_knows_every_binding_of_the_main_screen(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.press("4")
            assert isinstance(app.focused, Pane)
            remappable: dict[str, set[str]] = {}
            fixed: set[tuple[str, str, str, bool]] = set()
            for node, bindings_map in app.screen._binding_chain:
                where = "pane" if isinstance(node, Pane) else "screen" if node is app.screen else "app"
                if node is not app and where == "app":  # a container between the pane and the screen
                    assert not bindings_map.key_to_bindings, node
                for key, bindings in bindings_map.key_to_bindings.items():
                    for binding in bindings:
                        if binding.id in BINDING_IDS:
                            spec = SPECS[binding.id]
                            assert binding.id.startswith(f"{where}.") and binding.priority == spec.priority
                            remappable.setdefault(binding.id, set()).add(key)
                        else:
                            mine = (binding.id or "").startswith("main.")  # the main screen's own, not Textual's
                            fixed.add(("main" if mine else where, key, binding.action, binding.priority))
    finally:
        app.store.close()
    assert remappable == _core_defaults()
    assert fixed == _core_fixed({"app", "screen", "main", "pane"})


def _modal_screens() -> Iterator[type[ModalScreen[object]]]:
    stack: list[type[ModalScreen[object]]] = list(ModalScreen.__subclasses__())
    while stack:
        screen = stack.pop()
        stack.extend(screen.__subclasses__())
        if screen.__module__.startswith("monitor.ui"):
            yield screen


def test_the_core_knows_every_binding_of_the_filter_bar_and_the_modal_screens() -> None:
    assert "monitor.ui.app" in sys.modules and MonitorApp is not None  # every screen is imported
    found = {("filter", b.key, b.action, b.priority) for b in Binding.make_bindings(FilterBar.BINDINGS)}  # type: ignore[union-attr]
    ids = {b.id for b in Binding.make_bindings(FilterBar.BINDINGS)}  # type: ignore[union-attr]
    screens = [screen for screen in _modal_screens() if "BINDINGS" in screen.__dict__]  # a subclass may inherit
    assert len(screens) >= 6
    for screen in screens:
        own = list(Binding.make_bindings(screen.__dict__["BINDINGS"]))
        assert all(b.id for b in own), f"{screen.__name__}: give its bindings ids ('<screen>.<what>')"
        for binding in own:
            found.add((str(binding.id).split(".")[0], binding.key, binding.action, binding.priority))
            ids.add(binding.id)
    wheres = {where for where, *_ in found}
    assert found == _core_fixed(wheres)
    assert ids == {f.id for f in FIXED_KEYS if f.id and f.where in wheres}


async def test_app_next_can_be_remapped(tmp_path: Path) -> None:
    app = make_app(tmp_path, extra='[keys]\n"app.next" = "ctrl+n"\n"app.previous" = "ctrl+b"\n')
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.press("1", "ctrl+n")
            assert app.focused is not None and app.focused.id == "events"
            await pilot.press("ctrl+b", "ctrl+b")
            assert app.focused is not None and app.focused.id == "health"
    finally:
        app.store.close()
