"""Scoring and error analysis: what the extractor misses and invents, grouped by kind.

The tests (test_realphrasing.py) score with it, and `bench/errors.py` is its command:

    .venv/bin/python bench/errors.py [CORPUS ...] [--show] [--kind KIND]

A CORPUS is a folder of `NN.txt` articles with `NN.gold.json` beside them (the
dev sets, tests/extract/corpus) or a `.jsonl` file (or folder of them) of short
passages with their gold facts (tests/extract/realphrasing). Without one, the dev
set, dev2 and the real-phrasing corpus are read.

Matching follows ../shared/eval/score.py (counts by count, total and unit;
statements by quote overlap and speaker; events by date). Each miss and each
false fact is put under the kind of error it most likely is:

- unit, amount, total: a predicted count on the same evidence got that part wrong
- actor: the count is right, the actor is not
- speaker, span: a predicted statement has the right quote but another speaker,
  or the right speaker but its quote stops at the wrong place
- polarity: a false fact in a sentence that denies, negates, asks or supposes
- date: an event found on the same evidence resolved to another day
- missed, false: nothing near it was predicted / nothing near it is gold

It prints one table (F1 per fact type, then errors per kind) per corpus, and with
--show every error under its kind, with its sentence.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.extract.__main__ import facts_json

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "eval"
DEFAULTS = [SHARED / "dev", SHARED / "dev2", ROOT / "tests" / "extract" / "realphrasing"]

WORD = re.compile(r"\w+")
STOP = {"the", "a", "an", "of", "for", "and", "said", "spokesman", "spokeswoman", "official", "officials",
        "spokesperson", "told", "its", "his", "her"}  # fmt: skip
NEGATION = re.compile(
    r"\b(?:den(?:y|ies|ied)|not|no|never|n't|if|whether|would|could|might|may|tried|attempt\w*|rejected|dismissed|"
    r"false|unless|claims?)\b|\?",
    re.I,
)


def tokens(text: str | None) -> list[str]:
    return WORD.findall((text or "").lower())


def norm_unit(unit: str | None) -> str:
    u = " ".join(tokens(unit)).replace("centres", "centers").replace("kilometers", "kilometres")
    if u.startswith(("percent", "per cent")):
        return "percent"
    return u[:-1] if u.endswith("s") else u


def count_match(g: dict[str, Any], p: dict[str, Any]) -> bool:
    if g.get("count") is None:
        if p.get("count") is not None or (p.get("qualifier") or "") != (g.get("qualifier") or ""):
            return False
    elif p.get("count") != g.get("count"):
        return False
    return p.get("total") == g.get("total") and norm_unit(p.get("unit")) == norm_unit(g.get("unit"))


def names_match(g: str | None, p: str | None) -> bool:
    gt = [t for t in tokens(g) if t not in STOP]
    pt = [t for t in tokens(p) if t not in STOP]
    if not gt or not pt:
        return False
    if gt[-1] in pt or pt[-1] in gt:
        return True
    return any(a[:5] == b[:5] for a in gt for b in pt if len(a) >= 4 and len(b) >= 4)


def quote_match(g: str, p: str) -> bool:
    gt, pt = Counter(tokens(g)), Counter(tokens(p))
    shared = sum((gt & pt).values())
    return bool(gt and pt) and shared / sum(gt.values()) >= 0.6 and shared / sum(pt.values()) >= 0.5


def quote_overlap(g: str, p: str) -> bool:
    gt, pt = Counter(tokens(g)), Counter(tokens(p))
    return sum((gt & pt).values()) >= 3


def statement_match(g: dict[str, Any], p: dict[str, Any]) -> bool:
    return quote_match(g["quote"], p.get("quote", "")) and names_match(g["speaker"], p.get("speaker"))


@dataclass
class Passage:
    name: str
    published: dt.date
    text: str
    gold: dict[str, Any]
    title: str | None = None


def read_corpus(path: Path) -> Iterator[Passage]:
    if path.is_file() and path.suffix == ".jsonl":
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                d = json.loads(line)
                yield Passage(d.get("id") or f"{path.stem}:{n}", dt.date.fromisoformat(d["published"]), d["text"], d,
                              d.get("title"))  # fmt: skip
        return
    jsonl = sorted(path.glob("*.jsonl"))
    for p in jsonl:
        yield from read_corpus(p)
    for gold_path in sorted(path.glob("*.gold.json")):
        name = gold_path.name.removesuffix(".gold.json")
        head, _, body = gold_path.with_name(name + ".txt").read_text(encoding="utf-8").partition("\n----\n")
        m = re.search(r"^PUBLISHED:\s*(\S+)", head, re.M)
        assert m, gold_path
        yield Passage(name, dt.date.fromisoformat(m.group(1)), body, json.loads(gold_path.read_text("utf-8")))


def pair(gold: list[dict[str, Any]], pred: list[dict[str, Any]], same: Callable[[Any, Any], bool]) -> set[int]:
    """Greedy one-to-one matching as score.py does it; returns the matched prediction indexes per gold (-1: none)."""
    used: set[int] = set()
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and same(g, p):
                used.add(i)
                break
    return used


@dataclass
class Tally:
    tp: int = 0
    gold: int = 0
    pred: int = 0

    def f1(self) -> float:
        p = self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)
        r = self.tp / self.gold if self.gold else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    tallies: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in FIGURES})
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


FIGURES = ("counts", "actors", "direct", "statements", "events")


def sentence_of(text: str, needle: str) -> str:
    i = text.find(needle) if needle else -1
    if i < 0:
        return ""
    start = max(text.rfind(". ", 0, i) + 2, text.rfind("\n", 0, i) + 1, 0)
    end = min(
        [j for j in (text.find(". ", i + len(needle)), text.find("\n", i + len(needle))) if j >= 0] or [len(text)]
    )
    return text[start : end + 1].strip()


def analyse(passage: Passage, pred: dict[str, Any], report: Report) -> None:
    gold, text, name = passage.gold, passage.text, passage.name
    t = report.tallies
    err = report.errors
    gc, pc = gold.get("counts", []), pred["counts"]
    t["counts"].tp += len(pair(gc, pc, count_match))
    t["counts"].gold += len(gc)
    t["counts"].pred += len(pc)
    t["actors"].tp += len(pair(gc, pc, lambda g, p: count_match(g, p) and names_match(g["actor"], p.get("actor"))))
    t["actors"].gold += len(gc)
    t["actors"].pred += len(pc)
    for g in gc:
        desc = f"{name}: {g.get('actor')} {g['verb']} {g['count']} {g['qualifier']} of {g['total']} {g['unit']}"
        hit = [p for p in pc if count_match(g, p)]
        if hit:
            if not any(names_match(g["actor"], p.get("actor")) for p in hit):
                err["actor"].append(f"{desc} — got actor {hit[0].get('actor')!r} | {g['evidence']}")
            continue
        near = [
            p for p in pc if p.get("evidence") and (p["evidence"] in g["evidence"] or g["evidence"] in p["evidence"])
        ]
        kind = "missed"
        for p in near:
            same_num = p.get("count") == g["count"] and (g["count"] is not None or p.get("qualifier") == g["qualifier"])
            same_unit = norm_unit(p.get("unit")) == norm_unit(g["unit"])
            if same_num and same_unit:
                kind = "total"
            elif same_num:
                kind = "unit"
            elif same_unit:
                kind = "amount"
            if kind != "missed":
                desc += f" — got {p.get('count')} {p.get('qualifier')} of {p.get('total')} {p.get('unit')}"
                break
        err[kind].append(f"{desc} | {g['evidence']}")
    for p in pc:
        if any(count_match(g, p) for g in gc):
            continue
        if any(
            p.get("evidence") and p["evidence"] in g["evidence"] or g["evidence"] in (p.get("evidence") or "")
            for g in gc
        ):
            continue  # already told as the gold's unit/amount/total error
        sent = sentence_of(text, p.get("evidence") or "")
        kind = "polarity" if NEGATION.search(sent) else "false"
        err[kind].append(f"{name}: false count {p.get('actor')} {p.get('verb')} {p.get('count')} {p.get('qualifier')} "
                         f"of {p.get('total')} {p.get('unit')} | {sent[:200]}")  # fmt: skip

    for key, gs, ps in (
        ("direct", [s for s in gold.get("statements", []) if s["kind"] == "direct"],
         [s for s in pred["statements"] if s.get("kind") == "direct"]),
        ("statements", gold.get("statements", []), pred["statements"]),
    ):  # fmt: skip
        t[key].tp += len(pair(gs, ps, statement_match))
        t[key].gold += len(gs)
        t[key].pred += len(ps)
    gs, ps = gold.get("statements", []), pred["statements"]
    for g in gs:
        if any(statement_match(g, p) for p in ps):
            continue
        desc = f"{name}: {g['kind']} {g['speaker']}: {g['quote'][:100]}"
        same_quote = [p for p in ps if quote_match(g["quote"], p.get("quote", ""))]
        same_speaker = [
            p
            for p in ps
            if names_match(g["speaker"], p.get("speaker")) and quote_overlap(g["quote"], p.get("quote", ""))
        ]
        if same_quote:
            err["speaker"].append(f"{desc} — got speaker {same_quote[0].get('speaker')!r}")
        elif same_speaker:
            err["span"].append(f"{desc} — got quote {same_speaker[0].get('quote', '')[:100]!r}")
        else:
            err["missed statement"].append(desc)
    for p in ps:
        if any(statement_match(g, p) for g in gs):
            continue
        if any(quote_match(g["quote"], p.get("quote", "")) or (names_match(g["speaker"], p.get("speaker")) and
               quote_overlap(g["quote"], p.get("quote", ""))) for g in gs):  # fmt: skip
            continue  # told above as speaker or span
        sent = sentence_of(text, (p.get("quote") or "")[:40])
        kind = "polarity" if NEGATION.search(sent) and not gs else "false statement"
        err[kind].append(f"{name}: false {p.get('kind')} {p.get('speaker')!r}: {str(p.get('quote'))[:100]}")

    ge, pe = gold.get("events", []), pred["events"]
    t["events"].tp += len(pair(ge, pe, lambda g, p: g["date"] == p.get("date")))
    t["events"].gold += len(ge)
    t["events"].pred += len(pe)
    for g in ge:
        if any(g["date"] == p.get("date") for p in pe):
            continue
        near = [
            p for p in pe if p.get("evidence") and (p["evidence"] in g["evidence"] or g["evidence"] in p["evidence"])
        ]
        if near:
            err["date"].append(f"{name}: {g['date']} {g['title']} — got {near[0].get('date')} | {g['evidence']}")
        else:
            err["missed event"].append(f"{name}: {g['date']} {g['title']} | {g['evidence']}")
    for p in pe:
        if any(g["date"] == p.get("date") for g in ge):
            continue
        if any(p.get("evidence") and (p["evidence"] in g["evidence"] or g["evidence"] in p["evidence"]) for g in ge):
            continue
        sent = sentence_of(text, p.get("evidence") or "")
        err["false event"].append(f"{name}: {p.get('date')} {p.get('title')} | {sent[:160]}")


def run(path: Path) -> Report:
    report = Report()
    for passage in read_corpus(path):
        analyse(passage, facts_json(passage.text, passage.published), report)
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="*", type=Path)
    ap.add_argument("--show", action="store_true", help="list every error under its kind")
    ap.add_argument("--kind", default="", help="with --show, only this kind")
    args = ap.parse_args()
    for path in args.corpus or [p for p in DEFAULTS if p.exists()]:
        report = run(path)
        figures = " ".join(f"{k}={report.tallies[k].f1():.3f}" for k in FIGURES)
        kinds = " ".join(f"{k}={len(v)}" for k, v in sorted(report.errors.items(), key=lambda kv: -len(kv[1])))
        print(f"{path}\n  F1: {figures}\n  errors: {kinds or 'none'}")
        if args.show:
            for kind, lines in sorted(report.errors.items()):
                if args.kind and kind != args.kind:
                    continue
                print(f"  -- {kind} ({len(lines)})")
                for line in lines:
                    print(f"     {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
