"""The screens: the main one with the five panes, and those stacked over it, one module each."""

from __future__ import annotations

from .claims import ClaimsScreen
from .detail import DetailScreen, page_line
from .dialogs import AddFeedScreen, ConfirmScreen, FeedScreen, HelpScreen

__all__ = ["AddFeedScreen", "ClaimsScreen", "ConfirmScreen", "DetailScreen", "FeedScreen", "HelpScreen", "page_line"]
