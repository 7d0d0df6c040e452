"""The communities page: every community of the deployment file (each Discord guild and Telegram
chat with its charter, language and timezone) with its crisis level and the escalations waiting,
filtered by name, brand or platform; an administrator reloads the file from here (a broken file
keeps the last good version and says why)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.review.web.auth import Permission, require
from bot.review.web.render import console_of, page, render
from bot.review.web.scope import in_scope
from bot.store.operations import crisis_levels, escalations_waiting
from bot.yamlsrc import ConfigError


@dataclass
class DeploymentView:
    """The deployment file as the console last read it successfully."""

    path: Path | None
    communities: list[Any] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    deployment: Any = None  # the last good `Deployment` (its console permissions)

    def reload(self) -> bool:
        """Read the file again; on error keep the communities shown and record the problems."""
        if self.path is None:
            return False
        from bot.deploy.config import load_deployment

        try:
            deployment = load_deployment(self.path)
        except ConfigError as exc:
            self.problems = [str(issue) for issue in exc.issues]
            return False
        self.deployment, self.communities = deployment, list(deployment.communities)
        self.problems = []
        return True

    def visible_to(self, account: str, role: str) -> frozenset[str] | None:
        """The communities an account may see (None: all); see `Deployment.visible_to`."""
        return None if self.deployment is None else self.deployment.visible_to(account, role)


def matches(community: Any, query: str, platform: str) -> bool:
    """Whether a community passes the filter (text in its name, brand or id; its platform)."""
    if platform and community.platform != platform:
        return False
    text = f"{community.name} {community.brand or ''} {community.key}".lower()
    return query.lower() in text


def index(request: Request, form: FormData) -> Response:
    """The list, filtered by `?q=` and `?platform=`."""
    require(request, Permission.VIEW_CASES)
    view: DeploymentView = request.app.state.deployment
    query = request.query_params.get("q", "").strip()
    platform = request.query_params.get("platform", "").strip()
    db = console_of(request).db
    levels, waiting = crisis_levels(db), escalations_waiting(db)
    rows = [
        {
            "community": c,
            "level": levels.get(c.key, 0),
            "waiting": waiting.get(c.key, 0),
        }
        for c in view.communities
        if matches(c, query, platform) and in_scope(request, c.key)
    ]
    return render(
        request,
        "communities.html",
        rows=rows,
        q=query,
        platform=platform,
        problems=view.problems,
        has_file=view.path is not None,
    )


def reload(request: Request, form: FormData) -> Response:
    """Read the deployment file again (administrators)."""
    require(request, Permission.AUDIT)
    request.app.state.deployment.reload()
    return RedirectResponse("/communities", 303)


def routes() -> list[BaseRoute]:
    """The pages, for the application factory."""
    return [
        Route("/communities", page(index)),
        Route("/communities/reload", page(reload), methods=["POST"]),
    ]
