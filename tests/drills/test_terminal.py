"""The interactive session, driven through its input stream: French and English commands, the
feed and the results of actions on the output, unknown commands, the end of the input, story time
following a (fake) wall clock, and a session replayed from the responses file it leaves behind."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.drills.feed import MemorySink
from bot.drills.pacing import StoryClock
from bot.drills.responses import dump_responses, load_responses
from bot.drills.runner import run_responses
from bot.drills.scoring import score
from bot.drills.terminal import TerminalSession
from tests.drills.helpers import PANNE, SCENARIOS, drill

ENGLISH = next(p for p in SCENARIOS if p.stem == "influencer-callout")

FRENCH_SESSION = """\
aide
attendre 7m
niveau 1 plaintes en hausse
ack
attendre 14m
supprimer m10
avertir m10
etat
rediger a modele reponse-attente
soumettre a
attendre 5m
publier a
note message d'attente publié
cocher 0
fin
"""


def drive(path, text: str, **options) -> tuple[str, object]:
    out = io.StringIO()
    record = TerminalSession(drill(path), io.StringIO(text), out, "Alice", **options).run()
    return out.getvalue(), record


def test_a_french_session_plays_the_feed_and_applies_each_command() -> None:
    output, record = drive(PANNE, FRENCH_SESSION)
    assert "=== Exercice : Panne réseau" in output and "Commandes (en français" in output
    assert "[m01] Camille.M › Quelqu'un d'autre n'a plus internet" in output
    assert "Niveau 1 — Vigilance (déclaré par Alice)" in output
    assert "✔ Message m10 supprimé" in output and "Brouillon a validé." in output
    assert "✔ Publié : a" in output and "=== Fin de l'exercice ===" in output
    assert [m.level for m in record.levels] == [1]
    assert record.posts[0].approved_role == "com" and record.notes
    assert [d.do for d in record.done] == [
        "level", "ack", "delete", "warn", "draft", "submit", "post", "note", "check",
    ]  # fmt: skip
    assert all(d.ok for d in record.done)


def test_an_english_session_understands_english_commands() -> None:
    commands = (
        "wait 10m\nlevel 1 criticism rising\nack\nwait 6m\ndelete e05\nban e05\nstatus\nend\n"
    )
    output, record = drive(ENGLISH, commands)
    assert "=== Drill: An influencer's call-out" in output
    assert "✔ Message e05 deleted" in output and "Level 1 — Vigilance" in output
    assert [d.do for d in record.done] == ["level", "ack", "delete", "ban"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("danser m01", "Commande non comprise : danser"),
        ("niveau deux", "Commande non comprise : level"),
        ("supprimer m99", "✘ Pas de message m99 dans le fil"),
        ("acquitter", "✘ Aucun appel en attente pour : Community manager"),
        ("publier zz", "✘ Pas de brouillon zz"),
    ],
    ids=["unknown-verb", "bad-argument", "unknown-message", "nothing-to-ack", "unknown-draft"],
)
def test_mistakes_are_explained_and_the_session_goes_on(line: str, expected: str) -> None:
    output, record = drive(PANNE, f"attendre 5m\n{line}\nfin\n")
    assert expected in output
    assert record.finished


def test_the_end_of_the_input_plays_the_story_to_its_end() -> None:
    output, record = drive(PANNE, "attendre 3m\n")
    assert record.finished and len(record.played) == len(drill(PANNE).scenario.timeline)
    assert "[m30]" in output  # the rest of the story was shown


def test_after_end_the_story_finishes_silently() -> None:
    output, record = drive(PANNE, "fin\n")
    assert record.finished and "[m30]" not in output


class TypingWall:
    """Wall time that passes while the trainee types: each line takes `seconds`."""

    def __init__(self, text: str, seconds: float) -> None:
        self.now, self.lines, self.seconds = 0.0, io.StringIO(text), seconds

    def monotonic(self) -> float:
        return self.now

    def readline(self) -> str:
        self.now += self.seconds
        return self.lines.readline()


def test_in_real_time_the_story_moves_with_the_wall_clock() -> None:
    loaded = drill(PANNE)
    wall = TypingWall("supprimer m10\nfin\n", seconds=130)  # 130 s × 10 = 21 min 40 of story
    clock = StoryClock(
        loaded.scenario.meta.start, loaded.scenario.meta.time_scale, 1.0, wall.monotonic
    )
    out = io.StringIO()
    record = TerminalSession(loaded, wall, out, "Alice", clock).run()  # type: ignore[arg-type]
    assert record.done[0].ok and record.done[0].do == "delete"
    assert (record.done[0].at - record.start).total_seconds() == pytest.approx(1300)


def test_polling_plays_the_feed_while_nobody_types() -> None:
    loaded = drill(PANNE)
    wall = TypingWall("fin\n", seconds=0)
    clock = StoryClock(
        loaded.scenario.meta.start, loaded.scenario.meta.time_scale, 1.0, wall.monotonic
    )
    polls: list[float] = []
    out = io.StringIO()
    shown_before_typing: list[str] = []

    def poll(timeout: float) -> bool:  # nothing typed for the first 3 polls of 30 s each
        polls.append(timeout)
        if len(polls) == 4:  # what the trainee saw before typing anything
            shown_before_typing.append(out.getvalue())
        wall.now += 30
        return len(polls) > 3

    TerminalSession(loaded, wall, out, "Alice", clock, poll).run()  # type: ignore[arg-type]
    assert "[m04]" in shown_before_typing[0]  # 90 s of wall time = 15 min of story


def test_a_session_leaves_a_responses_file_that_scores_the_same(tmp_path: Path) -> None:
    loaded = drill(PANNE)
    _, record = drive(PANNE, FRENCH_SESSION)
    path = tmp_path / "session.yaml"
    path.write_text(
        dump_responses("panne-reseau", "Alice", [d.action for d in record.done]), encoding="utf-8"
    )
    responses = load_responses(path, loaded)
    replayed = run_responses(loaded, responses.actions, MemorySink(), "Alice")
    assert score(loaded, replayed).to_dict() == score(loaded, record).to_dict()  # type: ignore[arg-type]
