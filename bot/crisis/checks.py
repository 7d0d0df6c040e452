"""Checks that span the whole playbook once each part is valid: level numbering, unknown roles and
templates, escalation cycles, template variables that nothing provides, unreachable levels.

Each check returns (location, message) pairs so the loader can report them as file:line:col with
every other error of the file.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.charter.fields import entry
from bot.core.checked import template_fields
from bot.crisis.schema import Level, Playbook, StatementAction

Loc = tuple[str | int, ...]
Problem = tuple[Loc, str]

# Variables every statement gets from the incident itself (see statements.builtin_variables).
BUILTIN_VARIABLES = frozenset(
    {"community", "level", "level_name", "incident", "started_at", "now", "next_update", "date"}
)


def check_playbook(playbook: Playbook) -> list[Problem]:
    """Every cross-reference problem of a validated playbook."""
    return [
        *_check_levels(playbook),
        *_check_roles(playbook),
        *_check_templates(playbook),
        *_check_next_update(playbook),
        *_check_reachable(playbook),
    ]


def _check_levels(playbook: Playbook) -> Iterator[Problem]:
    numbers = [level.level for level in playbook.levels]
    if sorted(numbers) != list(range(len(numbers))):
        yield ("levels",), f"levels must be numbered 0, 1, 2… without gaps; found {numbers}"
    seen: set[str] = set()
    for index, level in enumerate(playbook.levels):
        if level.id in seen:
            yield ("levels", index, "id"), f"duplicate level id {level.id!r}"
        seen.add(level.id)
        if level.level == 0 and level.enter is not None:
            yield (
                ("levels", index, "enter"),
                "level 0 is the normal state: it has no entry triggers",
            )
        if level.update_every and not level.update_template:
            yield ("levels", index, "update_every"), "give update_template with update_every"


def _role_refs(playbook: Playbook) -> Iterator[tuple[Loc, str]]:
    for index, role in enumerate(playbook.roles):
        if role.escalates_to:
            yield ("roles", index, "escalates_to"), role.escalates_to
    for li, level in enumerate(playbook.levels):
        for ai, item in enumerate(level.on_enter):
            name, config = entry(item)
            if name == "notify":
                for ri, role in enumerate(config.roles):
                    yield ("levels", li, "on_enter", ai, "notify", "roles", ri), role
            elif name == "statement":
                yield ("levels", li, "on_enter", ai, "statement", "approver"), config.approver
        if level.update_approver:
            yield ("levels", li, "update_approver"), level.update_approver


def _check_roles(playbook: Playbook) -> Iterator[Problem]:
    ids = [role.id for role in playbook.roles]
    for index, role_id in enumerate(ids):
        if role_id in ids[:index]:
            yield ("roles", index, "id"), f"duplicate role id {role_id!r}"
    known = set(ids)
    for loc, role_id in _role_refs(playbook):
        if role_id not in known:
            yield loc, f"unknown role {role_id!r}; roles: {', '.join(ids)}"
    yield from _check_cycles(playbook, known)


def _check_cycles(playbook: Playbook, known: set[str]) -> Iterator[Problem]:
    nxt = {role.id: role.escalates_to for role in playbook.roles if role.escalates_to in known}
    reported: set[frozenset[str]] = set()
    for index, role in enumerate(playbook.roles):
        path, current = [role.id], nxt.get(role.id)
        while current is not None and current not in path:
            path.append(current)
            current = nxt.get(current)
        if current == role.id and frozenset(path) not in reported:
            reported.add(frozenset(path))
            cycle = " → ".join([*path, role.id])
            yield ("roles", index, "escalates_to"), f"escalation cycle: {cycle}"


def _template_uses(playbook: Playbook) -> Iterator[tuple[Loc, str, set[str]]]:
    """(where, template id, variables the use site adds) for every use of a template."""
    for li, level in enumerate(playbook.levels):
        for ai, item in enumerate(level.on_enter):
            name, config = entry(item)
            if name == "statement":
                assert isinstance(config, StatementAction)
                loc: Loc = ("levels", li, "on_enter", ai, "statement", "template")
                yield loc, config.template, set(config.vars)
        if level.update_template:
            yield ("levels", li, "update_template"), level.update_template, set()


def _check_templates(playbook: Playbook) -> Iterator[Problem]:
    ids = [template.id for template in playbook.templates]
    for index, template_id in enumerate(ids):
        if template_id in ids[:index]:
            yield ("templates", index, "id"), f"duplicate template id {template_id!r}"
    provided = BUILTIN_VARIABLES | set(playbook.variables)
    by_id = {template.id: (index, template) for index, template in enumerate(playbook.templates)}
    used: set[str] = set()
    for loc, template_id, extra in _template_uses(playbook):
        if template_id not in by_id:
            yield loc, f"unknown template {template_id!r}; templates: {', '.join(ids) or 'none'}"
            continue
        used.add(template_id)
        yield from _missing_variables(by_id[template_id], provided | extra, loc)
    for template_id, found in by_id.items():
        if template_id not in used:
            yield from _missing_variables(found, provided, ("templates", found[0], "text"))


def _check_next_update(playbook: Playbook) -> Iterator[Problem]:
    """A statement announcing {next_update} needs a cadence at its level (or below): otherwise
    there is no time to announce, and "before soon" is not publishable."""
    by_id = {template.id: template for template in playbook.templates}
    for li, level in enumerate(playbook.levels):
        cadence = any(
            other.update_every for other in playbook.levels if 0 < other.level <= level.level
        )
        for ai, item in enumerate(level.on_enter):
            name, config = entry(item)
            template = by_id.get(getattr(config, "template", "")) if name == "statement" else None
            if template is None or cadence:
                continue
            if any("next_update" in template_fields(text) for text in template.text.values()):
                yield (
                    ("levels", li, "on_enter", ai, "statement", "template"),
                    f"template {template.id!r} announces {{next_update}} but level {level.level} "
                    "has no update_every (nor any level below it)",
                )


def _missing_variables(
    found: tuple[int, object], provided: set[str], use: Loc
) -> Iterator[Problem]:
    index, template = found
    for lang, text in template.text.items():  # type: ignore[attr-defined]
        missing = sorted(template_fields(text) - provided)
        if missing:
            where = f" (used at {_dotted(use)})" if use[0] != "templates" else ""
            yield (
                ("templates", index, "text", lang),
                (
                    f"variable {', '.join('{' + m + '}' for m in missing)} is provided by nothing"
                    f"{where}; known: {', '.join(sorted(provided))}"
                ),
            )


def _dotted(loc: Loc) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


def _has_conditions(level: Level) -> bool:
    enter = level.enter
    return enter is not None and bool(enter.any or enter.all)


def _check_reachable(playbook: Playbook) -> Iterator[Problem]:
    for index, level in enumerate(playbook.levels):
        if level.level == 0:
            continue
        if level.enter is None or (not _has_conditions(level) and not level.enter.manual):
            yield (
                ("levels", index),
                (
                    f"level {level.level} ({level.id}) is unreachable: give entry conditions "
                    "or allow manual declaration (enter.manual: true)"
                ),
            )
