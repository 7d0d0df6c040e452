"""The communities one process serves on its platform: a registry from a community id (a Discord
guild's, a Telegram chat's) to the `CommunityService` of its own charter and plan.

The platform adapters call it at one seam — a message, a join, the clock's tick — and it routes to
the right service, counts what it sees (metrics), runs the scheduled retention purge and reloads
the deployment file on demand, keeping the last good version when the new one is broken.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.core.clock import Clock
from bot.core.decision import Decision
from bot.core.message import Message
from bot.core.ports import Gateway
from bot.deploy.actionlog import LoggedGateway, LogTarget
from bot.deploy.config import Community, Deployment
from bot.deploy.locale import CommunityLocale
from bot.deploy.metrics import MeteredGateway, Metrics
from bot.deploy.purge import PurgeSchedule, Scoped
from bot.second_stage import SecondStage
from bot.service import CommunityService, build_service
from bot.store.database import Database
from bot.yamlsrc import ConfigError

log = logging.getLogger("vigie.communities")
Loader = Callable[[], Deployment]


@dataclass
class Communities:
    """See the module docstring. `fallback` serves every community when no deployment file
    names them (one charter given on the command line)."""

    platform: str
    db: Database
    clock: Clock
    metrics: Metrics
    services: dict[str, CommunityService] = field(default_factory=dict)
    entries: dict[str, Community] = field(default_factory=dict)
    fallback: CommunityService | None = None
    schedule: PurgeSchedule | None = None
    scorer: tuple[Any, str | None] = (None, "no model directory given")
    second: SecondStage | None = None  # the sentence encoder's worker, shared by the services
    _ignored: set[str] = field(default_factory=set)

    @property
    def default(self) -> CommunityService:
        """The service the adapter's desk and commands start from (the fallback, else the first
        community's)."""
        if self.fallback is not None:
            return self.fallback
        return next(iter(self.services.values()))

    def service_for(self, community: str) -> CommunityService | None:
        """The service of `community`, or None for a community this deployment does not serve."""
        return self.services.get(community, self.fallback)

    def locale(self, community: str) -> CommunityLocale | None:
        """The language and timezone the deployment file gives `community` (None when it does
        not name it: one charter given on the command line)."""
        entry = self.entries.get(community)
        return None if entry is None else entry.locale

    def handle(self, message: Message) -> Decision | None:
        """Decide on a message with its community's charter; None for an unknown community."""
        service = self.service_for(message.community)
        if service is None:
            self._ignore(message.community)
            return None
        done = self.metrics.timed()
        decision = service.handle(message)
        done()
        self.metrics.saw(decision)
        return decision

    def member_joined(self, community: str, user_id: str, at: datetime) -> None:
        """A member joined a community (feeds its crisis plan)."""
        service = self.service_for(community)
        if service is not None:
            service.member_joined(community, user_id, at)

    def follow_move(self, old: str, new: str) -> dict[str, int]:
        """A community changed its id (a Telegram group upgraded to a supergroup): it is served
        under the new one, its stored rows moved (`CommunityService.follow_move`)."""
        service = self.services.pop(old, None)
        if service is not None:
            self.services[new] = service
        if old in self.entries:
            self.entries[new] = self.entries.pop(old)
        service = service or self.fallback
        return service.follow_move(old, new) if service is not None else {}

    def tick(self) -> None:
        """Let time pass for every community's crisis plan, and purge when it is due."""
        for service in self._all():
            service.tick()
        if self.schedule is not None:
            self.schedule.run_if_due(self.db, self.scoped(), self.clock.now(), self.metrics)

    def recording(self) -> dict[str, int]:
        """Decisions waiting in memory (the database unreachable) and dropped, over every
        community this process serves."""
        statuses = [service.store_status() for service in self._all()]
        return {
            "waiting": sum(int(str(status["queued"])) for status in statuses),
            "dropped": sum(int(str(status["dropped"])) for status in statuses),
        }

    def close(self, now: datetime) -> None:
        """A clean stop: every crisis runner writes its state and gives its leases up, and the
        second stage refines what it still holds before its worker stops."""
        for service in self._all():
            service.checkpoint(now)
        if self.second is not None:
            self.second.close()

    def second_stage(self) -> dict[str, object]:
        """The second stage's state and counters (`{"state": "off"}` without one)."""
        return self.second.status() if self.second is not None else {"state": "off"}

    def scoped(self) -> list[Scoped]:
        """Each served community with its charter (for the retention purge)."""
        found = [Scoped(key, service.applied_charter()) for key, service in self.services.items()]
        if self.fallback is not None:
            found.append(Scoped(None, self.fallback.applied_charter()))
        return found

    def log_targets(self) -> dict[str, LogTarget]:
        """The log channel of each community that has one."""
        return {
            key: LogTarget(entry.platform, entry.log, entry.language)
            for key, entry in self.entries.items()
            if entry.log
        }

    def gateway(self, inner: Gateway) -> Gateway:
        """The adapter's gateway, counted (metrics) and logging its actions per community."""
        return MeteredGateway(LoggedGateway(inner, self.log_targets), self.metrics)

    def reload(self, load: Loader) -> list[str]:
        """Read the deployment again and swap the services; on any error keep the running ones
        and return the problems (file:line:col), else an empty list."""
        try:
            deployment = load()
            services = build_services(
                deployment, self.platform, self.db, self.clock, self.scorer, self.second
            )
        except ConfigError as exc:
            problems = [str(issue) for issue in exc.issues]
            log.error("reload refused, the running version stays: %s", "; ".join(problems))
            return problems
        self.close(self.clock.now())  # the old services write their state and give up their leases
        self.services = services
        self.entries = {c.key: c for c in served(deployment, self.platform)}
        log.info("reloaded: %d community(ies) on %s", len(services), self.platform)
        return []

    def _all(self) -> Iterable[CommunityService]:
        return [*self.services.values(), *([self.fallback] if self.fallback else [])]

    def _ignore(self, community: str) -> None:
        if community not in self._ignored:
            self._ignored.add(community)
            log.warning(
                "%s community %s is not in the deployment file: ignored", self.platform, community
            )


