"""The charter what-if page: pick another charter of the project (or edit a copy of the one in
force), choose how many days of recorded messages to replay, and see message by message which
decisions would change before adopting it. Invalid YAML shows every error with its line."""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.charter.loader import load_charter, parse_charter
from bot.charter.schema import Charter
from bot.review.web.auth import Permission, require
from bot.review.web.context import Console
from bot.review.web.render import console_of, is_htmx, page, render
from bot.review.web.whatif_replay import run_whatif
from bot.store.audit import AuditLog
from bot.yamlsrc import ConfigError

EDITED = "edited"
MAX_CHANGES_SHOWN = 500


def charter_files(console: Console) -> list[str]:
    """The charters of the project a manager can pick (relative paths, samples left out)."""
    root = console.settings.charters_dir
    if not root.is_dir():
        return []
    found = [p for p in root.rglob("*.yaml") if "samples" not in p.relative_to(root).parts]
    return sorted(str(p.relative_to(root)) for p in found)


def _current_text(console: Console) -> str:
    path = console.settings.charter_path
    return path.read_text(encoding="utf-8") if path is not None and path.exists() else ""


def whatif_form(request: Request, form: FormData) -> Response:
    """The form, with the charter in force as the starting point of an edited copy."""
    require(request, Permission.WHATIF)
    console = console_of(request)
    return render(
        request,
        "whatif.html",
        files=charter_files(console),
        chosen=EDITED,
        yaml=_current_text(console),
        days=7,
        result=None,
        issues=[],
    )


def _candidate(console: Console, chosen: str, yaml_text: str) -> tuple[Charter, str]:
    """The charter to compare and how to name it in the audit log (ConfigError if invalid)."""
    if chosen == EDITED:
        return parse_charter(yaml_text, "edited charter"), "edited copy"
    if chosen not in charter_files(console):  # only listed files: no path from the form is read
        raise ValueError(f"unknown charter {chosen!r}")
    return load_charter(console.settings.charters_dir / Path(chosen)), chosen


def whatif_run(request: Request, form: FormData) -> Response:
    """Replay the chosen window through both charters and list the changes."""
    user = require(request, Permission.WHATIF)
    console = console_of(request)
    chosen = str(form.get("charter", EDITED))
    yaml_text = str(form.get("yaml", ""))
    days = max(1, min(int(str(form.get("days", "7")) or 7), console.settings.whatif_max_days))
    values = {"files": charter_files(console), "chosen": chosen, "yaml": yaml_text, "days": days}
    try:
        candidate, name = _candidate(console, chosen, yaml_text)
    except ConfigError as exc:
        template = "_whatif_result.html" if is_htmx(request) else "whatif.html"
        return render(
            request, template, 422, result=None, issues=[str(i) for i in exc.issues], **values
        )
    result = run_whatif(
        console.db,
        console.charter,
        candidate,
        days,
        console.settings.whatif_max_messages,
        console.scorer,
    )
    AuditLog(console.db).append(
        user.name,
        "console.whatif",
        f"charter:{name}",
        {"days": days, "replayed": result.replayed, "changes": len(result.changes)},
        console.clock.now(),
    )
    template = "_whatif_result.html" if is_htmx(request) else "whatif.html"
    return render(
        request,
        template,
        result=result,
        shown=result.changes[:MAX_CHANGES_SHOWN],
        issues=[],
        **values,
    )


def routes() -> list[Route]:
    """The what-if routes."""
    return [
        Route("/whatif", page(whatif_form), methods=["GET"]),
        Route("/whatif", page(whatif_run), methods=["POST"]),
    ]
