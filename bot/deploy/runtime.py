"""What every long-running process (`vigie run discord|telegram`, `vigie serve`) does at start:
find its configuration — the deployment file (`--deployment` or `$VIGIE_DEPLOYMENT`), else one
charter from the command line — and check all of it before serving; find the models and the
database from the file or the environment rather than the current directory; configure the logs;
and, once running, serve /healthz and /metrics and reload the file on SIGHUP."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.core.clock import Clock
from bot.deploy.communities import Communities, file_loader, from_deployment, single
from bot.deploy.config import Deployment, Listener, Logs, load_deployment
from bot.deploy.health import Health
from bot.deploy.health import Listener as HealthListener
from bot.deploy.metrics import Metrics
from bot.deploy.options import DEPLOYMENT_ENV
from bot.deploy.purge import PurgeSchedule
from bot.store.database import Database, DatabaseError, database_url
from bot.yamlsrc import ConfigError, ConfigIssue

MODELS_ENV = "VIGIE_MODELS_DIR"
SECOND_STAGE_ENV = "VIGIE_SECOND_STAGE"
# The models shipped beside the package (a source checkout, the container image).
SHIPPED_MODELS = Path(__file__).resolve().parents[2] / "models"
log = logging.getLogger("vigie")


@dataclass(frozen=True)
class Setup:
    """Where this process's configuration comes from."""

    deployment: Deployment | None
    path: Path | None
    database: str
    models: Path | None


def deployment_path(option: str | None, env: Mapping[str, str]) -> Path | None:
    """The deployment file named by the option, else by $VIGIE_DEPLOYMENT, else none."""
    value = option or env.get(DEPLOYMENT_ENV, "").strip()
    return Path(value) if value else None


def models_dir(
    option: str | None, off: bool, deployment: Deployment | None, env: Mapping[str, str]
) -> Path | None:
    """The model directory: the option, $VIGIE_MODELS_DIR, the deployment file's, the models
    shipped beside the package, and only then `models/` in the current directory."""
    if off:
        return None
    if option or env.get(MODELS_ENV, "").strip():
        return Path(option or env[MODELS_ENV].strip()).resolve()
    if deployment is not None and deployment.models is not None:
        return deployment.models
    return SHIPPED_MODELS if SHIPPED_MODELS.is_dir() else Path("models").resolve()


def setup_from(args: Any, env: Mapping[str, str] = os.environ) -> Setup:
    """Read the deployment file (ConfigError with every issue) and settle the database URL
    (option, $VIGIE_DATABASE_URL, the file's, the default) and the model directory."""
    path = deployment_path(getattr(args, "deployment", None), env)
    deployment = load_deployment(path) if path is not None else None
    url = getattr(args, "db", None) or env.get("VIGIE_DATABASE_URL", "").strip()
    if not url:
        url = (deployment.database if deployment else None) or database_url(env)
    models = models_dir(
        getattr(args, "models", None), getattr(args, "no_models", False), deployment, env
    )
    return Setup(deployment, path.resolve() if path else None, url, models)


def check_files(charter: str | None, playbook: str | None) -> None:
    """Validate a charter and a plan given on the command line (every issue at once)."""
    from bot.charter.loader import load_charter
    from bot.crisis.loader import load_playbook

    issues: list[ConfigIssue] = []
    for path, load in ((charter, load_charter), (playbook, load_playbook)):
        if path is None:
            continue
        try:
            load(path)
        except ConfigError as exc:
            issues.extend(exc.issues)
    if issues:
        raise ConfigError(issues)


def no_configuration(platform: str) -> ConfigError:
    """The error for a process given neither a deployment file nor a charter."""
    issue = ConfigIssue(
        "<command line>",
        1,
        1,
        "",
        f"{platform}: give --deployment FILE (or ${DEPLOYMENT_ENV}) or --charter FILE",
        "no_configuration",
        {"platform": platform, "env": DEPLOYMENT_ENV},
    )
    return ConfigError([issue])


def build_communities(
    setup: Setup,
    platform: str,
    db: Database,
    clock: Clock,
    charter: str | None,
    playbook: str | None,
) -> tuple[Communities, str | None]:
    """The communities this process serves (ConfigError if any charter or plan is broken), and
    why the classifiers are off, if they are."""
    from bot.app import load_scorer
    from bot.service import build_service

    scorer = load_scorer(setup.models)
    metrics = Metrics(db)
    second = second_stage_of(setup, scorer[0], db, clock)
    if setup.deployment is not None:
        communities = from_deployment(
            setup.deployment, platform, db, clock, metrics, scorer, second
        )
        if not communities.services:
            raise ConfigError(
                [ConfigIssue(str(setup.path), 1, 1, "communities", f"no {platform} community")]
            )
        return communities, scorer[1]
    if charter is None:
        raise no_configuration(platform)
    check_files(charter, playbook)
    service, degraded = build_service(
        charter, db, clock, platform, playbook, scorer=scorer, second=second
    )
    schedule = PurgeSchedule(timedelta(days=1), clock.now())
    return single(service, db, metrics, schedule), degraded


