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
from bot.drills.texts import say
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


def results_text(results: list[DrillResult], lang: str = "fr") -> str:
    """The progress table, one block per trainee."""
    if not results:
        return say(lang, "res_none") + "\n"
    lines = []
    for entry in progress(results):
        trend = f"{entry['trend']:+g}"
        lines.append(
            say(
                lang,
                "res_header",
                trainee=entry["trainee"],
                count=len(entry["drills"]),
                mean=entry["mean"],
                trend=trend,
            )
        )
        for row in entry["drills"]:
            codes = ", ".join(sorted({f["code"] for f in row.failures}))
            lines.append(
                say(
                    lang,
                    "res_line",
                    date=row.played_at.strftime("%Y-%m-%d %H:%M"),
                    scenario=row.scenario,
                    score=f"{row.score:g}",
                    verdict="✔" if row.passed else "✘",
                    failures=say(lang, "res_failures", codes=codes) if codes else "",
                )
            )
    return "\n".join(lines) + "\n"
