"""Every key binding of the screen, by id, so users can remap them in `[keys]`; and what makes a remap bad.

The ids live in the core (not in the UI) so that config validation can reject a
misspelt id with a did-you-mean before the screen starts; the UI builds its
Textual bindings from these specs and applies `[keys]` as a keymap.

`check_keys` judges a `[keys]` table the way Textual will use it, without
importing Textual (Textual accepts any string and then never fires a misspelt
key, and lets a remapped key silently take another binding's):

- every key must be one Textual can report: a single printable character ("r",
  "?", "G"), the name of one ("question_mark", "slash", "space"), or a key name
  (`KEY_NAMES`: escape, enter, tab, up, pageup, f1 … f24, …), optionally after
  modifiers in the order Textual writes them (`MODIFIERS`): "ctrl+r",
  "ctrl+shift+up", "alt+x".
- no key may belong to two bindings that are active at the same time. On the
  main screen those are the app's (`app.*`), the focused pane's (`pane.*`) and
  Textual's own (`FIXED_KEYS`: the table's arrows and Enter, Tab, Ctrl+Q,
  Ctrl+P, Ctrl+C). A modal screen (help, article, feed, …) stops the app's
  bindings, so its own keys (`FIXED_KEYS` too) may be the same as theirs; only
  a priority binding (`app.next`, `app.previous`) reaches every screen, so it
  must not take a key any screen uses. Clashes the defaults have by design (Tab
  moves between panes, not through every widget) are not reported.

`KEY_NAMES`, `MODIFIERS`, `KEY_NAME_REPLACEMENTS` and the Textual part of
`FIXED_KEYS` are copies of Textual 8.2.8's; tests/test_keymap.py compares them
with Textual (and `FIXED_KEYS` with the screens' bindings), so an upgrade or a
new binding that changes them fails there.
"""

from __future__ import annotations

import difflib
import string
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

__all__ = [
    "APP_KEYS",
    "BINDING_IDS",
    "CHARACTER_NAMES",
    "FIXED_KEYS",
    "KEY_NAMES",
    "MODIFIERS",
    "NAV_KEYS",
    "PANE_KEYS",
    "FixedKey",
    "KeyProblem",
    "KeySpec",
    "check_keys",
    "key_problem",
    "normalize_key",
    "split_keys",
]


@dataclass(frozen=True)
class KeySpec:
    id: str
    keys: str
    """Comma-separated Textual key names."""
    action: str
    description: str
    show: bool = True
    key_display: str | None = None
    priority: bool = False
    """Checked before the focused widget's bindings, on every screen (Textual's `priority=True`)."""


APP_KEYS: tuple[KeySpec, ...] = (
    KeySpec("app.quit", "q", "quit", "Quit"),
    KeySpec("app.help", "question_mark", "help", "Help", key_display="?"),
    KeySpec("app.refresh", "r", "refresh", "Refresh now"),
    KeySpec("app.pause", "p", "pause", "Pause polling"),
    KeySpec("app.filter", "slash", "filter", "Filter", key_display="/"),
    KeySpec("app.open_link", "o", "open_link", "Open link", show=False),
    KeySpec("app.speaker", "s", "filter_speaker", "Only this speaker", show=False),
    KeySpec("app.chart", "c", "chart", "Chart the Control row", show=False),
    KeySpec("app.add_feed", "a", "add_feed", "Add feed", show=False),
    KeySpec("app.remove_feed", "x", "remove_feed", "Remove feed", show=False),
    KeySpec("app.pane1", "1", "focus_pane('control')", "Control pane", show=False),
    KeySpec("app.pane2", "2", "focus_pane('events')", "Upcoming events pane", show=False),
    KeySpec("app.pane3", "3", "focus_pane('statements')", "Statements pane", show=False),
    KeySpec("app.pane4", "4", "focus_pane('wire')", "Wire pane", show=False),
    KeySpec("app.pane5", "5", "focus_pane('health')", "Feeds pane", show=False),
)

