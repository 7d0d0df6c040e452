"""Results per trainee: store each scored drill in the database and show every trainee's progress
across drills (the `vigie drill results` table). The time a drill was played is given (the CLI's
clock), never read here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from itertools import groupby
from pathlib import Path
from typing import Any

from bot.drills.scoring import ScoreCard
from bot.i18n.catalog import messages
from bot.i18n.formats import listing, moment, number
from bot.store.database import Database
from bot.store.drill_repo import DrillResult, DrillResults


def record_result(
    db: Database, card: ScoreCard, played_at: datetime, out_dir: Path | None = None
) -> int:
    """Store a scored drill for its trainee; return the row id."""
    criteria = {c.id: {"points": c.points, "max": c.max, "manual": c.manual} for c in card.criteria}
    result = DrillResult(
        card.trainee,
        card.scenario,
        card.title,
        card.lang,
        played_at,
        card.score,
        card.passed,
        criteria,
        [{"code": f.code, "reason": f.reason} for f in card.failures],
        str(out_dir) if out_dir else None,
    )
    return DrillResults(db).add(result)


def progress(results: Iterable[DrillResult]) -> list[dict[str, Any]]:
    """Per trainee: the drills in order, the mean and the change from the first to the last."""
    found = []
    for trainee, rows in groupby(results, key=lambda r: r.trainee):
        drills = list(rows)
        scores = [r.score for r in drills]
        found.append(
            {
                "trainee": trainee,
                "drills": drills,
                "mean": round(sum(scores) / len(scores), 1),
                "trend": round(scores[-1] - scores[0], 1),
            }
        )
    return found


def results_text(
    results: list[DrillResult], lang: str = "fr", timezone: str = "Europe/Paris"
) -> str:
    """The progress table, one block per trainee, with dates in `timezone` and each automatic
    failure named in words."""
    if not results:
        return messages().text(lang, "drills.res_none") + "\n"
    lines = []
    for entry in progress(results):
        lines.append(trainee_line(entry, lang))
        lines += [_drill_line(row, lang, timezone) for row in entry["drills"]]
    return "\n".join(lines) + "\n"


def trainee_line(entry: dict[str, Any], lang: str) -> str:
    """The header of a trainee's block: how many drills (in the right plural), mean, progress."""
    trend = ("+" if entry["trend"] > 0 else "") + number(entry["trend"], lang)
    return messages().plural(
        lang,
        "drills.res_header",
        len(entry["drills"]),
        trainee=entry["trainee"],
        mean=number(entry["mean"], lang),
        trend=trend,
    )


def _drill_line(row: DrillResult, lang: str, timezone: str) -> str:
    codes = sorted({f["code"] for f in row.failures})
    named = listing((messages().text(lang, f"drills.failure.{code}") for code in codes), lang)
    return messages().text(
        lang,
        "drills.res_line",
        date=moment(row.played_at, lang, timezone, "short"),
        scenario=row.scenario,
        score=number(row.score, lang),
        verdict="✔" if row.passed else "✘",
        failures=messages().text(lang, "drills.res_failures", codes=named) if codes else "",
    )
