"""Long what-ifs in the background: a month of a busy community takes about a minute, longer than
a page should hang. The job replays in a thread of the console's process; the page shows a progress
bar that asks for news every second, and a button to cancel. Jobs belong to the console (never a
module global) and to the user who started them; finished jobs are forgotten beyond `keep`."""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.core.clock import Clock
from bot.review.web.whatif_replay import Cancelled, Watch, WhatIf

Work = Callable[[Watch, Callable[[int], None]], WhatIf]
log = logging.getLogger("vigie")


@dataclass
class WhatIfJob:
    """One what-if replaying in the background, as the progress page shows it."""

    id: str
    owner: str
    clock: Clock | None = None  # for the time left (none: not estimated)
    total: int | None = None  # messages to replay, once counted
    replayed: int = 0
    started: datetime | None = None  # when the replay began, once the messages were counted
    result: WhatIf | None = None
    failure: str | None = None  # why it stopped, for the page
    cancelled: bool = False
    finished: threading.Event = field(default_factory=threading.Event)
    _cancel: threading.Event = field(default_factory=threading.Event)

    @property
    def percent(self) -> int:
        """How far the replay is, 0 to 100."""
        if not self.total:
            return 100 if self.finished.is_set() else 0
        return min(100, self.replayed * 100 // self.total)

    @property
    def left(self) -> timedelta | None:
        """The time the replay should still take, at the pace it has kept so far (None until
        a first progress report, or without a clock)."""
        if self.clock is None or self.started is None or not self.total or not self.replayed:
            return None
        elapsed = self.clock.now() - self.started
        return elapsed * max(0, self.total - self.replayed) / self.replayed

    @property
    def minutes_left(self) -> int | None:
        """`left` in whole minutes, rounded up (0: under a minute; None: not known yet)."""
        left = self.left
        if left is None:
            return None
        return int(-(-left.total_seconds() // 60)) if left >= timedelta(minutes=1) else 0

    def cancel(self) -> None:
        """Ask the replay to stop at its next progress report (within a thousand messages)."""
        self._cancel.set()

    def run(self, work: Work, when_done: Callable[[WhatIfJob], None]) -> None:
        """Replay (in the job's thread), then tell `when_done`, whatever happened."""
        watch = Watch(progress=self._progress, cancelled=self._cancel.is_set)
        try:
            self.result = work(watch, self._count)
        except Cancelled as stop:
            self.cancelled, self.replayed = True, stop.replayed
        except Exception as exc:  # shown on the page; the console keeps running
            self.failure = f"{type(exc).__name__}: {exc}"
        finally:
            self.finished.set()
            try:
                when_done(self)
            except Exception:  # the audit could not be written: say so, the page still works
                log.exception("what-if %s: recording its end failed", self.id)

    def _count(self, total: int) -> None:
        self.total = total
        if self.clock is not None:
            self.started = self.clock.now()

    def _progress(self, replayed: int) -> None:
        self.replayed = replayed


class WhatIfJobs:
    """The console's background what-ifs, by id."""

    def __init__(self, clock: Clock | None = None, keep: int = 20) -> None:
        self._jobs: OrderedDict[str, WhatIfJob] = OrderedDict()
        self._clock, self._keep = clock, keep
        self._lock = threading.Lock()

    def start(self, owner: str, work: Work, when_done: Callable[[WhatIfJob], None]) -> WhatIfJob:
        """Start `work` in a thread; `when_done` runs in that thread when it ends."""
        job = WhatIfJob(secrets.token_urlsafe(12), owner, self._clock)
        with self._lock:
            self._jobs[job.id] = job
            self._forget_finished()
        thread = threading.Thread(
            target=job.run, args=(work, when_done), name=f"whatif-{job.id}", daemon=True
        )
        thread.start()
        return job

    def get(self, job_id: str, owner: str) -> WhatIfJob:
        """The job `owner` started (KeyError for another user's or an unknown one)."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or job.owner != owner:
            raise KeyError(f"no what-if {job_id!r}")
        return job

    def _forget_finished(self) -> None:
        finished = [key for key, job in self._jobs.items() if job.finished.is_set()]
        for key in finished[: max(0, len(self._jobs) - self._keep)]:
            del self._jobs[key]
