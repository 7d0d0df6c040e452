"""The console's settings: which charter and plan it reads, where drills and charters live, the
session policy and login limits, and the secret that signs CSRF tokens (from the environment, a
`.env` file, or generated once into `var/secret_key`, never logged)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

SECRET_ENV = "VIGIE_SECRET_KEY"
SECRET_FILE = Path("var") / "secret_key"
MIN_SECRET_CHARS = 32
MIN_PASSWORD = 10  # characters of a console password (the CLI and the reset page)


@dataclass(frozen=True)
class ConsoleSettings:
    """Everything the application factory needs besides the database and the clock."""

    secret_key: str = field(repr=False)
    charter_path: Path | None = None
    playbook_path: Path | None = None
    charters_dir: Path = Path("charters")
    drills_dir: Path = Path("playbooks") / "drills"
    models_dir: Path | None = None
    session_idle: timedelta = timedelta(minutes=30)
    session_max: timedelta = timedelta(hours=12)
    secure_cookies: bool = False  # set behind HTTPS: cookies then never travel in clear
    login_window: timedelta = timedelta(minutes=15)
    max_failures_per_name: int = 5  # per account and address: a shared proxy locks no one else out
    reset_link_ttl: timedelta = timedelta(hours=24)  # a one-time password reset link's life
    crisis_poll_seconds: int = 15
    public_url: str = ""  # the console's address, for links in the mod-log
    whatif_max_messages: int = 1_000_000
    # Up to this many messages the what-if answers the request; beyond, it runs in the
    # background with a progress bar and a cancel button.
    whatif_inline_max: int = 20_000
    whatif_max_days: int = 90
    deployment_path: Path | None = None  # the deployment file: the communities page lists it


def load_secret_key(env: Mapping[str, str] = os.environ, path: Path = SECRET_FILE) -> str:
    """The session secret: `VIGIE_SECRET_KEY` (the caller loads `.env` into the environment), or
    the one stored in `path`, or a new one written there readable by its owner only (0600)."""
    value = env.get(SECRET_ENV, "").strip()
    if value:
        if len(value) < MIN_SECRET_CHARS:
            raise ValueError(
                f"{SECRET_ENV} is too short: use at least {MIN_SECRET_CHARS} characters"
            )
        return value
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    # Created with 0600 from the start: no moment where another user could read it.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return value


def default_path(env: Mapping[str, str], name: str, fallback: str) -> Path | None:
    """A file named by the environment variable `name`, else `fallback` if it exists."""
    value = env.get(name, "").strip()
    if value:
        return Path(value)
    return Path(fallback) if Path(fallback).exists() else None
