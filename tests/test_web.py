"""kotm serve's application through an HTTP client (Starlette's TestClient): every endpoint answers the JSON of the
CLI's --json, errors are one-line JSON with a fitting status, requests are bounded, writes need a token."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

pytest.importorskip("fastapi", reason="the serve extra is not installed: pip install -e '.[test]'")
from fastapi.testclient import TestClient

from kotm.cli import cli
from kotm.web.app import MAX_BODY, create_app
from kotm.web.auth import read_tokens

TOKEN = "mina-token-0001"
WRITE = {"Authorization": f"Bearer {TOKEN}"}
SENTENCE = "양국은 협력을 강화하기로 했습니다."


@pytest.fixture
def db_file(builtin_db_file, tmp_path):
    """A copy of the built-in database, for one test to change."""
    path = tmp_path / "served.db"
    shutil.copy(builtin_db_file, path)
    return path


@pytest.fixture
def client(db_file):
    with TestClient(create_app(db_file, tokens={TOKEN: "mina"}), raise_server_exceptions=False) as c:
        yield c


def cli_json(db_file, *args):
    result = CliRunner().invoke(cli, ["--db", str(db_file), *args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("path", "command"),
    [
        ("/api/v1/search?q=협력", ["search", "협력"]),
        ("/api/v1/search?q=summit&limit=3", ["search", "summit", "--limit", "3"]),
        ("/api/v1/term?q=카자흐스탄과의", ["term", "카자흐스탄과의"]),
        (f"/api/v1/match?q={SENTENCE}", ["match", SENTENCE]),
        (
            "/api/v1/match?q=We agreed to strengthen cooperation.&min_score=50",
            ["match", "We agreed to strengthen cooperation.", "--min-score", "50"],
        ),
        (f"/api/v1/scan?q={SENTENCE}", ["scan", SENTENCE]),
        ("/api/v1/stats", ["stats"]),
        ("/api/v1/history", ["history"]),
    ],
)
def test_the_api_answers_what_the_cli_prints(client, db_file, path, command):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == cli_json(db_file, *command)


@pytest.mark.parametrize("kind", ["search", "term", "match", "scan"])
def test_post_takes_a_long_text(client, kind):
    text = SENTENCE * 40  # longer than one wants in a URL
    posted = client.post(f"/api/v1/{kind}", json={"text": text})
    assert posted.status_code == 200, posted.text
    assert posted.json() == client.get(f"/api/v1/{kind}", params={"q": text}).json()


def test_match_finds_the_sentence_and_its_terms(client):
    data = client.get("/api/v1/match", params={"q": SENTENCE}).json()
    assert data["matches"][0]["ko"] == "양국은 사법분야 협력도 강화하기로 했습니다."
    assert data["matches"][0]["score"] == 75.0
    assert [t["ko"] for t in data["terms"]][:1] == ["양국"]


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/api/v1/search", 400, "q: Field required"),
        ("/api/v1/search?q=", 400, "the search query is empty"),
        ("/api/v1/search?q=협력&limit=0", 400, "limit: Input should be greater than or equal to 1"),
        ("/api/v1/match?q=협력&lang=fr", 400, "lang: Input should be 'ko' or 'en'"),
        ("/api/v1/history?change=999", 404, "no change 999"),
        ("/api/v1/mt?text=협력&source=ko&target=ko", 400, "source and target must be different languages (ko and en)"),
        (
            "/export/memory.xlsx",
            404,
            "no feed 'memory.xlsx'; the feeds are memory.tmx, memory.tsv, memory.po, glossary.tbx, glossary.tsv",
        ),
        ("/api/v1/nothing", 404, "Not Found"),
    ],
)
def test_bad_input_is_one_line_of_json(client, path, status, message):
    response = client.get(path)
    assert response.status_code == status
    assert response.json() == {"error": message}


def test_bad_json_bodies(client):
    response = client.post(
        "/api/v1/segments", content=b"{not json", headers={**WRITE, "content-type": "application/json"}
    )
    assert response.status_code == 400 and set(response.json()) == {"error"}
    response = client.post("/api/v1/segments", json={"ko": "양국"}, headers=WRITE)
    assert response.json() == {"error": "en: Field required"}
    response = client.post("/api/v1/segments", json={"ko": "", "en": "x"}, headers=WRITE)
    assert response.status_code == 400 and "\n" not in response.json()["error"]


def test_oversized_requests_are_refused_with_413(client):
    big = json.dumps({"text": "가" * (MAX_BODY // 3 + 10)}).encode()  # 3 bytes a syllable in UTF-8
    assert len(big) > MAX_BODY
    response = client.post("/api/v1/scan", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json() == {"error": "the request body is over 256 KiB"}

    def chunks():  # no Content-Length: the bound holds for a streamed body too
        for _ in range(5):
            yield b" " * (MAX_BODY // 4)

    response = client.post("/api/v1/scan", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    response = client.get("/api/v1/search", params={"q": "협" * 5000})
    assert response.status_code == 413 and "query string" in response.json()["error"]


def test_writes_need_a_token_and_record_its_name(client):
    unit = {"ko": "양국은 우주 협력을 확대하기로 했다.", "en": "The two countries agreed to expand space cooperation."}
    refused = client.post("/api/v1/segments", json=unit)
    assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Bearer")
    assert refused.json() == {"error": "a change needs a token: send Authorization: Bearer TOKEN"}
    wrong = client.post("/api/v1/segments", json=unit, headers={"Authorization": "Bearer not-a-token"})
    assert wrong.status_code == 401

    added = client.post("/api/v1/segments", json={**unit, "source": "memo-2024", "domain": "science"}, headers=WRITE)
    assert added.status_code == 201
    assert added.json() == {"table": "segments", "id": 52, "existed": False, "change": 2}
    again = client.post("/api/v1/segments", json=unit, headers=WRITE)
    assert again.status_code == 200 and again.json()["existed"] is True
    hits = client.get("/api/v1/search", params={"q": "우주 협력을 확대"}).json()
    assert [(h["id"], h["source"], h["creator"]) for h in hits] == [(52, "memo-2024", "mina")]
    assert client.get("/api/v1/history?limit=1").json()[0]["user"] == "mina"

    term = client.post("/api/v1/terms", json={"ko": "우주 협력", "en": "space cooperation"}, headers=WRITE)
    assert term.status_code == 201 and term.json()["table"] == "terms"
    assert client.get("/api/v1/term", params={"q": "우주 협력"}).json()[0]["en"] == "space cooperation"


def test_undo_and_its_conflicts(client):
    client.post("/api/v1/segments", json={"ko": "시험 문장입니다.", "en": "A test sentence."}, headers=WRITE)
    assert client.post("/api/v1/undo").status_code == 401
    done = client.post("/api/v1/undo", headers=WRITE)
    assert done.status_code == 200
    assert done.json()["target"]["change"] == 2 and done.json()["undo"]["user"] == "mina"
    assert client.get("/api/v1/search", params={"q": "시험 문장"}).json() == []
    again = client.post("/api/v1/undo", json={"change": 2}, headers=WRITE)
    assert again.status_code == 409 and again.json() == {"error": "change 2 is already undone (by change 3)"}
    missing = client.post("/api/v1/undo", json={"change": 99}, headers=WRITE)
    assert missing.status_code == 404 and missing.json() == {"error": "no change 99"}


def test_a_read_only_server_refuses_every_write(db_file):
    app = create_app(db_file, tokens={TOKEN: "mina"}, read_only=True)
    with TestClient(app) as client:
        for path in ("/api/v1/segments", "/api/v1/terms"):
            response = client.post(path, json={"ko": "양국", "en": "both"}, headers=WRITE)
            assert response.status_code == 403 and "read-only" in response.json()["error"]
        assert client.post("/api/v1/undo", headers=WRITE).status_code == 403
        assert client.get("/api/v1/search", params={"q": "협력"}).status_code == 200
        page = client.post("/add", data={"kind": "segment", "ko": "양국", "en": "both", "token": TOKEN})
        assert page.status_code == 403 and "read-only" in page.text


def test_without_tokens_the_server_takes_no_writes(db_file):
    with TestClient(create_app(db_file)) as client:
        response = client.post("/api/v1/segments", json={"ko": "양국", "en": "both"}, headers=WRITE)
        assert response.status_code == 403
        assert response.json() == {"error": "this server takes no writes: it was started without --tokens"}


def test_a_read_token_guards_reads(db_file):
    with TestClient(create_app(db_file, tokens={TOKEN: "mina"}, read_token="reader-secret")) as client:
        response = client.get("/api/v1/search", params={"q": "협력"})
        assert response.status_code == 401 and response.json() == {"error": "reading needs the server's read token"}
        assert client.get("/export/memory.tmx").status_code == 401
        page = client.get("/")
        assert page.status_code == 401 and page.headers["www-authenticate"].startswith("Basic")  # the browser asks
        assert client.get("/api/v1/stats", headers={"Authorization": "Bearer reader-secret"}).status_code == 200
        assert client.get("/api/v1/stats", headers=WRITE).status_code == 200  # a writer may read
        assert client.get("/", auth=("anyone", "reader-secret")).status_code == 200
        assert client.get("/static/kotm.css").status_code == 200


def test_cors_only_when_asked(db_file):
    origin = {"Origin": "https://cat.example.org"}
    with TestClient(create_app(db_file)) as client:
        assert "access-control-allow-origin" not in client.get("/api/v1/stats", headers=origin).headers
    with TestClient(create_app(db_file, cors=["https://cat.example.org"])) as client:
        response = client.get("/api/v1/stats", headers=origin)
        assert response.headers["access-control-allow-origin"] == "https://cat.example.org"


def test_the_omegat_feed_is_fetched_again_only_after_a_write(client):
    first = client.get("/export/memory.tmx")
    assert first.status_code == 200 and first.headers["content-type"].startswith("application/x-tmx+xml")
    assert first.text.count("<tu>") + first.text.count("<tu ") == 51
    tag = first.headers["etag"]
    second = client.get("/export/memory.tmx", headers={"If-None-Match": tag})
    assert second.status_code == 304 and second.content == b"" and second.headers["etag"] == tag
    client.post(
        "/api/v1/segments", json={"ko": "새 문장을 추가합니다.", "en": "A new sentence is added."}, headers=WRITE
    )
    third = client.get("/export/memory.tmx", headers={"If-None-Match": tag})
    assert third.status_code == 200 and third.headers["etag"] != tag
    assert "새 문장을 추가합니다." in third.text


def test_feeds_and_their_filters(client):
    tbx = client.get("/export/glossary.tbx")
    assert tbx.status_code == 200 and tbx.text.count("<termEntry") == 99
    tsv = client.get("/export/glossary.tsv", params={"domain": "place"})
    rows = [line for line in tsv.text.splitlines() if line and not line.startswith("#")]
    assert len(rows) == 11 and all("\tplace\t" in row for row in rows)
    assert client.get("/export/glossary.tsv").headers["etag"] != tsv.headers["etag"]  # each filter has its own tag
    memory = client.get("/export/memory.tsv", params={"source": "no-such-source"})
    assert [line for line in memory.text.splitlines() if line and not line.startswith("#")] == []


def test_the_mt_endpoint_gives_the_best_match(client):
    best = client.get("/api/v1/mt", params={"source": "ko", "target": "en", "text": SENTENCE}).json()
    assert best == {
        "translation": "The two countries also agreed to strengthen judicial cooperation.",
        "score": 75.0,
        "id": 35,
    }
    back = client.get(
        "/api/v1/mt",
        params={
            "source": "en",
            "target": "ko",
            "text": "The two countries also agreed to strengthen judicial cooperation.",
        },
    )
    assert back.json()["translation"] == "양국은 사법분야 협력도 강화하기로 했습니다." and back.json()["score"] == 100.0
    none = client.get("/api/v1/mt", params={"text": "전혀 관계없는 문장이다."}).json()
    assert none == {"translation": "", "score": 0, "id": None}


def test_openapi_documents_the_api(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in ("search", "term", "match", "scan", "segments", "terms", "history", "undo", "stats", "mt"):
        assert f"/api/v1/{path}" in spec["paths"]
    assert "/export/{name}" in spec["paths"]


def test_the_page_highlights_and_escapes(client):
    page = client.get("/", params={"q": "협력"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert (
        "<mark>협력</mark>" in page.text
        and "Glossary" in page.text
        and "Noto Sans KR" in client.get("/static/kotm.css").text
    )
    matched = client.get("/", params={"q": SENTENCE})
    assert "75%" in matched.text and "<ins" in matched.text and '<mark class="term"' in matched.text
    hostile = client.get("/", params={"q": '<script>alert("x")</script> 협력'})
    assert "<script>alert" not in hostile.text and "&lt;script&gt;" in hostile.text
    assert "script-src 'self'" in hostile.headers["content-security-policy"]


def test_the_page_forms_add_and_undo(client):
    form = {"kind": "segment", "ko": "<b>굵은</b> 협력 문장", "en": "A <b>bold</b> sentence", "token": TOKEN}
    refused = client.post("/add", data={**form, "token": ""})
    assert refused.status_code == 401 and "needs a token" in refused.text
    added = client.post("/add", data=form)
    assert added.status_code == 201 and "Added segment 52." in added.text
    assert "<b>굵은</b>" not in added.text and "&lt;b&gt;굵은&lt;/b&gt;" in added.text
    history = client.get("/history")
    assert "Undo 2" in history.text
    undone = client.post("/undo", data={"change": "2", "token": TOKEN})
    assert undone.status_code == 200 and "Undid change 2" in undone.text
    assert client.post("/undo", data={"change": "2", "token": TOKEN}).status_code == 409


def test_tokens_file(tmp_path):
    path = tmp_path / "tokens.txt"
    path.write_text("# team\nmina:mina-token-0001\n\njun : jun-token-0002\n")
    assert read_tokens(path) == {"mina-token-0001": "mina", "jun-token-0002": "jun"}
    path.write_text("mina:short\n")
    from kotm.errors import KotmError

    with pytest.raises(KotmError, match=r"tokens.txt:1: expected NAME:TOKEN"):
        read_tokens(path)
    path.write_text("mina:same-token-1\njun:same-token-1\n")
    with pytest.raises(KotmError, match=r":2: this token is also mina's"):
        read_tokens(path)