NAV_KEYS: tuple[KeySpec, ...] = (
    KeySpec("app.next", "tab", "next_pane(1)", "Next pane", show=False, priority=True),
    KeySpec("app.previous", "shift+tab", "next_pane(-1)", "Previous pane", show=False, priority=True),
)
"""The app's priority bindings (declared in the UI's MonitorApp.BINDINGS): Tab moves between panes from anywhere."""

PANE_KEYS: tuple[KeySpec, ...] = (
    KeySpec("pane.down", "j", "cursor_down", "Down", show=False),
    KeySpec("pane.up", "k", "cursor_up", "Up", show=False),
    KeySpec("pane.top", "g", "scroll_top", "Top of the pane", show=False),
    KeySpec("pane.bottom", "G", "scroll_bottom", "Bottom of the pane", show=False),
)

_REMAPPABLE: tuple[KeySpec, ...] = (*APP_KEYS, *NAV_KEYS, *PANE_KEYS)
BINDING_IDS: frozenset[str] = frozenset(spec.id for spec in _REMAPPABLE)


@dataclass(frozen=True)
class FixedKey:
    """A binding `[keys]` cannot change: Textual's own, or one of a screen's."""

    keys: str
    action: str
    description: str
    where: str
    """Where it is active: "app", "screen" (Textual's Screen), "main" (the main screen's own) and "pane" are all
    active at once on the main screen; "filter" is the filter bar; anything else, one modal screen."""
    priority: bool = False
    id: str | None = None


FIXED_KEYS: tuple[FixedKey, ...] = (
    # Textual's App
    FixedKey("ctrl+q", "quit", "Quit", "app", priority=True),
    FixedKey("ctrl+p", "command_palette", "the command palette", "app", priority=True),
    FixedKey("ctrl+c", "help_quit", "the “press ctrl+q to quit” hint", "app"),
    # Textual's Screen
    FixedKey("tab", "app.focus_next", "Focus next", "screen"),
    FixedKey("shift+tab", "app.focus_previous", "Focus previous", "screen"),
    FixedKey("ctrl+c,super+c", "screen.copy_text", "Copy selected text", "screen"),
    # Textual's DataTable (and the ScrollView under it): every pane
    FixedKey("enter", "select_cursor", "Open the selected row", "pane"),
    FixedKey("up", "cursor_up", "Cursor up", "pane"),
    FixedKey("down", "cursor_down", "Cursor down", "pane"),
    FixedKey("left", "cursor_left", "Cursor left", "pane"),
    FixedKey("right", "cursor_right", "Cursor right", "pane"),
    FixedKey("home", "scroll_home", "Home", "pane"),
    FixedKey("end", "scroll_end", "End", "pane"),
    FixedKey("pageup", "page_up", "Page up", "pane"),
    FixedKey("pagedown", "page_down", "Page down", "pane"),
    FixedKey("ctrl+pageup", "page_left", "Page left", "pane"),
    FixedKey("ctrl+pagedown", "page_right", "Page right", "pane"),
    FixedKey("ctrl+home", "scroll_top", "Top", "pane"),
    FixedKey("ctrl+end", "scroll_bottom", "Bottom", "pane"),
    # the main screen, the filter bar and the modal screens (monitor/ui)
    FixedKey("escape", "app.clear_filter", "Clear filter", "main", id="main.clear_filter"),
    FixedKey("escape", "clear", "Clear filter", "filter", id="filter.clear"),
    FixedKey("escape,q,question_mark", "dismiss", "Close", "help", id="help.close"),
    FixedKey("escape,q", "dismiss", "Back", "detail", id="detail.close"),
    FixedKey("o", "app.open_link", "Open link", "detail", id="detail.open_link"),
    FixedKey("escape,q", "dismiss", "Back", "claims", id="claims.close"),
    FixedKey("c", "app.chart", "Chart", "claims", id="claims.chart"),
    FixedKey("escape,q", "dismiss", "Back", "chart", id="chart.close"),
    FixedKey("escape,q", "dismiss(None)", "Back", "fact", id="fact.close"),
    FixedKey("escape", "dismiss_none", "Cancel", "addfeed", id="addfeed.cancel"),
    FixedKey("y", "answer(True)", "Yes", "confirm", id="confirm.yes"),
    FixedKey("n,escape", "answer(False)", "No", "confirm", id="confirm.no"),
    FixedKey("escape,q", "dismiss", "Back", "feed", id="feed.close"),
)

