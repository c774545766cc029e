"""The store under real concurrent processes: nothing lost, nothing locked out."""

import subprocess
import sys

from kotm.db import open_db

WRITER = """
import sys
from kotm.db import open_db
from kotm.store import add_segments
from kotm.units import Segment
db = open_db(sys.argv[1])
name = sys.argv[2]
for n in range(60):
    add_segments(db, [Segment(f"{name} 작업자의 {n}번째 문장입니다.", f"Sentence {n} of writer {name}.")])
"""


def test_concurrent_writers_lose_nothing(db_path):
    open_db(db_path).close()
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), name], stderr=subprocess.PIPE, text=True)
        for name in ("가", "나", "다")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    db = open_db(db_path)
    assert db["segments"].count == 180
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT count(*) FROM segments_ko_fts WHERE segments_ko_fts MATCH '\"작업\"'").fetchone() == (
        180,
    )
