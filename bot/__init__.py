"""Vigie: a moderation and crisis assistant for community managers on Discord and Telegram."""

__version__ = "0.1.0"
