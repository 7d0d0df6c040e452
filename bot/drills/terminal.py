"""The interactive drill in a terminal: a read-eval loop over injectable input and output streams.
The trainee sees the feed (the crowd, Vigie's suggestions, the plan's calls, the cell's answers)
and types commands in English or French. Story time moves with `wait`, or with the wall clock when
a real-time StoryClock is given (`time_scale × speed` story seconds per second). Tests drive it by
writing the input stream; nothing here sleeps."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from bot.charter.fields import pick
from bot.drills.commands import CommandError, SessionCommand, parse, wait_for
from bot.drills.feed import FanOut, FeedItem, Kind, MemorySink
from bot.drills.loader import Drill
from bot.drills.pacing import StoryClock
from bot.drills.record import DrillRecord
from bot.drills.runner import DrillSession
from bot.drills.timing import clock_label
from bot.i18n.catalog import messages

MARKS = {
    Kind.MESSAGE: "💬",
    Kind.EXTERNAL: "✉",
    Kind.INFO: "ℹ",
    Kind.SUGGESTION: "⚑",
    Kind.PLAN: "◆",
    Kind.CELL: "☎",
    Kind.BRAND: "★",
    Kind.ACTION: "✔",
    Kind.ERROR: "✘",
}


class TerminalSink:
    """Prints each feed item on one or more lines of the output stream."""

    def __init__(self, output: TextIO, timezone: str) -> None:
        self.output, self.timezone = output, timezone
        self.muted = False  # once the trainee ends, the rest of the story plays silently
        self.shown = 0

    def show(self, item: FeedItem) -> None:
        """Print the item."""
        if self.muted:
            return
        self.output.write(format_item(item, self.timezone) + "\n")
        self.output.flush()
        self.shown += 1


def format_item(item: FeedItem, timezone: str) -> str:
    """One feed item as the terminal shows it."""
    when = clock_label(item.at, timezone)
    mark = MARKS[item.kind]
    if item.kind in (Kind.ACTION, Kind.ERROR, Kind.SUGGESTION):
        return f"       {mark} {item.text}"
    where = f"#{item.channel} " if item.channel else ""
    ident = f"[{item.message_id}] " if item.message_id and item.kind is Kind.MESSAGE else ""
    reply = f"↳{item.reply_to} " if item.reply_to else ""
    author = f"{item.author} › " if item.author else ""
    return f"{when} {mark} {where}{ident}{reply}{author}{item.text}"


class TerminalSession:
    """One trainee at a terminal; `run` plays the drill to its end and returns the record."""

    def __init__(
        self,
        drill: Drill,
        stdin: TextIO,
        stdout: TextIO,
        trainee: str = "trainee",
        story_clock: StoryClock | None = None,
        poll: Callable[[float], bool] | None = None,
    ) -> None:
        self.drill, self.stdin, self.stdout = drill, stdin, stdout
        self.lang = drill.lang
        self.memory = MemorySink()
        self.screen = TerminalSink(stdout, drill.timezone)
        self.session = DrillSession(drill, FanOut(self.screen, self.memory), trainee)
        self.story_clock = story_clock
        self.poll = poll  # with a real-time clock: is a line waiting? (the feed runs meanwhile)

    def run(self) -> DrillRecord:
        """The read-eval loop, until `end`, the end of the input or the end of the story."""
        self._welcome()
        while not self.session.over:
            self._prompt()
            if not self._wait_for_input():
                break
            text = self.stdin.readline()
            if text == "":  # end of input: the story plays to its end
                break
            self._catch_up()
            if not self._handle(text):
                self.screen.muted = True
                break
        record = self.session.finish()
        self.screen.muted = False
        self._say("drills.terminal.end")
        return record

    def _catch_up(self) -> None:
        """In real time, the story has moved on while the trainee was typing."""
        if self.story_clock is not None:
            self.session.advance(self.story_clock.now())

    def _wait_for_input(self) -> bool:
        """In real time, play the story while no line is typed; False when the story ended."""
        if self.story_clock is None or self.poll is None:
            return True
        while not self.poll(0.5):
            shown = self.screen.shown
            self._catch_up()
            if self.session.over:
                return False
            if self.screen.shown != shown:
                self._prompt()
        return True

    def _handle(self, text: str) -> bool:
        """Do one line; False when the trainee ends the drill."""
        at = self.session.now - self.session.record.start
        try:
            command = parse(text, at)
        except CommandError as exc:
            self._say("drills.terminal.unknown", command=str(exc))
            return True
        if command is None:
            return True
        if isinstance(command, SessionCommand):
            return self._session_command(command)
        self.session.act(command)
        return True

    def _session_command(self, command: SessionCommand) -> bool:
        name = command.name
        if name == "end":
            return False
        if name == "help":
            self.stdout.write(messages().text(self.lang, "drills.terminal.help"))
        elif name == "status":
            self._status()
        elif name == "feed":
            self._feed(command.argument)
        elif name == "wait":
            self._wait(command.argument)
        elif name == "templates":
            self._templates()
        elif name == "checklist":
            self._checklist()
        elif name == "show":
            self._show_draft(command.argument)
        return True

    def _wait(self, argument: str) -> None:
        try:
            span = wait_for(argument)
        except ValueError:
            self._say("drills.terminal.unknown", command=f"wait {argument}")
            return
        reached = self.session.wait(span)
        if self.story_clock is not None:
            self.story_clock.jump(reached)

    def _status(self) -> None:
        status = self.session.status()
        self._say("drills.terminal.status_level", level=status["level"], name=status["name"])
        for case in status["cases"]:
            self._say("drills.terminal.status_case", **case)
        for draft in status["drafts"]:
            self._say("drills.terminal.status_draft", **draft)
        if status["indicators"]:
            values = ", ".join(f"{k}={v}" for k, v in status["indicators"].items())
            self._say("drills.terminal.status_indicators", values=values)

    def _feed(self, argument: str) -> None:
        count = int(argument) if argument.strip().isdigit() else 10
        messages = self.memory.of(Kind.MESSAGE)[-count:]
        for item in messages:
            self.stdout.write(format_item(item, self.drill.timezone) + "\n")

    def _templates(self) -> None:
        for template in self.drill.playbook.templates:
            title = pick(template.title, self.lang)
            self.stdout.write(f"  {template.id}: {title}\n")

    def _checklist(self) -> None:
        incident = self.session.monitor.incidents.get(self.session.open_incident() or "")
        for index, item in enumerate(incident.checklist if incident else []):
            mark = "x" if item.get("checked_by") else " "
            self.stdout.write(f"  [{mark}] {index}. {item['text']}\n")

    def _show_draft(self, name: str) -> None:
        draft = self.session.record.drafts.get(name.strip())
        if draft is None:
            self._say("drills.terminal.no_draft", draft=name.strip())
            return
        self.stdout.write(f"{draft.id}:\n{draft.text}\n")

    def _welcome(self) -> None:
        meta = self.drill.scenario.meta
        self._say("drills.terminal.welcome", title=meta.title, brand=meta.brand)
        self.stdout.write(meta.synopsis + "\n")
        for objective in meta.objectives:
            self.stdout.write(f"  • {objective}\n")
        role = pick(self.drill.playbook.role(meta.trainee_role).name, self.lang)
        self._say("drills.terminal.your_role", role=role, scale=f"{meta.time_scale:g}")

    def _prompt(self) -> None:
        when = clock_label(self.session.now, self.drill.timezone)
        self.stdout.write(
            messages().text(
                self.lang, "drills.terminal.prompt", at=when, level=self.session.level()
            )
        )
        self.stdout.flush()

    def _say(self, key: str, **values: object) -> None:
        """One of the catalog's texts, in the session's language, on its own line."""
        self.stdout.write(messages().text(self.lang, key, **values) + "\n")
        self.stdout.flush()
