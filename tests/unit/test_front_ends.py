"""The front ends go through the desk: no `service.<field>` reach-through (the service's fields
are its own business: the charter, the engine, the database, the repositories...) and no SQL in
the adapters, the console's pages or the desk itself. Checked on the source, by walking each
module's syntax tree and imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "bot"
FRONT_ENDS = [
    *sorted((ROOT / "adapters").rglob("*.py")),
    *sorted((ROOT / "review" / "web").glob("*.py")),
    ROOT / "cli.py",
]
# The fields of CommunityService; `desk`, `handle`, `tick`, `member_joined`, `dispatcher` and
# `checkpoint` are its public surface.
FIELDS = {
    "charter",
    "engine",
    "db",
    "clock",
    "platform",
    "staff",
    "crisis",
    "pipeline",
    "cases",
    "outbox",
    "record_verdict",
    "review",
    "report",
    "appeal",
    "card",
}


def _is_service(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id == "service"
    return isinstance(node, ast.Attribute) and node.attr in ("service", "_service")


def reach_throughs(path: Path) -> list[str]:
    """`service.<field>` uses in a module, as "file:line: service.field"."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(ROOT.parent)}:{node.lineno}: service.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in FIELDS and _is_service(node.value)
    ]


def sql_imports(path: Path) -> list[str]:
    """Imports of SQLAlchemy in a module (the store's vocabularies, such as CaseKind, are fine)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            if name.startswith("sqlalchemy"):
                found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}: {name}")
    return found


# The deployment's registry of services composes them, and goes through their methods too.
COMPOSITION = [ROOT / "deploy" / "communities.py"]


@pytest.mark.parametrize(
    "path", [*FRONT_ENDS, *COMPOSITION], ids=lambda p: str(p.relative_to(ROOT))
)
def test_no_front_end_reaches_into_the_service(path: Path) -> None:
    assert reach_throughs(path) == []


@pytest.mark.parametrize(
    "path",
    [*FRONT_ENDS, *sorted((ROOT / "desk").glob("*.py"))],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_sql_outside_the_store(path: Path) -> None:
    assert sql_imports(path) == []


def test_the_checks_see_a_reach_through(tmp_path: Path) -> None:
    sample = ROOT / "adapters" / "_sample_for_test.py"
    try:
        sample.write_text("def f(self):\n    return self.service.db, service.cases.get(1)\n")
        assert [line.rsplit(": ", 1)[1] for line in reach_throughs(sample)] == [
            "service.db",
            "service.cases",
        ]
    finally:
        sample.unlink()


ABOVE_THE_DESK = ("bot.adapters", "bot.review", "bot.drills", "bot.cli", "bot.service", "bot.app")


@pytest.mark.parametrize("path", sorted((ROOT / "desk").glob("*.py")), ids=lambda p: p.name)
def test_the_desk_imports_only_the_floors_below_it(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert [name for name in imported if name.startswith(ABOVE_THE_DESK)] == []
