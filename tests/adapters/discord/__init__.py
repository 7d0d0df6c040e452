"""End-to-end tests of the Discord adapter: the real discord.py against the local fake Discord."""
