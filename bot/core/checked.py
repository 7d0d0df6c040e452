"""Values from configuration files that later code trusts without looking again: checked once, at
load time, so a plan that passes `vigie validate` cannot crash the crisis runner.

- a timezone must be a name of the tz database ("Europe/Paris"), not any string (a path such as
  `../../etc/passwd` would reach the file system);
- a template may only use plain `{name}` fields: no conversion (`{x!r}`), no format spec
  (`{x:>1500000000}` allocates gigabytes), no attribute or index (`{x.__class__}`), no lone brace.
"""

from __future__ import annotations

import re
from functools import cache
from string import Formatter
from typing import Annotated, Any
from zoneinfo import ZoneInfo, available_timezones

from pydantic import AfterValidator

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


def check_timezone(name: str) -> str:
    """`name` if it is a timezone of the tz database; ValueError otherwise."""
    if name not in _zones():
        raise ValueError(f"{name!r} is not a timezone of the tz database (e.g. 'Europe/Paris')")
    ZoneInfo(name)  # the name is known: loading it cannot touch anything else
    return name


@cache
def _zones() -> frozenset[str]:
    # Read once per process: the tz database does not change while it runs.
    return frozenset(available_timezones() | {"UTC"})


def template_fields(text: str) -> set[str]:
    """The `{name}` fields of a template; ValueError for anything but plain names and text."""
    try:
        parts = list(Formatter().parse(text))
    except ValueError as exc:
        raise ValueError(f"template: {exc} (write {{{{ and }}}} for a literal brace)") from None
    fields = set()
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not _NAME.match(name):
            raise ValueError(f"template field {{{name}}}: only plain names such as {{community}}")
        if spec or conversion:
            raise ValueError(f"template field {{{name}}}: no conversion or format allowed")
        fields.add(name)
    return fields


def check_template(value: Any) -> Any:
    """A template text (or a {language: text} mapping) whose fields are all plain names."""
    texts = value.values() if isinstance(value, dict) else [value]
    for text in texts:
        if isinstance(text, str):
            template_fields(text)
    return value


Timezone = Annotated[str, AfterValidator(check_timezone)]
"""The name of a timezone of the tz database."""
