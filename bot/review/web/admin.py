"""The pages around the work itself: the drill scenarios (every role, trainees first), and for
administrators the accounts and the audit log (who did what, when)."""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.drills.loader import find_scenarios
from bot.review.web.auth import Permission, require
from bot.review.web.render import console_of, page, render
from bot.store.audit import AuditLog
from bot.yamlsrc import ConfigError, load_yaml

AUDIT_SHOWN = 300


def _scenario(path: Path, root: Path) -> dict[str, str] | None:
    """Title and synopsis of a drill scenario file, or None for another kind of file (the
    scored answers beside the scenarios). Read leniently: it is only listed here."""
    try:
        data = load_yaml(path).data
    except (ConfigError, OSError):
        return None
    meta = data.get("meta") if isinstance(data, dict) else None
    if not isinstance(meta, dict):
        return None
    title = meta.get("title") or meta.get("id") or path.stem
    summary = meta.get("synopsis") or meta.get("description") or ""
    return {"file": str(path.relative_to(root)), "title": str(title), "summary": str(summary)}


def drills(request: Request, form: FormData) -> Response:
    """The drill scenarios of the project (run them with the drills command)."""
    require(request, Permission.DRILLS)
    folder = console_of(request).settings.drills_dir
    files = find_scenarios(folder) if folder.is_dir() else []
    found = [_scenario(path, folder) for path in files]
    return render(request, "drills.html", scenarios=[s for s in found if s], folder=str(folder))


def audit(request: Request, form: FormData) -> Response:
    """The latest entries of the audit log and the accounts."""
    require(request, Permission.AUDIT)
    console = console_of(request)
    actor = request.query_params.get("actor") or None
    entries = AuditLog(console.db).entries(actor=actor, limit=AUDIT_SHOWN)
    return render(
        request, "audit.html", entries=entries, accounts=console.accounts.all(), actor=actor or ""
    )


def routes() -> list[Route]:
    """The drills and administration routes."""
    return [
        Route("/drills", page(drills), methods=["GET"]),
        Route("/audit", page(audit), methods=["GET"]),
    ]
