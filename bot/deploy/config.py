"""The deployment file (`vigie.yaml`): which communities one installation serves — each Discord
guild and Telegram chat with its charter, its contingency plan, its moderators' and log channels,
its language and timezone — and where the database, the models, the metrics listeners and the
retention schedule are. Validated like a charter: every error at once as `file:line:col`.

Relative paths are read from the file's own folder, never from the current directory, so a
service started from anywhere (systemd, a container, a cron job) finds the same files.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, field_validator, model_validator

from bot.core.durations import PositiveDuration
from bot.deploy.locale import CommunityLocale
from bot.deploy.options import DEFAULT_PORTS
from bot.yamlsrc import ConfigError, YamlSource, load_yaml, parse_yaml, validate

Platform = Literal["discord", "telegram"]


class _Strict(BaseModel, extra="forbid", frozen=True):
    pass


class Community(_Strict):
    """One community on one platform: a Discord guild or a Telegram chat."""

    name: str = Field(min_length=1, description="shown in the console and in logs")
    brand: str | None = Field(None, description="groups communities of one brand in the console")
    platform: Platform
    guild: int | None = Field(None, description="the Discord server's id (platform: discord)")
    chat: int | None = Field(None, description="the Telegram chat's id, -100… (platform: telegram)")
    charter: Path
    playbook: Path | None = None
    moderators: str | None = Field(
        None, description="the moderators' channel (Discord: id or name) or chat id (Telegram)"
    )
    log: str | None = Field(None, description="where each executed action is logged")
    modlog: str | None = Field(
        None, description="the mod-log: one line per moderator's and automated action"
    )
    language: Literal["fr", "en"] = "fr"
    timezone: str = "Europe/Paris"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {value!r} (e.g. Europe/Paris)") from None
        return value

    @model_validator(mode="after")
    def _platform_id(self) -> Community:
        wanted, other = ("guild", "chat") if self.platform == "discord" else ("chat", "guild")
        if getattr(self, wanted) is None:
            raise ValueError(f"a {self.platform} community needs `{wanted}` (its id)")
        if getattr(self, other) is not None:
            raise ValueError(
                f"`{other}` is for the other platform: a {self.platform} one has `{wanted}`"
            )
        return self

    @property
    def locale(self) -> CommunityLocale:
        """The language and timezone of this community."""
        return CommunityLocale(self.language, self.timezone)

    @property
    def key(self) -> str:
        """The community id messages carry (the guild's or chat's id, as text)."""
        return str(self.guild if self.platform == "discord" else self.chat)


class Listener(_Strict):
    """Where a bot serves /healthz and /metrics (loopback by default: put a proxy in front)."""

    host: str = "127.0.0.1"
    discord_port: int = Field(DEFAULT_PORTS["discord"], ge=0, le=65535)
    telegram_port: int = Field(DEFAULT_PORTS["telegram"], ge=0, le=65535)

    def port(self, platform: str) -> int:
        """The port of `platform`'s bot."""
        return self.discord_port if platform == "discord" else self.telegram_port


class Schedule(_Strict):
    """How often the running service applies the charters' retention periods."""

    every: PositiveDuration = Field(timedelta(days=1), description="e.g. 24h, 6h")
    enabled: bool = True


class Logs(_Strict):
    """The processes' logs: level and format (text for people, json for a log collector)."""

    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    format: Literal["text", "json"] = "text"
    file: Path | None = Field(None, description="default: the standard error stream")


class Access(_Strict):
    """Which communities some console accounts moderate: `who` is an account name or
    `role:<role>` (moderator, manager, trainee); `communities` are brands, names or ids."""

    who: str = Field(min_length=1, description="an account name, or role:moderator")
    communities: list[str] = Field(min_length=1, description="brands, names or ids")


class Deployment(_Strict):
    """The whole file; see the module docstring."""

    database: str | None = Field(
        None, description="a SQLite path or a URL without password ($VIGIE_DATABASE_URL wins)"
    )
    models: Path | None = Field(None, description="the model directory (default: models/)")
    second_stage: Literal["off", "routed", "all"] = Field(
        "off",
        description="the sentence encoder's second reading (about 150 MB more memory): off, "
        "on the routed messages (held, naming a group, near a threshold), or on all",
    )
    communities: list[Community] = Field(min_length=1)
    retention: Schedule = Schedule()
    metrics: Listener = Listener()
    logs: Logs = Logs()
    access: list[Access] = Field(
        default_factory=list,
        description="console permissions per community (none: every account sees every one)",
    )

    @field_validator("second_stage", mode="before")
    @classmethod
    def _unquoted_off(cls, value: object) -> object:
        """YAML reads a bare `off` as false: it means "off" here."""
        return "off" if value is False else value

    def visible_to(self, account: str, role: str) -> frozenset[str] | None:
        """The keys of the communities `account` (of `role`) may see in the console; None for
        all of them (no `access` section, or an administrator)."""
        if not self.access or role == "admin":
            return None
        names = {account, f"role:{role}"}
        wanted = {ref for entry in self.access if entry.who in names for ref in entry.communities}
        return frozenset(c.key for c in self.communities if _named(c, wanted))

    @model_validator(mode="after")
    def _known_references(self) -> Deployment:
        for entry in self.access:
            for ref in entry.communities:
                if not any(_named(c, {ref}) for c in self.communities):
                    raise ValueError(f"access: no community is called {ref!r} (brand, name or id)")
        return self

    @model_validator(mode="after")
    def _unique(self) -> Deployment:
        seen: set[tuple[str, str]] = set()
        for community in self.communities:
            key = (community.platform, community.key)
            if key in seen:
                raise ValueError(f"{community.platform} community {community.key} is listed twice")
            seen.add(key)
        return self


def deployment_from_source(source: YamlSource) -> Deployment:
    """Validate a parsed deployment file (every issue at once); paths are kept as written."""
    if not isinstance(source.data, dict):
        raise ConfigError([source.issue((), "a deployment file is a mapping with communities…")])
    return validate(Deployment, source)


def load_deployment(path: str | Path) -> Deployment:
    """Read and validate the deployment file at `path`; its relative paths are resolved from
    the file's folder."""
    deployment = deployment_from_source(load_yaml(path))
    return resolve_paths(deployment, Path(path).resolve().parent)


def parse_deployment(text: str, name: str, base: Path) -> Deployment:
    """Validate deployment YAML given as text, resolving paths from `base` (tests)."""
    return resolve_paths(deployment_from_source(parse_yaml(text, name)), base)


def resolve_paths(deployment: Deployment, base: Path) -> Deployment:
    """The same deployment with every relative path made absolute from `base`."""

    def absolute(path: Path | None) -> Path | None:
        return None if path is None else (base / path.expanduser()).resolve()

    communities = [
        c.model_copy(update={"charter": absolute(c.charter), "playbook": absolute(c.playbook)})
        for c in deployment.communities
    ]
    database = deployment.database
    if database and "://" not in database:  # a bare path is a SQLite file
        database = f"sqlite:///{absolute(Path(database))}"
    logs = deployment.logs.model_copy(update={"file": absolute(deployment.logs.file)})
    return deployment.model_copy(
        update={
            "communities": communities,
            "models": absolute(deployment.models),
            "database": database,
            "logs": logs,
        }
    )


def _named(community: Community, refs: set[str]) -> bool:
    """Whether one of `refs` names `community` (its brand, its name or its id)."""
    return bool(refs & {community.brand or "", community.name, community.key})
