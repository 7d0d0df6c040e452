"""The debrief of one drill: the score and the verdict, the points per criterion with their reasons,
the timeline chart and a chronological table of injects, actions and the plan's events, what the
plan expected against what happened, the moderation per message, the statements as posted, and
the advice. Written as `debrief.md` (with `timeline.svg` beside it), `debrief.html` and the figures
as `score.json`."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from bot.charter.fields import pick
from bot.crisis import events as ev
from bot.drills.advice import advice
from bot.drills.chart import timeline_svg
from bot.drills.document import (
    Block,
    Bullets,
    Heading,
    Para,
    Picture,
    Quote,
    Table,
    to_html,
    to_markdown,
)
from bot.drills.expectations import Outcome
from bot.drills.lexicon import check_text
from bot.drills.loader import Drill
from bot.drills.record import DrillRecord
from bot.drills.scoring import ScoreCard
from bot.drills.timing import clock_label, offset_label
from bot.i18n.catalog import messages

SHOWN_EVENTS = (
    ev.LEVEL,
    ev.NOTIFY,
    ev.ACK,
    ev.ESCALATE,
    ev.EXHAUSTED,
    ev.STATEMENT_OVERDUE,
    ev.UPDATE_DUE,
)
EXCERPT = 110
FOUND_LABELS = {
    "problem": "q_acknowledges",
    "empathy": "q_empathy",
    "facts": "q_facts",
    "next_update": "q_next_update",
    "blame": "fault_blame",
    "speculation": "fault_speculation",
    "promise": "fault_promise",
}


def build(drill: Drill, record: DrillRecord, card: ScoreCard) -> list[Block]:
    """The debrief as a document."""
    lang = drill.lang
    return [
        Heading(messages().text(lang, "drills.db_title", title=drill.scenario.meta.title), 1),
        *_summary(drill, record, card),
        Heading(messages().text(lang, "drills.db_grid")),
        _grid_table(card),
        *_reasons(card),
        Heading(messages().text(lang, "drills.db_timeline")),
        Picture(
            timeline_svg(drill, record, card.outcomes),
            "timeline.svg",
            messages().text(lang, "drills.chart_title"),
        ),
        Para(messages().text(lang, "drills.legend_letters")),
        _chronology(drill, record),
        Heading(messages().text(lang, "drills.db_expected")),
        _expected_table(drill, card.outcomes),
        Heading(messages().text(lang, "drills.db_moderation")),
        _moderation_table(drill, record),
        Heading(messages().text(lang, "drills.db_statements")),
        *_statements(drill, record),
        Heading(messages().text(lang, "drills.db_advice")),
        Bullets(tuple(advice(drill, record, card))),
    ]


def _summary(drill: Drill, record: DrillRecord, card: ScoreCard) -> list[Block]:
    lang, meta = drill.lang, drill.scenario.meta
    verdict = messages().text(lang, "drills.db_passed" if card.passed else "drills.db_failed")
    blocks: list[Block] = [
        Para(
            messages().text(
                lang,
                "drills.db_meta",
                trainee=record.trainee,
                scenario=meta.id,
                brand=meta.brand,
                start=clock_label(record.start, drill.timezone),
                date=record.start.date().isoformat(),
            )
        ),
        Para(meta.synopsis),
        Para(
            messages().text(
                lang,
                "drills.db_score",
                score=f"{card.score:g}",
                verdict=verdict,
                mark=f"{card.pass_mark:g}",
            ),
            True,
        ),
    ]
    if card.failures:
        blocks.append(Para(messages().text(lang, "drills.db_failures", cap=f"{card.cap:g}")))
        blocks.append(Bullets(tuple(f"✘ {f.reason}" for f in card.failures)))
    return blocks


def _grid_table(card: ScoreCard) -> Table:
    lang = card.lang
    rows = []
    for c in card.criteria:
        points = "—" if c.points is None else f"{c.points:g}"
        note = messages().text(lang, "drills.db_manual") if c.manual else ""
        rows.append((c.title + note, points, f"{c.max:g}"))
    rows.append((messages().text(lang, "drills.db_total"), f"{card.points:.1f}", f"{card.max:g}"))
    return Table(
        (
            messages().text(lang, "drills.db_criterion"),
            messages().text(lang, "drills.db_points"),
            messages().text(lang, "drills.db_max"),
        ),
        tuple(rows),
    )


def _reasons(card: ScoreCard) -> list[Block]:
    blocks: list[Block] = []
    for c in card.criteria:
        points = "—" if c.points is None else f"{c.points:g}"
        blocks.append(Heading(f"{c.title} — {points} / {c.max:g}", 3))
        reasons = c.reasons + (
            [messages().text(card.lang, "drills.db_by", by=c.by)] if c.by else []
        )
        blocks.append(Bullets(tuple(reasons) or ("—",)))
    return blocks


def _row_time(drill: Drill, record: DrillRecord, moment: datetime) -> tuple[str, str]:
    return clock_label(moment, drill.timezone), offset_label(moment - record.start)


def _chronology(drill: Drill, record: DrillRecord) -> Table:
    lang, rows = drill.lang, list[tuple[datetime, int, str, str]]()
    for played in record.played:
        inject = played.inject
        who = (
            drill.scenario.persona(inject.persona).name
            if inject.persona
            else messages().text(lang, "drills.db_story")
        )
        labels = f" [{', '.join(inject.labels)}]" if inject.labels else ""
        text = (inject.text or messages().text(lang, f"drills.db_kind_{inject.kind}")).replace(
            "\n", " "
        )
        rows.append((played.at, 0, who, f"{inject.id or inject.kind}{labels}: {text[:EXCERPT]}"))
    for done in record.done:
        mark = "✔" if done.ok else "✘"
        rows.append(
            (
                done.at,
                1,
                messages().text(lang, "drills.db_you"),
                f"{mark} {done.do}: {done.detail[:EXCERPT]}",
            )
        )
    for event in record.events:
        if event.type in SHOWN_EVENTS:
            rows.append(
                (event.at, 2, messages().text(lang, "drills.db_plan"), _event_line(drill, event))
            )
    rows.sort(key=lambda row: (row[0], row[1]))
    header = (
        messages().text(lang, "drills.db_time"),
        "T+",
        messages().text(lang, "drills.db_who"),
        messages().text(lang, "drills.db_what"),
    )
    return Table(header, tuple((*_row_time(drill, record, r[0]), r[2], r[3]) for r in rows))


def _event_line(drill: Drill, event: ev.CrisisEvent) -> str:
    data = event.data
    if event.type == ev.LEVEL:
        name = pick(drill.playbook.level(data["level"]).name, drill.lang)
        auto = "" if data.get("by") else f" — {messages().text(drill.lang, 'drills.db_auto')}"
        return f"{messages().text(drill.lang, 'drills.db_level')} {data['level']} ({name}){auto}"
    parts = [event.type.removeprefix("crisis.")]
    for key in ("role", "person", "by", "from", "to"):
        if key in data:
            parts.append(f"{key}={data[key]}")
    return " ".join(parts)


def _expected_table(drill: Drill, outcomes: list[Outcome]) -> Table:
    lang, rows = drill.lang, []
    for o in sorted(outcomes, key=lambda o: o.due):
        target = pick(drill.playbook.role(o.target).name, lang) if o.do == "alert" else o.target
        what = messages().text(lang, f"drills.expect_{o.do}", target=target)
        done = clock_label(o.done_at, drill.timezone) if o.done_at else "—"
        status = messages().text(lang, f"drills.db_status_{o.status}")
        why = o.why or messages().text(lang, "drills.db_plan_rule")
        rows.append((what, clock_label(o.due, drill.timezone), done, status, why))
    header = tuple(
        messages().text(lang, f"drills.{k}")
        for k in ("db_expected_what", "db_due", "db_done", "db_status", "db_why")
    )
    return Table(header, tuple(rows))


def _moderation_table(drill: Drill, record: DrillRecord) -> Table:
    lang, rows, deleted = drill.lang, [], record.deleted()
    sanctions: dict[str, list[str]] = {}
    for sanction in record.sanctions:
        sanctions.setdefault(sanction.message, []).append(sanction.kind)
    for played in record.played:
        inject = played.inject
        if inject.kind not in ("message", "leak") or inject.id is None:
            continue
        wanted = messages().text(
            lang,
            "drills.db_remove"
            if inject.must_remove
            else "drills.db_keep"
            if inject.legitimate
            else "drills.db_either",
        )
        done = ", ".join(sanctions.get(inject.id, [])) or "—"
        right = (inject.id in deleted) == inject.must_remove or not (
            inject.must_remove or inject.legitimate
        )
        rows.append(
            (
                inject.id,
                ", ".join(inject.labels),
                ", ".join(played.suggested) or "—",
                wanted,
                done,
                "✔" if right else "✘",
            )
        )
    keys = ("db_message", "db_labels", "db_vigie", "db_charter", "db_action", "db_verdict")
    return Table(tuple(messages().text(lang, f"drills.{k}") for k in keys), tuple(rows))


def _statements(drill: Drill, record: DrillRecord) -> list[Block]:
    lang, blocks = drill.lang, list[Block]()
    if not record.posts:
        return [Para(messages().text(lang, "drills.no_statement"))]
    for post in record.posts:
        when = clock_label(post.at, drill.timezone)
        approver = (
            pick(drill.playbook.role(post.approved_role).name, lang)
            if post.approved_role
            else messages().text(lang, "drills.db_nobody")
        )
        blocks.append(
            Para(
                messages().text(
                    lang,
                    "drills.db_post",
                    draft=post.draft,
                    at=when,
                    approver=approver,
                    level=post.level,
                )
            )
        )
        blocks.append(Quote(post.text))
        quality = check_text(post.text, drill.scenario.writing)
        found = [
            f"{messages().text(lang, 'drills.' + FOUND_LABELS[key])} ({', '.join(w for w in words if w != '⏱') or '…'})"
            for key, words in quality.found.items()
        ]
        blocks.append(Para("; ".join(found) or "—"))
    return blocks


def write_debrief(drill: Drill, record: DrillRecord, card: ScoreCard, out_dir: Path) -> list[Path]:
    """Write debrief.md, timeline.svg, debrief.html, score.json and events.jsonl into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    blocks = build(drill, record, card)
    picture = next(b for b in blocks if isinstance(b, Picture))
    files = {
        "debrief.md": to_markdown(blocks),
        "timeline.svg": picture.svg,
        "debrief.html": to_html(
            blocks, messages().text(drill.lang, "drills.db_title", title=card.title), drill.lang
        ),
        "score.json": json.dumps(card.to_dict(), ensure_ascii=False, indent=2) + "\n",
        "events.jsonl": "".join(
            json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in record.events
        ),
    }
    written = []
    for name, text in files.items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