_MAIN = frozenset({"app", "screen", "main", "pane"})
_WHERE = {
    "app": "on the main screen",
    "screen": "on every screen",
    "main": "on the main screen",
    "pane": "in every pane",
    "filter": "in the filter bar",
    "help": "in the help screen",
    "detail": "in the article screen",
    "claims": "in a Control row's history",
    "chart": "in the trend chart",
    "fact": "in a statement's or an event's screen",
    "addfeed": "in the add-feed dialog",
    "confirm": "in the remove-feed question",
    "feed": "in the feed screen",
}

# --- key names (copies of Textual 8.2.8's textual/keys.py) -----------------------------------------------

MODIFIERS: tuple[str, ...] = ("alt", "ctrl", "hyper", "meta", "shift", "super")
"""In the order Textual writes them in a key event ("ctrl+shift+up"): a binding written in another order never fires."""

KEY_NAMES: frozenset[str] = frozenset(
    {"escape", "return", "enter", "tab", "backspace", "insert", "delete", "home", "end", "pageup", "pagedown"}
    | {"up", "down", "left", "right"}
    | {f"f{n}" for n in range(1, 25)}
)
"""Keys that are no character: the last part of every name in Textual's `Keys` enum that names none."""

KEY_NAME_REPLACEMENTS: dict[str, str] = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}
"""Textual's shorter names for some characters' Unicode names."""


def character_to_key(character: str) -> str:
    """The name Textual gives a typed character: itself if alphanumeric, else its Unicode name ("question_mark")."""
    if character.isalnum():
        return character
    try:
        key = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        key = "tab" if character == "\t" else character
    return KEY_NAME_REPLACEMENTS.get(key, key)


CHARACTER_NAMES: frozenset[str] = frozenset(character_to_key(ch) for ch in string.punctuation + " ")
"""Names of the printable ASCII characters that are not letters or digits: "slash", "question_mark", "space" …"""


def _names_a_character(name: str) -> bool:
    """A character's name as Textual writes it, beyond ASCII too ("euro_sign")."""
    if name in CHARACTER_NAMES:
        return True
    unicode_name = {v: k for k, v in KEY_NAME_REPLACEMENTS.items()}.get(name, name).replace("_", " ").upper()
    try:
        character = unicodedata.lookup(unicode_name)
    except KeyError:
        return False
    return character.isprintable() and character_to_key(character) == name


def split_keys(value: str) -> list[str]:
    """The key names of a `[keys]` value, as Textual splits it: at commas, spaces around them dropped."""
    return [part.strip() for part in value.split(",")]


def normalize_key(key: str) -> str:
    """A key as Textual binds it: one character becomes its name ("?" → "question_mark")."""
    return character_to_key(key) if len(key) == 1 else key


SYMBOL_KEYS: frozenset[str] = frozenset({"ctrl+@"})
"""Names in Textual's `Keys` enum that keep a symbol after a modifier (the terminal's Ctrl+Space)."""

_EXAMPLES = (
    'a key is one character ("r", "?", "G"), a name such as f5, escape, enter, tab, space, up, pageup, home or '
    'question_mark, or modifiers and a key: "ctrl+r", "ctrl+shift+up"'
)


