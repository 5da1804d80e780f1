"""monitor: a terminal situation monitor for people who follow an unfolding crisis."""

__version__ = "0.1.0"
