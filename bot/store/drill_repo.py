"""Drill results in the database: record one scored drill, list them by trainee (oldest first), so
`vigie drill results` can show each trainee's progress. The time of each drill is given by the
caller: nothing here reads the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select

from bot.store.database import Database
from bot.store.drill_tables import DRILL_RESULTS


@dataclass(frozen=True, slots=True)
class DrillResult:
    """One drill one trainee played, as stored."""

    trainee: str
    scenario: str
    title: str
    language: str
    played_at: datetime
    score: float
    passed: bool
    criteria: dict[str, Any]
    failures: list[Any]
    out_dir: str | None = None
    id: int | None = None


class DrillResults:
    """The drill results of a database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, result: DrillResult) -> int:
        """Store one result; return its id."""
        row = {
            "trainee": result.trainee,
            "scenario": result.scenario,
            "title": result.title,
            "language": result.language,
            "played_at": result.played_at,
            "score": result.score,
            "passed": result.passed,
            "criteria": result.criteria,
            "failures": result.failures,
            "out_dir": result.out_dir,
        }
        with self._db.begin() as connection:
            inserted = connection.execute(insert(DRILL_RESULTS).values(**row))
            key = inserted.inserted_primary_key
            assert key is not None
            return int(key[0])

    def list(self, trainee: str | None = None) -> list[DrillResult]:
        """Every result (or one trainee's), by trainee then in the order they were played."""
        query = select(DRILL_RESULTS).order_by(
            DRILL_RESULTS.c.trainee, DRILL_RESULTS.c.played_at, DRILL_RESULTS.c.id
        )
        if trainee is not None:
            query = query.where(DRILL_RESULTS.c.trainee == trainee)
        with self._db.read() as connection:
            return [
                DrillResult(
                    row.trainee,
                    row.scenario,
                    row.title,
                    row.language,
                    row.played_at,
                    row.score,
                    row.passed,
                    row.criteria,
                    row.failures,
                    row.out_dir,
                    row.id,
                )
                for row in connection.execute(query)
            ]
