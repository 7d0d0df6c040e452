"""What a trainee does, as values: one model per kind of action (delete, warn, mute, ban,
acknowledge, set the level, alert, draft / submit / post a statement, reply, note, tick a checklist
item), the responses file that lists them with their story times (`vigie drill run --responses`),
and its validation against the scenario (file:line:col for every issue). The terminal session builds
the same models from typed commands."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import Field, model_validator

from bot.charter.fields import Slug, Strict
from bot.core.durations import Duration
from bot.core.timeparse import format_duration
from bot.drills.loader import Drill, load_drill
from bot.drills.schema import Offset
from bot.yamlsrc import ConfigError, ConfigIssue, YamlSource, load_yaml, validate

MessageId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_\-]{1,40}$")]


class Delete(Strict):
    """Delete a message."""

    do: Literal["delete"]
    at: Offset
    message: MessageId


class Warn(Strict):
    """Warn the author of a message."""

    do: Literal["warn"]
    at: Offset
    message: MessageId


class Mute(Strict):
    """Mute the author of a message for a while."""

    do: Literal["mute"]
    at: Offset
    message: MessageId
    duration: Duration = timedelta(hours=1)


class Ban(Strict):
    """Ban the author of a message."""

    do: Literal["ban"]
    at: Offset
    message: MessageId


class Ack(Strict):
    """Acknowledge an escalation case (by default the trainee's own role's)."""

    do: Literal["ack"]
    at: Offset
    role: Slug | None = None
    case: str | None = None


class SetLevel(Strict):
    """Declare the crisis level."""

    do: Literal["level"]
    at: Offset
    level: int = Field(ge=0, le=9)
    reason: str = ""


class Alert(Strict):
    """Call a member of the crisis cell (or relaunch a call nobody answered)."""

    do: Literal["alert"]
    at: Offset
    role: Slug
    who: Literal["holder", "backup"] = "holder"
    text: str = ""


class DraftStatement(Strict):
    """Write a public statement, from one of the plan's templates or by hand."""

    do: Literal["draft"]
    at: Offset
    id: Slug
    template: Slug | None = None
    text: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> DraftStatement:
        if (self.template is None) == (self.text is None):
            raise ValueError("give either a template or a text")
        return self


class Submit(Strict):
    """Ask a role of the cell to approve a draft (by default the plan's approver)."""

    do: Literal["submit"]
    at: Offset
    draft: Slug
    role: Slug | None = None
    who: Literal["holder", "backup"] = "holder"


class Post(Strict):
    """Publish a draft as the brand's public statement."""

    do: Literal["post"]
    at: Offset
    draft: Slug


class Reply(Strict):
    """Answer a message publicly, as the brand."""

    do: Literal["reply"]
    at: Offset
    message: MessageId
    text: str = Field(min_length=1)


class Note(Strict):
    """Write a line in the decision log."""

    do: Literal["note"]
    at: Offset
    text: str = Field(min_length=1)


class Check(Strict):
    """Tick an item of the plan's checklist (its number, or words of its text)."""

    do: Literal["check"]
    at: Offset
    item: int | str


Action = Annotated[
    Delete
    | Warn
    | Mute
    | Ban
    | Ack
    | SetLevel
    | Alert
    | DraftStatement
    | Submit
    | Post
    | Reply
    | Note
    | Check,
    Field(discriminator="do"),
]


class Responses(Strict):
    """A trainee's actions for one scenario, with their story times."""

    scenario: Slug
    trainee: str | None = None
    actions: list[Action] = Field(default_factory=list)


def load_responses(path: str | Path, drill: Drill) -> Responses:
    """Read a responses file and check it against the scenario; ConfigError with every issue."""
    return responses_from_source(load_yaml(path), drill)


def responses_from_source(source: YamlSource, drill: Drill) -> Responses:
    """Validate a parsed responses file against the scenario; ConfigError with every issue."""
    if not isinstance(source.data, dict):
        raise ConfigError([source.issue((), "a responses file is a mapping: scenario, actions")])
    responses = validate(Responses, source)
    issues = _check(responses, drill, source)
    if issues:
        raise ConfigError(issues)
    return responses


def _check(responses: Responses, drill: Drill, source: YamlSource) -> list[ConfigIssue]:
    """Every message, role, template and draft named must exist, in time."""
    scenario = drill.scenario
    issues = []
    if responses.scenario != scenario.meta.id:
        issues.append(source.issue(("scenario",), f"this scenario is {scenario.meta.id!r}"))
    messages = {i.id: i.at for i in scenario.timeline if i.id}
    roles = {role.id for role in drill.playbook.roles}
    templates = {template.id for template in drill.playbook.templates}
    drafts: set[str] = set()
    for index, action in enumerate(responses.actions):
        loc = ("actions", index)
        if action.at > scenario.meta.duration:
            issues.append(source.issue((*loc, "at"), "after the end of the story"))
        message = getattr(action, "message", None)
        if message is not None and message not in messages:
            issues.append(
                source.issue((*loc, "message"), f"no message {message!r} in the scenario")
            )
        elif message is not None and messages[message] > action.at:
            issues.append(source.issue((*loc, "at"), f"before message {message!r} is posted"))
        role = getattr(action, "role", None)
        if role is not None and role not in roles:
            issues.append(source.issue((*loc, "role"), f"no role {role!r} in the plan"))
        issues += _check_draft(action, loc, templates, drafts, source)
    return issues


def _check_draft(
    action: object, loc: tuple[str, int], templates: set[str], drafts: set[str], source: YamlSource
) -> list[ConfigIssue]:
    """A draft's template must exist; a submitted or posted draft must have been written."""
    if isinstance(action, DraftStatement):
        drafts.add(action.id)
        if action.template is not None and action.template not in templates:
            known = ", ".join(sorted(templates))
            return [source.issue((*loc, "template"), f"no template; known: {known}")]
    elif isinstance(action, Submit | Post) and not (
        action.draft in drafts or _plan_draft(action.draft)
    ):
        return [source.issue((*loc, "draft"), f"no draft {action.draft!r} written before")]
    return []


def _plan_draft(name: str) -> bool:
    # The plan's own proposals are named s1, s2… in the order the monitor makes them.
    return name.startswith("s") and name[1:].isdigit()


def dump_responses(scenario: str, trainee: str, actions: list[Any]) -> str:
    """A responses file of `actions` (what an interactive session did), replayable with
    `vigie drill run --responses`."""
    items = []
    for action in actions:
        data = action.model_dump(exclude_defaults=True, exclude_none=True)
        items.append({key: _plain(key, value) for key, value in data.items()})
    document = {"scenario": scenario, "trainee": trainee, "actions": items}
    return str(yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100))


def _plain(key: str, value: Any) -> Any:
    if not isinstance(value, timedelta):
        return value
    if key != "at":
        return format_duration(value)
    seconds = int(value.total_seconds())
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def load_responses_beside(path: str | Path) -> Responses:
    """Read a responses file and check it against the scenario it names, found in the same
    folder (`SCENARIO.yaml`), as `vigie validate` does for a file with `scenario` and `actions`."""
    return responses_beside(load_yaml(path), Path(path))


def responses_beside(source: YamlSource, path: Path) -> Responses:
    """Validate a parsed responses file against the scenario named in it, beside `path`."""
    name = source.data.get("scenario") if isinstance(source.data, dict) else None
    scenario = path.with_name(f"{name}.yaml")
    if not isinstance(name, str) or not scenario.is_file():
        where = source.issue(("scenario",), f"no scenario file {scenario.name} beside this file")
        raise ConfigError([where])
    return responses_from_source(source, load_drill(scenario))
