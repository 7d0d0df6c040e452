"""Moderator review: what a case card shows, what the author is told of a verdict, the web console."""
