"""Small builders for models in tests, so each test states only what it is about."""

from __future__ import annotations

import datetime as dt

from monitor.models import ControlClaim, Event, Facts, FeedStatus, Item, Statement

T0 = dt.datetime(2021, 6, 22, 12, tzinfo=dt.UTC)


def item(
    id: str = "i1", feed: str = "UN", *, published: dt.datetime = T0, title: str = "Title", content: str = "Body text."
) -> Item:
    return Item(id=id, feed=feed, title=title, published=published, content=content, link=f"https://x.invalid/{id}")


def claim(
    count: int | None = 50,
    *,
    actor: str = "Taliban",
    total: int | None = 370,
    unit: str = "districts",
    verb: str = "control",
    qualifier: str = "more than",
    start: int = 0,
    end: int = 10,
    **provenance: object,
) -> ControlClaim:
    return ControlClaim.model_validate(
        dict(
            actor=actor,
            count=count,
            qualifier=qualifier,
            total=total,
            unit=unit,
            verb=verb,
            evidence="x" * (end - start),
            start=start,
            end=end,
            **provenance,
        )
    )


def statement(
    speaker: str = "Deborah Lyons",
    quote: str = "There is only one acceptable direction",
    *,
    kind: str = "direct",
    role: str | None = "UN envoy",
    start: int = 0,
    end: int = 10,
    **provenance: object,
) -> Statement:
    return Statement.model_validate(
        dict(
            speaker=speaker,
            quote=quote,
            kind=kind,
            role=role,
            evidence="x" * (end - start),
            start=start,
            end=end,
            **provenance,
        )
    )


def event(
    date: dt.date = dt.date(2021, 6, 25),
    title: str = "Biden hosts Ghani and Abdullah",
    participants: tuple[str, ...] = ("Joe Biden", "Ashraf Ghani"),
    location: str | None = "White House",
    **provenance: object,
) -> Event:
    return Event.model_validate(
        dict(
            date=date,
            title=title,
            participants=list(participants),
            location=location,
            evidence="on Friday, June 25",
            start=0,
            end=17,
            **provenance,
        )
    )


def status(name: str = "UN", **fields: object) -> FeedStatus:
    return FeedStatus.model_validate(dict(name=name, url=f"https://x.invalid/{name}", **fields))


def facts(
    *, counts: tuple[ControlClaim, ...] = (), statements: tuple[Statement, ...] = (), events: tuple[Event, ...] = ()
) -> Facts:
    return Facts(counts=list(counts), statements=list(statements), events=list(events))


SEED = """\
The Taliban now hold more than 50 of Afghanistan's 370 districts, the United Nations envoy for Afghanistan,
Deborah Lyons, told the Security Council on Tuesday.

"There is only one acceptable direction for Afghanistan – away from the battlefield and back to the negotiating
table," Lyons said.

President Joe Biden will host Afghan President Ashraf Ghani and Abdullah Abdullah at the White House this Friday,
June 25.
"""
"""An article body in a few lines: a count, a quotation and an event (`monitor extract` tests read it)."""
