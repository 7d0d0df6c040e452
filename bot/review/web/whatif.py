"""The charter what-if page: pick another charter of the project (or edit a copy of the one in
force), choose how many days of recorded messages to replay, and see message by message which
decisions would change before adopting it. Invalid YAML shows every error with its line."""

from __future__ import annotations

from collections.abc import Callable
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
from bot.review.web.scope import require_every_community
from bot.review.web.whatif_jobs import WhatIfJob
from bot.review.web.whatif_replay import Recorded, Watch, WhatIf, run_whatif, window
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
    require_every_community(request)
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
    """Replay the chosen window through both charters and list the changes: at once for a
    small window, in the background with a progress bar for a large one."""
    user = require(request, Permission.WHATIF)
    require_every_community(request)
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
    settings = console.settings

    def work(watch: Watch, on_total: Callable[[int], None]) -> WhatIf:
        return run_whatif(
            console.db,
            console.charter,
            candidate,
            days,
            settings.whatif_max_messages,
            console.scorer,
            watch=watch,
            on_total=on_total,
            keep=MAX_CHANGES_SHOWN,
        )

    audit = _auditor(console, user.name, name, days)
    if _messages_in(console, days) > settings.whatif_inline_max:
        job = console.whatif_jobs.start(user.name, work, audit)
    else:  # small enough to answer now: the same job, run in this request
        job = WhatIfJob("inline", user.name)
        job.run(work, audit)
    return _show_job(request, job, values)


def _messages_in(console: Console, days: int) -> int:
    span = window(console.db, days)
    if span is None:
        return 0
    return Recorded(console.db, span[0], span[1], console.settings.whatif_max_messages).count()


def _auditor(console: Console, actor: str, name: str, days: int) -> Callable[[WhatIfJob], None]:
    """What the audit log keeps of a what-if once it ends (finished, cancelled or failed)."""

    def audit(job: WhatIfJob) -> None:
        detail: dict[str, object] = {"days": days, "replayed": job.replayed}
        if job.result is not None:
            detail.update(replayed=job.result.replayed, changes=job.result.changed)
        if job.cancelled:
            detail["cancelled"] = True
        if job.failure:
            detail["failure"] = job.failure
        AuditLog(console.db).append(
            actor, "console.whatif", f"charter:{name}", detail, console.clock.now()
        )

    return audit


def _show_result(request: Request, result: WhatIf, values: dict[str, object]) -> Response:
    template = "_whatif_result.html" if is_htmx(request) else "whatif.html"
    return render(
        request,
        template,
        result=result,
        shown=result.changes[:MAX_CHANGES_SHOWN],
        issues=[],
        **values,
    )


def _show_job(request: Request, job: WhatIfJob, values: dict[str, object]) -> Response:
    """The job as it stands: its progress, or its result once finished."""
    if job.finished.is_set() and job.result is not None:
        return _show_result(request, job.result, values)
    template = "_whatif_result.html" if is_htmx(request) else "whatif.html"
    return render(request, template, result=None, job=job, issues=[], **values)


def whatif_job(request: Request, form: FormData) -> Response:
    """A background what-if: its progress bar, or its result."""
    user = require(request, Permission.WHATIF)
    require_every_community(request)
    console = console_of(request)
    job = console.whatif_jobs.get(request.path_params["job"], user.name)
    return _show_job(request, job, _form_values(console))


def whatif_cancel(request: Request, form: FormData) -> Response:
    """Cancel a background what-if (it stops within a thousand messages)."""
    user = require(request, Permission.WHATIF)
    require_every_community(request)
    console = console_of(request)
    job = console.whatif_jobs.get(request.path_params["job"], user.name)
    job.cancel()
    return _show_job(request, job, _form_values(console))


def _form_values(console: Console) -> dict[str, object]:
    """The form as first shown (a job's page keeps no form of its own)."""
    files = charter_files(console)
    return {"files": files, "chosen": EDITED, "yaml": _current_text(console), "days": 7}


def routes() -> list[Route]:
    """The what-if routes."""
    return [
        Route("/whatif", page(whatif_form), methods=["GET"]),
        Route("/whatif", page(whatif_run), methods=["POST"]),
        Route("/whatif/jobs/{job}", page(whatif_job), methods=["GET"]),
        Route("/whatif/jobs/{job}/cancel", page(whatif_cancel), methods=["POST"]),
    ]
