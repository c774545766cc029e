"""``kotm serve``: a real uvicorn on 127.0.0.1 answering the API, tokens from a file going into the history,
concurrent writes that all land, and one line on how to install the extra when it is missing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("uvicorn", reason="the serve extra is not installed: pip install -e '.[test]'")


def call(url: str, data: dict | None = None, token: str | None = None) -> tuple[int, dict | list]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(url, body, headers, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


@pytest.fixture
def db_file(builtin_db_file, tmp_path):
    path = tmp_path / "served.db"
    shutil.copy(builtin_db_file, path)
    return path


def test_serve_runs_uvicorn_with_tokens_from_a_file(serve_process, db_file, tmp_path):
    tokens = tmp_path / "tokens.txt"
    tokens.write_text("mina:mina-token-0001\njun:jun-token-0002\n")
    url = serve_process(db_file, "--tokens", str(tokens))
    status, hits = call(f"{url}/api/v1/search?q=%ED%98%91%EB%A0%A5&limit=3")  # 협력
    assert status == 200 and len(hits) == 3
    assert call(f"{url}/api/v1/segments", {"ko": "양국", "en": "both"})[0] == 401

    def add(n: int) -> int:  # 20 writers at once, two people: none fails with "database is locked"
        token = "mina-token-0001" if n % 2 else "jun-token-0002"
        return call(
            f"{url}/api/v1/segments", {"ko": f"동시에 추가한 문장 {n}번입니다.", "en": f"Sentence {n}."}, token
        )[0]

    with ThreadPoolExecutor(20) as pool:
        assert list(pool.map(add, range(20))) == [201] * 20
    status, hits = call(f"{url}/api/v1/search?q=%EB%8F%99%EC%8B%9C%EC%97%90&limit=100")  # 동시에
    assert len({h["en"] for h in hits}) == 20
    users = {c["user"] for c in call(f"{url}/api/v1/history?limit=20")[1]}
    assert users == {"mina", "jun"}


def test_serve_read_only(serve_process, db_file, tmp_path):
    tokens = tmp_path / "tokens.txt"
    tokens.write_text("mina:mina-token-0001\n")
    url = serve_process(db_file, "--tokens", str(tokens), "--read-only")
    assert call(f"{url}/api/v1/segments", {"ko": "양국", "en": "both"}, "mina-token-0001")[0] == 403
    assert call(f"{url}/api/v1/stats")[1]["segments"] == 51


def test_serve_without_its_extra_says_how_to_install_it(tmp_path):
    # fastapi made unimportable, as on an install without the serve extra
    code = "import sys; sys.modules['fastapi'] = None; from kotm.cli import cli; cli()"
    db = tmp_path / "k.db"
    run = subprocess.run([sys.executable, "-c", code, "--db", str(db), "serve"], capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr == "Error: kotm serve needs fastapi: pip install 'kotm[serve]'\n"


def test_a_bad_tokens_file_is_one_line(tmp_path):
    from click.testing import CliRunner

    from kotm.cli import cli

    tokens = tmp_path / "tokens.txt"
    tokens.write_text("just-a-token\n")
    result = CliRunner().invoke(cli, ["serve", "--tokens", str(tokens)])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: {tokens}:1: expected NAME:TOKEN (a name without spaces, a token of 8 characters or more)\n"
    )
