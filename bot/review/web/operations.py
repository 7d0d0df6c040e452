"""The console's operations endpoints, open without login (a load balancer and Prometheus have no
account): `/healthz` (process up, database reachable) and `/metrics` (the figures read from the
shared database: outbox depth, escalations waiting, crisis levels). They show no personal data."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.deploy.metrics import CONTENT_TYPE

PATHS = ("/healthz", "/metrics")


async def healthz(request: Request) -> Response:
    """200 when the database answers, 503 otherwise, with the details."""
    healthy, details = await run_in_threadpool(request.app.state.health.report)
    return JSONResponse(details, status_code=200 if healthy else 503)


async def metrics(request: Request) -> Response:
    """The Prometheus exposition."""
    body = await run_in_threadpool(request.app.state.health.metrics.exposition)
    return Response(body, headers={"Content-Type": CONTENT_TYPE})


def routes() -> list[BaseRoute]:
    """The endpoints, for the application factory."""
    return [Route("/healthz", healthz), Route("/metrics", metrics)]
