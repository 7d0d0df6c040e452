"""`/healthz` and `/metrics` without login: the process is up, the database answers, the gateway
is connected, when the last message was seen; and the Prometheus exposition. The console serves
them among its pages; each bot serves them on a small HTTP listener of its own (loopback by
default, port configurable), started in the bot's event loop."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.deploy.metrics import CONTENT_TYPE, Metrics
from bot.store.database import Database
from bot.store.operations import ping

log = logging.getLogger("vigie.health")


@dataclass
class Health:
    """What `/healthz` reports; `connected` is None for a process without a gateway (console)."""

    db: Database
    metrics: Metrics
    connected: Callable[[], bool] | None = None
    # The decisions this process holds in memory while the database does not answer.
    recording: Callable[[], dict[str, int]] | None = None
    # The second stage's state (off, ready, unavailable and why) and counters: reported, but the
    # process is healthy without it (the fast path decides alone).
    second_stage: Callable[[], dict[str, object]] | None = None

    def report(self) -> tuple[bool, dict[str, Any]]:
        """(healthy, the details as JSON-ready values)."""
        try:
            ping(self.db)
            database = "ok"
        except SQLAlchemyError as exc:
            database = f"unreachable ({type(exc).__name__})"
        gateway = None if self.connected is None else bool(self.connected())
        last = self.metrics.last_seen
        details = {
            "process": "up",
            "database": database,
            "gateway": {None: "none", True: "connected", False: "disconnected"}[gateway],
            "last_message": last.isoformat() if last is not None else None,
        }
        if self.recording is not None:
            details["decisions"] = self.recording()
        if self.second_stage is not None:
            details["second_stage"] = self.second_stage()
        return database == "ok" and gateway is not False, details


def health_app(health: Health) -> web.Application:
    """The bots' listener: `/healthz` (200 or 503) and `/metrics`."""

    async def healthz(_request: web.Request) -> web.Response:
        healthy, details = health.report()
        return web.json_response(details, status=200 if healthy else 503)

    async def metrics(_request: web.Request) -> web.Response:
        return web.Response(
            body=health.metrics.exposition(), headers={"Content-Type": CONTENT_TYPE}
        )

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    return app


class Listener:
    """The running listener; `port` is the one bound (ask for 0 to get a free one in tests)."""

    def __init__(self, health: Health, host: str = "127.0.0.1", port: int = 9101) -> None:
        self._runner = web.AppRunner(health_app(health), access_log=None)
        self._host, self._port = host, port
        self.port = port

    async def start(self) -> Listener:
        """Bind and serve (OSError when the port is taken)."""
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        addresses = self._runner.addresses
        if addresses:
            self.port = int(addresses[0][1])
        log.info("health and metrics on http://%s:%d", self._host, self.port)
        return self

    async def stop(self) -> None:
        """Stop serving."""
        await self._runner.cleanup()
