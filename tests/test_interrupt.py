"""Ctrl-C in a real terminal (issue 14): an interrupted import has changed nothing, or says that it finished, and
exits with status 130. Each test runs the real ``kotm`` in a pseudo-terminal, as a user's shell would, so the
progress bar is drawn and SIGINT reaches the process group the way the terminal delivers it."""

from __future__ import annotations

import json
import os
import select
import sqlite3
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

N_UNITS = 30_000  # about 5 MB of TMX: read in a second process, and the phases last long enough to be hit


@pytest.fixture(scope="module")
def big_tmx(tmp_path_factory):
    from kotm.formats import tmx
    from kotm.units import Segment

    path = tmp_path_factory.mktemp("interrupt") / "memory.tmx"
    with path.open("wb") as out:
        tmx.write(
            (
                Segment(f"{i}번 안건에서 양국은 협력을 강화하기로 했습니다.", f"On item {i}, both agreed to cooperate.")
                for i in range(N_UNITS)
            ),
            out,
        )
    return path


class Terminal:
    """``kotm ARGS`` with a pseudo-terminal as its controlling terminal, standard input, output and error."""

    def __init__(self, db, *args, env=None):
        import fcntl
        import termios

        self.master, slave = os.openpty()

        def controlling_terminal():  # runs in the child, after setsid(): the pty becomes its terminal
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kotm", "--db", str(db), *map(str, args)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
            preexec_fn=controlling_terminal,
            env={**os.environ, "COLUMNS": "100", **(env or {})},
        )
        os.close(slave)
        self.output = ""

    def read_until(self, text: str, timeout: float = 60) -> bool:
        deadline = time.monotonic() + timeout
        while text not in self.output and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.output += os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:  # the child has gone and closed the terminal
                    return text in self.output
        return text in self.output

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait(self, timeout: float = 120) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self.read_until("\0", timeout=0.1)
        self.read_until("\0", timeout=0.2)
        code = self.proc.wait(timeout=5)
        os.close(self.master)
        return code


def imported(db) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM segments WHERE source = 'memory.tmx'").fetchone()[0]
    finally:
        conn.close()


def changes(db) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [a for (a,) in conn.execute("SELECT action FROM changes ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "kotm.db"
    subprocess.run([sys.executable, "-m", "kotm", "--db", str(path), "init"], check=True, capture_output=True)
    return path


def test_ctrl_c_while_the_bar_shows_rolls_back_and_exits_130(db, big_tmx):
    term = Terminal(db, "import", big_tmx)
    assert term.read_until("Importing"), term.output
    term.type("\x03")  # Ctrl-C: the terminal sends SIGINT to the foreground process group
    code = term.wait()
    assert code == 130, term.output
    assert "Aborted!" not in term.output and "Traceback" not in term.output
    assert "nothing was imported" in term.output
    assert imported(db) == 0 and changes(db) == ["add"]


@pytest.mark.parametrize("phase", ["read", "write", "index"])
def test_sigint_before_the_commit_changes_nothing(db, big_tmx, phase):
    term = Terminal(db, "import", big_tmx, env={"KOTM_TEST_INTERRUPT_AT": phase})
    code = term.wait()
    assert code == 130, term.output
    assert "Aborted!" not in term.output and "Traceback" not in term.output
    assert "Interrupted: nothing was imported; the database is as it was." in term.output
    assert imported(db) == 0 and changes(db) == ["add"]


def test_sigint_just_after_the_commit_says_the_import_finished(db, big_tmx):
    term = Terminal(db, "import", big_tmx, env={"KOTM_TEST_INTERRUPT_AT": "commit"})
    code = term.wait()
    assert code == 130, term.output
    assert "Aborted!" not in term.output and "Traceback" not in term.output
    assert "Interrupted after the import was complete: change 2" in term.output, term.output
    assert "`kotm undo` reverts it" in term.output
    assert imported(db) == N_UNITS and changes(db) == ["add", "import"]


def test_a_big_undo_asks_on_a_terminal(db):
    term = Terminal(db, "undo")
    assert term.read_until("Undoing?"), term.output
    assert "changes 156 entries" in term.output
    term.type("n\r")
    assert term.wait() == 0
    assert "Nothing undone." in term.output
    assert (
        json.loads(
            subprocess.run(
                [sys.executable, "-m", "kotm", "--db", str(db), "stats", "--json"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )["segments"]
        == 51
    )
