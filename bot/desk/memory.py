"""The in-memory front end: text commands as a chat would send them ("/bannir 42 1d spam"),
parsed, given to the desk, and the answer rendered in the sender's language; no platform at all.
The tests drive the desk through it (as errbot's test backend does), and the outbox shows what
would reach the platform."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.desk.commands import Purge, Sanction, Standing, Unban
from bot.desk.context import Result
from bot.desk.desk import Desk
from bot.desk.parse import command_of, read_words
from bot.desk.refusals import Refusal
from bot.desk.roles import Actor
from bot.desk.words import every
from bot.store.casefile import Verdict

# The member and crisis commands this front end reads, by their names in every language.
_COMMANDS = {
    "report": every("command.report"),
    "appeal": every("command.appeal"),
    "status": every("command.crisis"),
    "level": every("command.level"),
    "ack": every("command.ack"),
    "approve": every("command.approve"),
}
_CONFIRMED = every("command.confirm")
_MESSAGE_ID = re.compile(r"^m\d+$")  # the test messages are m1, m2...


@dataclass
class MemoryFrontEnd:
    """One community of one platform, spoken to in text; `standings` are its members' platform
    roles (what Discord's member roles or Telegram's chat-member status would say)."""

    desk: Desk
    community: str
    standings: dict[str, Standing] = field(default_factory=dict)

    def send(self, actor: Actor, line: str) -> str:
        """Run one command line; the answer (or the refusal) in the actor's language."""
        name, *words = line.strip().lstrip("/").split()
        try:
            if name.lower() in _COMMANDS["status"]:
                return self._status(actor)
            result = self._run(actor, name.lower(), words)
        except Refusal as refusal:
            return refusal.text(actor.lang)
        if result.data is not None and hasattr(result.data, "lines"):
            return "\n".join([result.text(actor.lang), *result.data.lines(actor.lang)])
        return result.text(actor.lang)

    def _run(self, actor: Actor, name: str, words: list[str]) -> Result:
        if name in _COMMANDS["report"]:
            message, *reason = words
            return self.desk.report(actor, self.community, "general", message, " ".join(reason))
        if name in _COMMANDS["appeal"]:
            number = int(words.pop(0)) if words and words[0].isdigit() else None
            author = actor.id.rpartition(":")[2]
            return self.desk.appeal(actor, author, " ".join(words), self.community, case_id=number)
        if name == "verdict":
            return self.desk.review(int(words[0]), Verdict(words[1]), actor)
        if name in _COMMANDS["level"]:
            level, *reason = words
            return self.desk.declare_level(self.community, int(level), actor, " ".join(reason))
        if name in _COMMANDS["ack"]:
            return self.desk.ack(words[0], actor)
        if name in _COMMANDS["approve"]:
            confirmed = words[-1].lower() in _CONFIRMED
            return self.desk.approve_statement(words[0], actor, confirmed)
        command = command_of(name)
        if command is None:
            raise ValueError(f"unknown command {name!r}")
        return self._moderate(actor, command, words)

    def _status(self, actor: Actor) -> str:
        """The crisis status as data lines (the chat front ends lay it out their own way)."""
        found = self.desk.crisis_status(self.community, actor)
        lines = [f"level {found['level']} ({found.get('name', '')})"]
        lines += [f"case {case['case']} {case['status']}" for case in found.get("cases", ())]
        lines += [f"statement {s['statement']}" for s in found.get("statements", ())]
        return "\n".join(lines)

    def _moderate(self, actor: Actor, command: str, words: list[str]) -> Result:
        target = words.pop(0) if words else ""
        if command == "infractions":
            return self.desk.infractions(self.community, target, actor)
        if command == "unban":
            return self.desk.unban(Unban(self.community, target, " ".join(words)), actor)
        if command == "purge":
            count = int(words.pop(0)) if words and words[0].isdigit() else 0
            purge = Purge(self.community, target, count, " ".join(words))
            return self.desk.purge(replace(purge, standing=self._standing(target)), actor)
        parsed = read_words(words, want_duration=command in ("timeout", "ban"))
        on_message = command == "delete" or _MESSAGE_ID.match(target) is not None
        sanction = Sanction(
            action=command,
            community=self.community,
            user_id=None if on_message else target or None,
            message_id=target if on_message else None,
            reason=parsed.reason,
            rule=parsed.rule,
            duration=parsed.duration,
            clean=parsed.clean,
            standing=self._standing(target),
        )
        return self.desk.sanction(sanction, actor)

    def _standing(self, target: str) -> Standing:
        return self.standings.get(target, Standing())
