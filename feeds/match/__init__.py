"""Who an item is about and what happened: see matcher.Matcher."""

from feeds.match.matcher import Matcher

__all__ = ["Matcher"]