def key_problem(key: str) -> tuple[str, str] | None:
    """Why Textual would never fire a binding on `key` (one key name), and how to write it; None when it would."""
    if not key:
        return "an empty key name", 'separate key names with single commas, e.g. "f5,r"'
    if len(key) == 1:
        if key.isprintable() and not key.isspace():
            return None
        return f"{key!r} is not a key Textual can bind", _EXAMPLES
    if key in SYMBOL_KEYS:
        return None
    if any(ch.isspace() for ch in key):
        return f"{key!r} has a space in it", f"write {''.join(key.split())!r}"
    if key != key.lower() and len(key.rpartition("+")[2]) > 1 and key_problem(key.lower()) is None:
        return f"{key!r} is not a key name: key names are in lower case", f"write {key.lower()!r}"
    *modifiers, base = key.split("+")
    prefix = "+".join(modifiers) + "+" if modifiers else ""
    if not base:
        if key.endswith("++") and key[:-2].replace("+", ""):
            return f"{key!r}: after a modifier, + is written by its name", f"write {key[:-1] + 'plus'!r}"
        return f"{key!r} names no key after {prefix!r}", f'name one, e.g. "{prefix}r"'
    if base in MODIFIERS:
        return f"{key!r} is only modifiers: {base!r} is no key on its own", f'add the key, e.g. "{key}+r"'
    if "" in modifiers:
        return f"{key!r} has an empty part between two +", f"write {'+'.join(filter(None, modifiers)) + '+' + base!r}"
    for modifier in modifiers:
        if modifier.lower() in MODIFIERS and modifier not in MODIFIERS and key_problem(key.lower()) is None:
            return f"{key!r} is not a key name: modifiers are in lower case", f"write {key.lower()!r}"
        if modifier not in MODIFIERS:
            close = difflib.get_close_matches(modifier.lower(), MODIFIERS, n=1)
            hint = f"did you mean {key.replace(modifier + '+', close[0] + '+', 1)!r}? " if close else ""
            return f"unknown modifier {modifier!r} in {key!r}", hint + "modifiers are " + ", ".join(MODIFIERS)
    if len(set(modifiers)) < len(modifiers):
        return f"{key!r} repeats a modifier", f"write {'+'.join(dict.fromkeys(modifiers)) + '+' + base!r}"
    ordered = "+".join(sorted(modifiers, key=MODIFIERS.index))
    if len(base) == 1 and modifiers:
        if not base.isalnum():
            name = character_to_key(base)
            return (
                f"{key!r} never matches: after a modifier, Textual names {base!r} {name!r}",
                f"write {ordered + '+' + name!r}",
            )
        if base.isupper():
            shifted = "+".join(sorted({*modifiers, "shift"}, key=MODIFIERS.index)) + "+" + base.lower()
            problem = f"{key!r} never matches: with a modifier, Textual reports a capital as shift and the letter"
            return problem, f"write {shifted!r}"
    if modifiers == ["shift"] and (len(base) == 1 or (base in CHARACTER_NAMES and base != "space")):
        fix = f"write {base.upper()!r}" if base.isalpha() else 'write the character Shift types, e.g. "!"'
        # a terminal sends the character Shift typed ("G", "!"); only one that reports keys without their text
        # (kitty's protocol without associated text) would send shift+g
        return f"{key!r} does not fire: Textual reports Shift and a character as the character it types", fix
    if not (len(base) == 1 or base in KEY_NAMES or _names_a_character(base)):
        close = difflib.get_close_matches(base.lower(), sorted(KEY_NAMES | CHARACTER_NAMES), n=1, cutoff=0.6)
        hint = f"did you mean {prefix + close[0]!r}? " if close else ""
        return f"{key!r} is not a key Textual knows", hint + _EXAMPLES
    if modifiers and "+".join(modifiers) != ordered:
        order = ", ".join(MODIFIERS)
        return (
            f"{key!r} never matches: Textual writes modifiers in the order {order}",
            f"write {ordered + '+' + base!r}",
        )
    return None


# --- clashes ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyProblem:
    """What is wrong with the `[keys]` entry of `binding_id`, and how to fix it."""

    binding_id: str
    problem: str
    fix: str


@dataclass(frozen=True)
class _Holder:
    ident: str
    action: str
    label: str
    where: str
    priority: bool
    remappable: bool


