"""Tests of the storage floor (bot/store), run on SQLite and on PostgreSQL."""
