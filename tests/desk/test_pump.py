"""The desk's pump on the in-memory front end, with a recording gateway: the clock ticks first and
what it queues leaves in the same pass; a temporary ban's lift leaves when its time comes; actions
go in batches; an action given up is reported. Discord and Telegram drive this same pump (their
end-to-end tests lift a temporary ban through it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bot.core.decision import ActionRequest
from bot.core.ports import ActionResult, Outcome, PendingAction
from bot.desk.pump import BATCH, Pump
from tests.desk.conftest import MODERATOR, World


@dataclass
class Recorder:
    """The gateway of the test (what reaches the "platform", in order) and the crisis clock's
    stand-in (a tick that queues a warning, as an acknowledgement deadline queues an escalation)."""

    world: World
    log: list[str] = field(default_factory=list)
    refuse: str | None = None  # an action kind the platform refuses for good
    queue_on_tick: bool = False

    async def execute(self, request: ActionRequest) -> ActionResult:
        self.log.append(request.kind)
        if request.kind == self.refuse:
            return ActionResult(Outcome.FAILED, "refused by the platform")
        return ActionResult.done()

    def tick(self) -> None:
        self.log.append("tick")
        if self.queue_on_tick:
            self.world.say(MODERATOR, "/avertir u1 rappel")


def pump_of(world: World, recorder: Recorder, tick_every: float = 3600.0) -> Pump:
    dropped = recorder.log.append  # stands for the moderators' report

    async def report(failed: list[tuple[PendingAction, str]]) -> None:
        for pending, reason in failed:
            dropped(f"dropped {pending.request.kind}: {reason}")

    dispatcher = world.service.dispatcher(recorder)
    return Pump(dispatcher, recorder, tick_every=tick_every, report_dropped=report)


async def test_a_pass_ticks_first_and_sends_what_the_tick_queued(world: World) -> None:
    recorder = Recorder(world, queue_on_tick=True)
    pump = pump_of(world, recorder)
    report = await pump.pass_once()
    assert recorder.log == ["tick", "warn", "modlog"] and report.done == 2
    await pump.pass_once()  # the next tick is not due yet: nothing happens
    assert recorder.log == ["tick", "warn", "modlog"]


async def test_a_temporary_ban_is_lifted_when_its_time_comes(world: World) -> None:
    recorder = Recorder(world)
    pump = pump_of(world, recorder, tick_every=0.0)
    world.say(MODERATOR, "/bannir u1 2h spam")
    await pump.pass_once()
    assert recorder.log == ["tick", "notify_author", "ban", "modlog"]
    world.later(timedelta(hours=1))
    await pump.pass_once()
    assert recorder.log[-1] == "tick"  # not yet
    world.later(timedelta(hours=1, seconds=1))
    await pump.pass_once()
    assert recorder.log[-2:] == ["tick", "unban"]


async def test_actions_leave_in_batches(world: World) -> None:
    recorder = Recorder(world)
    pump = pump_of(world, recorder)
    for n in range(BATCH + 1):
        world.say(MODERATOR, f"/note u1 remarque {n}")  # a mod-log line each
    world.say(MODERATOR, "/avertir u1 rappel")
    first = await pump.pass_once()
    second = await pump.pass_once()
    assert (first.done, second.done) == (BATCH, 3)


async def test_an_action_given_up_is_reported(world: World) -> None:
    recorder = Recorder(world, refuse="kick")
    pump = pump_of(world, recorder)
    world.say(MODERATOR, "/expulser u1 spam")
    report = await pump.pass_once()
    assert len(report.failed) == 1
    assert "dropped kick: refused by the platform" in recorder.log


async def test_the_tick_runs_where_the_outbox_work_runs(world: World) -> None:
    """A chat adapter gives the dispatcher a worker thread (`offload`): the tick goes there too,
    so the crisis state's writes and a retention purge never hold the event loop."""
    recorder = Recorder(world)
    offloaded: list[str] = []

    async def offload(fn: Any, *args: Any) -> Any:
        offloaded.append(getattr(fn, "__name__", "?"))
        return fn(*args)

    pump_dispatcher = world.service.dispatcher(recorder)
    pump_dispatcher.offload = offload
    pump = Pump(pump_dispatcher, recorder, tick_every=3600.0)
    await pump.pass_once()
    assert offloaded[0] == "tick" and recorder.log == ["tick"]
