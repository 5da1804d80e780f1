"""Typed messages from the polling worker to the screen.

The worker never touches a widget: it posts these, and the app updates the
panes on the UI's own turn. `FeedUpdated` may come at a high rate during a big
poll, so consecutive ones for the same feed replace each other in the queue.
"""

from __future__ import annotations

from textual.message import Message

from ..alerts import Alert
from ..models import FeedStatus, Item, Page
from ..store import PollerInfo


class PollBegan(Message):
    def __init__(self, feeds: tuple[str, ...]) -> None:
        super().__init__()
        self.feeds = feeds


class FeedUpdated(Message):
    def __init__(self, status: FeedStatus, new_items: tuple[Item, ...], alerts: tuple[Alert, ...] = ()) -> None:
        super().__init__()
        self.status = status
        self.new_items = new_items
        self.alerts = alerts

    def can_replace(self, message: Message) -> bool:
        return (
            isinstance(message, FeedUpdated)
            and message.status.name == self.status.name
            and not message.new_items
            and not message.alerts
        )


class PollEnded(Message):
    def __init__(self, statuses: tuple[FeedStatus, ...], offline: bool = False) -> None:
        super().__init__()
        self.statuses = statuses
        self.offline = offline


class PageArrived(Message):
    """An item's article page was read (or failed): its facts may have changed."""

    def __init__(self, feed: str, item_id: str, page: Page, alerts: tuple[Alert, ...] = ()) -> None:
        super().__init__()
        self.feed = feed
        self.item_id = item_id
        self.page = page
        self.alerts = alerts


class StoreChanged(Message):
    """Another process wrote the shared store (NOTIFY): new items, or a poll asked for."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, StoreChanged)  # one catch-up reads everything anew


class TeamCaughtUp(Message):
    """What a screen following a shared store read after a change: feeds, live pollers, alerts of new stories."""

    def __init__(
        self, statuses: dict[str, FeedStatus], team: tuple[PollerInfo, ...], alerts: tuple[Alert, ...]
    ) -> None:
        super().__init__()
        self.statuses = statuses
        self.team = team
        self.alerts = alerts
