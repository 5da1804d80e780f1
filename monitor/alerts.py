"""Alerts: new facts that match what the user watches, and the command they may run.

Rules come from `[alerts]`: watched words (in an item's title or text), actors
(of a control claim) and speakers (of a statement). A watched actor also matches
its other names in the config's `[actors]` table, which the rules carry as an
alias map: watching "Rapid Support Forces" alerts on a claim by "RSF". Only stories that arrive
while a feed is being followed can alert — never a feed's first poll, which
brings its whole back catalogue — so starting `monitor` does not ring fifty bells.

A configured command gets one alert as JSON on standard input. It runs without
a shell (the command line is split like a shell would), with a timeout, and
its failure is reported, never raised: a broken notifier must not stop polling.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .merge import same_name
from .models import Facts, Item
from .situation import actor_key, canonical_actor

__all__ = ["Alert", "AlertRules", "match_alerts", "run_command"]

COMMAND_TIMEOUT = 10.0


@dataclass(frozen=True)
class AlertRules:
    words: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict, hash=False)
    """The `[actors]` alias map (`situation.alias_map`): actors are matched by their canonical name too."""

    def __bool__(self) -> bool:
        return bool(self.words or self.actors or self.speakers)

    def watches_speaker(self, speaker: str) -> bool:
        return any(same_name(speaker, watched) for watched in self.speakers)

    def watched_actor(self, actor: str | None) -> str | None:
        """The watched actor that `actor` is, by a similar name or by the same canonical name; else None."""
        if not actor:
            return None
        canonical = actor_key(canonical_actor(actor, self.aliases))
        return next(
            (
                watched
                for watched in self.actors
                if same_name(actor, watched) or actor_key(canonical_actor(watched, self.aliases)) == canonical
            ),
            None,
        )

    def actor_name(self, actor: str) -> str:
        """How an alert names a claim's actor: its canonical name when `[actors]` has one, else as written."""
        return self.aliases.get(actor_key(actor), actor)


@dataclass(frozen=True)
class Alert:
    kind: Literal["word", "actor", "speaker"]
    matched: str
    """The watched word, actor or speaker that matched."""
    summary: str
    """One line for a toast: what happened and where."""
    item: Item
    fact: dict[str, Any]
    """The matching fact (or the item) as JSON-ready data, with the item's title, link and feed."""

    def to_json(self) -> str:
        return json.dumps(
            {"kind": self.kind, "matched": self.matched, "summary": self.summary, **self.fact},
            ensure_ascii=False,
            default=str,
        )


def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, word.split())) + r"(?!\w)", re.I)


def match_alerts(rules: AlertRules, stories: Iterable[tuple[Item, Facts]]) -> list[Alert]:
    """Every alert the new stories raise, at most one per story and rule kind."""
    if not rules:
        return []
    patterns = [(word, _word_pattern(word)) for word in rules.words if word.strip()]
    found: list[Alert] = []
    for item, facts in stories:
        base = {"title": item.title, "link": item.link, "feed": item.feed, "published": item.published.isoformat()}
        for claim in facts.counts:
            watched = rules.watched_actor(claim.actor)
            if watched and claim.actor:
                amount = claim.count if claim.count is not None else claim.qualifier
                what = f"{rules.actor_name(claim.actor)} {claim.verb} {amount}"
                found.append(
                    Alert(
                        "actor",
                        watched,
                        f"{what} {claim.unit} — {item.feed}",
                        item,
                        {**base, "fact": claim.model_dump(mode="json")},
                    )
                )
                break
        for statement in facts.statements:
            watched = next((s for s in rules.speakers if same_name(statement.speaker, s)), None)
            if watched:
                found.append(
                    Alert(
                        "speaker",
                        watched,
                        f"{statement.speaker}: {_clip(statement.quote)} — {item.feed}",
                        item,
                        {**base, "fact": statement.model_dump(mode="json")},
                    )
                )
                break
        text = f"{item.title}\n{item.text}"
        for word, pattern in patterns:
            if pattern.search(text):
                found.append(Alert("word", word, f"“{word}” in {item.title} — {item.feed}", item, dict(base)))
                break
    return found


def _clip(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def run_command(command: str | Sequence[str], alert: Alert) -> str | None:
    """Run the alert command with the alert as JSON on stdin; a problem comes back as text."""
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    if not argv:
        return None
    try:
        done = subprocess.run(
            argv, input=alert.to_json(), text=True, capture_output=True, timeout=COMMAND_TIMEOUT, check=False
        )
    except FileNotFoundError:
        return f"alert command not found: {argv[0]}"
    except subprocess.TimeoutExpired:
        return f"alert command still running after {COMMAND_TIMEOUT:g} s: stopped"
    except OSError as exc:
        return f"alert command failed: {exc.strerror or exc}"
    if done.returncode != 0:
        tail = (done.stderr or "").strip().splitlines()[-1:] or [""]
        return f"alert command exited with {done.returncode} {tail[0]}".strip()
    return None
