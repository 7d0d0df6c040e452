"""The pages around the work itself: the drill scenarios (every role, trainees first), and for
administrators the accounts (disable, enable, role, sessions, a one-time password reset link) and
the audit log (who did what, when)."""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.drills.loader import find_scenarios
from bot.i18n import formats
from bot.review.web.audit_view import sentence
from bot.review.web.auth import Permission, require
from bot.review.web.render import console_of, language, page, render, timezone_of
from bot.review.web.reset import IssuedLink, issue_link, text
from bot.store.audit import AuditLog
from bot.store.web_tables import Role
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
    lang = str(meta.get("language") or "")  # the scenario is written in it, whatever the page's
    return {
        "file": str(path.relative_to(root)),
        "title": str(title),
        "summary": str(summary),
        "lang": lang,
    }


def drills(request: Request, form: FormData) -> Response:
    """The drill scenarios of the project (run them with the drills command)."""
    require(request, Permission.DRILLS)
    folder = console_of(request).settings.drills_dir
    files = find_scenarios(folder) if folder.is_dir() else []
    found = [_scenario(path, folder) for path in files]
    return render(request, "drills.html", scenarios=[s for s in found if s], folder=str(folder))


def audit(request: Request, form: FormData, link: tuple[str, IssuedLink] | None = None) -> Response:
    """The latest entries of the audit log and the accounts, with what an administrator may do
    to each account."""
    require(request, Permission.AUDIT)
    console = console_of(request)
    actor = request.query_params.get("actor") or None
    entries = AuditLog(console.db).entries(actor=actor, limit=AUDIT_SHOWN)
    lang, timezone = language(request), timezone_of(request)
    return render(
        request,
        "audit.html",
        entries=[(e.at, sentence(e, lang, timezone)) for e in entries],
        accounts=console.accounts.all(),
        actor=actor or "",
        roles=[role.value for role in Role],
        reset_link=None if link is None else _link_notice(request, *link),
        done=request.query_params.get("done"),
    )


ACCOUNT_ACTIONS = ("disable", "enable", "role", "logout", "reset")


def _link_notice(request: Request, name: str, link: IssuedLink) -> tuple[str, str]:
    """What the page says of a reset link just issued, and the link."""
    lang = language(request)
    when = formats.moment(link.expires_at, lang, timezone_of(request), "short")
    return text(lang, "link_issued", name=name, until=when), link.url


def account(request: Request, form: FormData) -> Response:
    """An administrator disables or re-enables an account, changes its role, ends its sessions
    or issues a one-time password reset link (shown once; the sessions end when it is used)."""
    admin = require(request, Permission.AUDIT)
    console = console_of(request)
    name = str(request.path_params["name"])
    action = str(form.get("action", ""))
    if action not in ACCOUNT_ACTIONS:
        raise ValueError(f"unknown account action {action!r}")
    if name == admin.name and action in ("disable", "role"):
        raise ValueError("an administrator cannot disable or demote their own account")
    if console.accounts.get(name) is None:
        raise KeyError(f"no account {name}")
    now, by = console.clock.now(), admin.name
    link = None
    if action in ("disable", "enable"):
        console.accounts.set_disabled(name, action == "disable", now, by)
    elif action == "role":
        console.accounts.set_role(name, str(form.get("role", "")), now, by)
    elif action == "logout":
        console.accounts.end_sessions(name, now, by)
    else:
        base = console.settings.public_url or str(request.base_url)
        link = issue_link(console.db, name, now, console.settings.reset_link_ttl, by, base)
    if link is None:
        return RedirectResponse(f"/audit?done={action}&account={name}", 303)
    response = audit(request, form, link=(name, link))
    response.headers["Cache-Control"] = "no-store"
    return response


def routes() -> list[Route]:
    """The drills and administration routes."""
    return [
        Route("/drills", page(drills), methods=["GET"]),
        Route("/audit", page(audit), methods=["GET"]),
        Route("/admin/accounts/{name}", page(account), methods=["POST"]),
    ]
