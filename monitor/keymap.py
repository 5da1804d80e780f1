"""Every key binding of the screen, by id, so users can remap them in `[keys]`.

The ids live in the core (not in the UI) so that config validation can reject a
misspelt id with a did-you-mean before the screen starts; the UI builds its
Textual bindings from these specs and applies `[keys]` as a keymap.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["APP_KEYS", "BINDING_IDS", "PANE_KEYS", "KeySpec"]


@dataclass(frozen=True)
class KeySpec:
    id: str
    keys: str
    """Comma-separated Textual key names."""
    action: str
    description: str
    show: bool = True
    key_display: str | None = None


APP_KEYS: tuple[KeySpec, ...] = (
    KeySpec("app.quit", "q", "quit", "Quit"),
    KeySpec("app.help", "question_mark", "help", "Help", key_display="?"),
    KeySpec("app.refresh", "r", "refresh", "Refresh now"),
    KeySpec("app.pause", "p", "pause", "Pause polling"),
    KeySpec("app.filter", "slash", "filter", "Filter", key_display="/"),
    KeySpec("app.open_link", "o", "open_link", "Open link", show=False),
    KeySpec("app.speaker", "s", "filter_speaker", "Only this speaker", show=False),
    KeySpec("app.add_feed", "a", "add_feed", "Add feed", show=False),
    KeySpec("app.remove_feed", "x", "remove_feed", "Remove feed", show=False),
    KeySpec("app.pane1", "1", "focus_pane('control')", "Control pane", show=False),
    KeySpec("app.pane2", "2", "focus_pane('events')", "Upcoming events pane", show=False),
    KeySpec("app.pane3", "3", "focus_pane('statements')", "Statements pane", show=False),
    KeySpec("app.pane4", "4", "focus_pane('wire')", "Wire pane", show=False),
    KeySpec("app.pane5", "5", "focus_pane('health')", "Feeds pane", show=False),
)

PANE_KEYS: tuple[KeySpec, ...] = (
    KeySpec("pane.down", "j", "cursor_down", "Down", show=False),
    KeySpec("pane.up", "k", "cursor_up", "Up", show=False),
    KeySpec("pane.top", "g", "scroll_top", "Top of the pane", show=False),
    KeySpec("pane.bottom", "G", "scroll_bottom", "Bottom of the pane", show=False),
)

BINDING_IDS: frozenset[str] = frozenset(spec.id for spec in (*APP_KEYS, *PANE_KEYS))