def second_stage_of(setup: Setup, scorer: Any, db: Database, clock: Clock) -> Any:
    """The process's second stage as the deployment file (or $VIGIE_SECOND_STAGE) sets it: None
    when off or when the fast classifiers are off (it refines their decisions)."""
    from bot.moderation.second_stage import Policy, Routing
    from bot.second_stage import second_stage

    value = setup.deployment.second_stage if setup.deployment is not None else None
    value = os.environ.get(SECOND_STAGE_ENV, "").strip() or value or "off"
    try:
        policy = Policy(value)
    except ValueError:
        raise ConfigError(
            [
                ConfigIssue(
                    f"${SECOND_STAGE_ENV}",
                    1,
                    1,
                    "second_stage",
                    f"{value!r}: expected off, routed or all",
                )
            ]
        ) from None
    if policy is Policy.OFF or scorer is None or setup.models is None:
        return None
    routing = Routing(policy, thresholds=dict(getattr(scorer, "thresholds", {})))
    return second_stage(setup.models, db, clock, routing)


def listener_of(setup: Setup, platform: str, port: int | None, host: str | None) -> tuple[str, int]:
    """Where this bot serves /healthz and /metrics: the options, else the deployment file's."""
    defaults = setup.deployment.metrics if setup.deployment else Listener()
    return host or defaults.host, defaults.port(platform) if port is None else port


async def run_with_operations(
    main: Awaitable[int],
    communities: Communities,
    connected: Callable[[], bool],
    where: tuple[str, int],
    reload_from: Path | None,
) -> int:
    """Run `main` (the bot) with the health listener beside it and the reload on SIGHUP."""
    health = Health(
        communities.db,
        communities.metrics,
        connected,
        communities.recording,
        communities.second_stage,
    )
    listener = None
    if where[1] > 0:
        try:
            listener = await HealthListener(health, where[0], where[1]).start()
        except OSError as exc:
            print(f"cannot serve /healthz on {where[0]}:{where[1]}: {exc}", file=sys.stderr)
            return 2
    if reload_from is not None:
        _reload_on_hangup(communities, reload_from)
    try:
        return await main
    finally:
        communities.close(communities.clock.now())  # every crisis state survives the restart
        if listener is not None:
            await listener.stop()


def _reload_on_hangup(communities: Communities, path: Path) -> None:
    """SIGHUP reads the deployment file again; a broken file keeps the running version."""
    loop = asyncio.get_running_loop()
    # No SIGHUP on Windows; none either outside the main thread (an embedding application's).
    with contextlib.suppress(NotImplementedError, AttributeError, RuntimeError):
        loop.add_signal_handler(signal.SIGHUP, communities.reload, file_loader(path))


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for a log collector (Loki, journald, ELK)."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as JSON: time, level, logger, message (and the exception, if any)."""
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def configure_logging(logs: Logs, level: str | None = None, fmt: str | None = None) -> None:
    """Logs on stderr (or the file the deployment names), as text or JSON; the options win."""
    handler: logging.Handler = (
        logging.FileHandler(logs.file, encoding="utf-8") if logs.file else logging.StreamHandler()
    )
    if (fmt or logs.format) == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=(level or logs.level).upper(), handlers=[handler], force=True)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # migrations are not news
    # httpx logs every request URL at INFO, and a Telegram Bot API URL contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def open_live_database(url: str) -> Database:
    """The database of a long-running process: an empty one gets its tables, one behind the
    migrations is refused (SchemaBehind: back up, then `vigie db upgrade`)."""
    from bot.store.database import open_database

    return open_database(url, migrate=False)


def database_problem(exc: DatabaseError, environ: Mapping[str, str]) -> str:
    """What a bot says at start-up when its database cannot serve, in the locale's language
    (else French): behind the migrations (what to run), or cannot be opened (the driver's words)."""
    from bot.i18n import formats
    from bot.i18n.catalog import messages
    from bot.i18n.reader import reader_language
    from bot.store.database import SchemaBehind

    lang = reader_language(None, (), environ)
    if isinstance(exc, SchemaBehind):
        current = formats.listing(exc.current, lang) or messages().text(lang, "cli.ops.db_empty")
        heads = formats.listing(exc.heads, lang)
        return messages().text(
            lang, "cli.ops.db_schema_behind", url=exc.url, current=current, heads=heads
        )
    return messages().text(lang, "cli.ops.bot_db_cannot_open", reason=exc.reason)
