"""The interactive session in a real pseudo-terminal: `vigie drill play --turns` runs as a child
process on a pty; the test types commands as a trainee would and waits for what it expects to read
(select on the pty, no sleeps), then checks the debrief it wrote."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.drills.helpers import PANNE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
TIMEOUT = 30.0


class Pty:
    """A child process on a pseudo-terminal, read until an expected text shows up."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        import pty

        self.master, slave = pty.openpty()
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, close_fds=True
        )
        os.close(slave)
        self.seen = ""

    def expect(self, text: str) -> str:
        while text not in self.seen:
            ready, _, _ = select.select([self.master], [], [], TIMEOUT)
            if not ready:
                raise AssertionError(f"{text!r} did not show up; last output:\n{self.seen[-2000:]}")
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the child closed the terminal
                chunk = b""
            if not chunk:
                raise AssertionError(f"{text!r} never came; output:\n{self.seen[-2000:]}")
            self.seen += chunk.decode("utf-8", errors="replace")
        return self.seen

    def send(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode("utf-8"))

    def close(self) -> int:
        code = self.process.wait(timeout=TIMEOUT)
        os.close(self.master)
        return code


def test_a_trainee_plays_a_drill_in_a_terminal(tmp_path: Path) -> None:
    out = tmp_path / "debrief"
    argv = [sys.executable, "-m", "bot", "drill", "play", str(PANNE), "--turns"]
    db = f"sqlite:///{tmp_path}/vigie.db"  # never the working copy's own var/vigie.db
    child = Pty(
        [*argv, "--trainee", "Alice", "--out", str(out), "--db", db],
        Path(__file__).resolve().parents[2],
    )
    try:
        child.expect("Tapez « aide »")
        child.expect("niveau 0] > ")
        child.send("attendre 7m")
        child.expect("[m04] Karim_69")
        child.send("niveau 1 plaintes en hausse")
        child.expect("acquittez k1")
        child.send("ack")
        child.expect("Alice a acquitté k1")
        child.send("attendre 14m")
        child.expect("[m10] Mehdi_R")
        child.send("supprimer m10")
        child.expect("Message m10 supprimé")
        child.send("fin")
        child.expect("débriefing :")  # the drill speaks French to the end
    finally:
        code = child.close()
    assert code == 0
    score = json.loads((out / "score.json").read_text(encoding="utf-8"))
    assert score["trainee"] == "Alice" and 0 < score["score"] < 80
    assert "do: delete" in (out / "responses.yaml").read_text(encoding="utf-8")
    assert (tmp_path / "vigie.db").is_file()