def served(deployment: Deployment, platform: str) -> list[Community]:
    """The communities of `platform` in the deployment."""
    return [c for c in deployment.communities if c.platform == platform]


def build_services(
    deployment: Deployment,
    platform: str,
    db: Database,
    clock: Clock,
    scorer: tuple[Any, str | None],
    second: SecondStage | None = None,
) -> dict[str, CommunityService]:
    """One service per community of `platform`; every broken charter or plan is reported at once."""
    services: dict[str, CommunityService] = {}
    issues = []
    for community in served(deployment, platform):
        try:
            services[community.key], _ = build_service(
                community.charter,
                db,
                clock,
                platform,
                community.playbook,
                scorer=scorer,
                second=second,
            )
        except ConfigError as exc:
            issues.extend(exc.issues)
    if issues:
        raise ConfigError(issues)
    return services


def from_deployment(
    deployment: Deployment,
    platform: str,
    db: Database,
    clock: Clock,
    metrics: Metrics,
    scorer: tuple[Any, str | None],
    second: SecondStage | None = None,
) -> Communities:
    """The registry of `platform`'s communities (ConfigError if a charter or plan is broken)."""
    services = build_services(deployment, platform, db, clock, scorer, second)
    schedule = (
        PurgeSchedule(deployment.retention.every, clock.now())
        if deployment.retention.enabled
        else None
    )
    entries = {c.key: c for c in served(deployment, platform)}
    return Communities(
        platform, db, clock, metrics, services, entries, None, schedule, scorer, second
    )


def single(
    service: CommunityService,
    db: Database,
    metrics: Metrics,
    schedule: PurgeSchedule | None = None,
) -> Communities:
    """One charter for every community the bot is in (the command line's --charter), on the
    service's database `db`."""
    desk = service.desk
    return Communities(
        desk.platform,
        db,
        desk.clock,
        metrics,
        fallback=service,
        schedule=schedule,
        second=service.second,
    )


def mod_channels(entries: Mapping[str, Community], which: str = "moderators") -> dict[str, str]:
    """The moderators' channel (or, with `which`, the "modlog" channel) of each community that
    names one."""
    found = {key: getattr(entry, which) for key, entry in entries.items()}
    return {key: channel for key, channel in found.items() if channel}


def chat_ids(channels: Mapping[str, str]) -> dict[str, int]:
    """The Telegram chat ids among `channels` (a name is not a chat: left out)."""
    return {key: int(value) for key, value in channels.items() if value.lstrip("-").isdigit()}


class LiveModChannels(Mapping[str, Any]):
    """`mod_channels` of the registry as it is now: a reload changes what the adapter reads.
    `which` picks the moderators' or the mod-log channel; `chats` makes them Telegram chat ids."""

    def __init__(
        self, communities: Communities, which: str = "moderators", chats: bool = False
    ) -> None:
        self._communities = communities
        self._which = which
        self._chats = chats

    def _now(self) -> Mapping[str, Any]:
        found = mod_channels(self._communities.entries, self._which)
        return chat_ids(found) if self._chats else found

    def __getitem__(self, key: str) -> Any:
        return self._now()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._now())

    def __len__(self) -> int:
        return len(self._now())


def file_loader(path: Path) -> Loader:
    """Reads the deployment file at `path` (for `Communities.reload`)."""
    from bot.deploy.config import load_deployment

    return lambda: load_deployment(path)
