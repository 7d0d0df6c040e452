"""The ground floor: platform-neutral values (messages, decisions, action requests), the clock,
the ports the upper floors implement, and the dispatcher. Imports nothing else of `bot`."""
