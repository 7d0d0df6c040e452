"""The engine that applies a charter to messages: pure decisions, no I/O."""