def _holders(keymap: Mapping[str, str]) -> Iterator[tuple[str, _Holder]]:
    for spec in _REMAPPABLE:
        holder = _Holder(spec.id, spec.action, f"{spec.id} ({spec.description})", spec.id.split(".")[0],
                         spec.priority, True)  # fmt: skip
        for key in dict.fromkeys(normalize_key(k) for k in split_keys(keymap.get(spec.id, spec.keys))):
            yield key, holder
    for fixed in FIXED_KEYS:
        label = f"{fixed.id} ({fixed.description})" if fixed.id else f"{fixed.description} (Textual's own)"
        holder = _Holder(fixed.id or f"{fixed.where}:{fixed.action}", fixed.action, label, fixed.where,
                         fixed.priority, False)  # fmt: skip
        for key in split_keys(fixed.keys):
            yield key, holder


def _active_together(a: _Holder, b: _Holder) -> bool:
    """On one screen at one time: both on the main screen, or a priority binding and anything anywhere."""
    if a.where in _MAIN and b.where in _MAIN:
        return True
    return (a.priority and a.where == "app") or (b.priority and b.where == "app")


def _clashes(keymap: Mapping[str, str]) -> list[tuple[str, _Holder, _Holder]]:
    by_key: dict[str, list[_Holder]] = {}
    for key, holder in _holders(keymap):
        by_key.setdefault(key, []).append(holder)
    found = []
    for key, holders in by_key.items():
        for i, a in enumerate(holders):
            for b in holders[i + 1 :]:
                if (a.remappable or b.remappable) and a.action != b.action and _active_together(a, b):
                    found.append((key, a, b))
    return found


_BY_DESIGN = frozenset((key, frozenset((a.ident, b.ident))) for key, a, b in _clashes({}))
"""Keys the defaults give to two bindings on purpose (Tab: the next pane, not Textual's next widget)."""


def check_keys(keymap: Mapping[str, str]) -> KeyProblem | None:
    """The first problem of a `[keys]` table, in file order: an unknown id, a bad key name, or a clash."""
    for binding_id, value in keymap.items():
        if binding_id not in BINDING_IDS:
            close = difflib.get_close_matches(binding_id, sorted(BINDING_IDS), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            return KeyProblem(binding_id, f"unknown binding id {binding_id!r}",
                              hint + "press ? in monitor to see every binding with its id")  # fmt: skip
        if not value.strip():
            return KeyProblem(binding_id, f"no key given for {binding_id!r}", 'give one or more keys, e.g. "f5,r"')
        for key in split_keys(value):
            bad = key_problem(key)
            if bad is not None:
                text, fix = bad
                return KeyProblem(binding_id, text if key else f"{text} in {value!r}", fix)
    order = {binding_id: n for n, binding_id in enumerate(keymap)}
    candidates = []
    for key, a, b in _clashes(keymap):
        if (key, frozenset((a.ident, b.ident))) in _BY_DESIGN:
            continue
        # blame the entry that took the key last in the file: the other binding is a default or came first
        blamed, other = (a, b) if order.get(a.ident, -1) > order.get(b.ident, -1) else (b, a)
        if blamed.ident in order:
            candidates.append((order[blamed.ident], key, blamed, other))
    if not candidates:
        return None
    _, key, blamed, other = min(candidates, key=lambda c: c[0])
    if other.where in _MAIN and blamed.where in _MAIN:
        where = _WHERE["pane"] if other.where == "pane" else "on the main screen"
    else:
        where = _WHERE.get(other.where, f"in the {other.where} screen")
    clash = f"key {key!r} for {blamed.ident} is already taken by {other.label} {where}: one of them would never run"
    taken = {k for k, _ in _holders(keymap)}
    free = next((f"f{n}" for n in range(1, 13) if f"f{n}" not in taken), None)
    fix = f"choose another key for {blamed.ident!r}" + (f" ({free} is free)" if free else "")
    if other.remappable:
        fix += f", or give {other.ident!r} another key as well"
    return KeyProblem(blamed.ident, clash, fix)
