"""Adapters: where messages come from and where actions go (memory, replay, console, platforms)."""
