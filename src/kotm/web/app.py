"""module for the application of ``kotm serve``: its factory, one database connection per thread, request bounds,
read access, the JSON errors, and running it with uvicorn.

The views (``kotm.web.v1`` the JSON API, ``kotm.web.feeds`` the exports, ``kotm.web.page`` the page) are sync
functions: FastAPI runs each in a worker thread, and each thread keeps its own SQLite connection, since one cannot
be shared across threads. Writes go through the store's transactions (``BEGIN IMMEDIATE``, waiting for another
writer), so concurrent requests wait their turn instead of failing with "database is locked".
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from kotm import __version__, api
from kotm.errors import Busy, KotmError
from kotm.web.auth import Access, Refused
from kotm.web.service import MAX_BODY, MAX_QUERY, Service, error, status_of, token_of

log = logging.getLogger("kotm")

OPEN_PATHS = ("/static/",)  # served even behind --read-token: the login prompt's page needs its style
PAGE_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (
        b"content-security-policy",
        b"default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
        b"form-action 'self'; base-uri 'none'",
    ),
]


class Bounds:
    """ASGI middleware: 413 for a query string over MAX_QUERY or a body over MAX_BODY (read here, before any view,
    whether or not the client announced its length); 401 when ``--read-token`` is set and the request has none;
    security headers on every answer."""

    def __init__(self, app, access: Access):
        self.app = app
        self.access = access

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if len(scope.get("query_string", b"")) > MAX_QUERY:
            return await _send_error(send, 413, f"the query string is over {MAX_QUERY // 1024} KiB; POST long text")
        headers = dict(scope["headers"])
        announced = headers.get(b"content-length", b"0")
        if not announced.isdigit() or int(announced) > MAX_BODY:
            return await _send_error(send, 413, f"the request body is over {MAX_BODY // 1024} KiB")
        if not scope["path"].startswith(OPEN_PATHS) and not self.access.can_read(
            token_of(headers.get(b"authorization", b"").decode("latin-1"))
        ):
            page = not scope["path"].startswith(("/api/", "/export/"))
            challenge = b'Basic realm="kotm", charset="UTF-8"' if page else b'Bearer realm="kotm"'
            return await _send_error(send, 401, "reading needs the server's read token", challenge)
        body = b""
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_BODY:
                return await _send_error(send, 413, f"the request body is over {MAX_BODY // 1024} KiB")
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *PAGE_HEADERS]
            await send(message)

        await self.app(scope, replay, with_headers)


async def _send_error(send, status: int, message: str, challenge: bytes | None = None) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *PAGE_HEADERS]
    if challenge:
        headers.append((b"www-authenticate", challenge))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def create_app(
    db_path: str | Path,
    *,
    tokens: dict[str, str] | None = None,
    read_token: str | None = None,
    read_only: bool = False,
    cors: list[str] | None = None,
) -> FastAPI:
    """The ASGI application of ``kotm serve`` over the database at ``db_path`` (created with the built-in corpus if
    it does not exist yet).

    :param tokens: write tokens, token → name (``kotm.web.auth.read_tokens``); without them no write is accepted.
    :param read_token: when given, every read needs it (or a write token) as a bearer token or Basic password.
    :param read_only: refuse every write, whatever the token.
    :param cors: origins allowed to call the API from a browser page of theirs (none by default).
    """
    from kotm.web import feeds, page, v1

    path = Path(db_path)
    api.open_or_create(path).close()  # create it (and migrate it) once, before any worker thread opens it
    access = Access(dict(tokens or {}), read_token, read_only)
    app = FastAPI(
        title="kotm",
        version=__version__,
        summary="A Korean–English translation memory and glossary: the JSON API of kotm serve.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # Swagger UI loads its scripts from a CDN: load openapi.json into a viewer of your own
        redoc_url=None,
    )
    app.state.kotm = Service(path, access)
    app.include_router(v1.router)
    app.include_router(feeds.router)
    app.include_router(page.router)
    page.mount_static(app)

    @app.exception_handler(Refused)
    def refused(request: Request, e: Refused) -> JSONResponse:
        return error(e.status, str(e), {"WWW-Authenticate": 'Bearer realm="kotm"'} if e.status == 401 else None)

    @app.exception_handler(KotmError)
    def library_error(request: Request, e: KotmError) -> JSONResponse:
        return error(status_of(e), str(e), {"Retry-After": "5"} if isinstance(e, Busy) else None)

    @app.exception_handler(RequestValidationError)
    def bad_request(request: Request, e: RequestValidationError) -> JSONResponse:
        first = e.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "request"
        return error(400, f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(HTTPException)
    def http_error(request: Request, e: HTTPException) -> JSONResponse:
        return error(e.status_code, str(e.detail), getattr(e, "headers", None))

    @app.exception_handler(sqlite3.OperationalError)
    def locked(request: Request, e: sqlite3.OperationalError) -> JSONResponse:
        if "locked" in str(e) or "busy" in str(e):
            return error(503, "the database is busy; try again", {"Retry-After": "5"})
        log.exception("kotm serve: %s %s failed", request.method, request.url.path)
        return error(500, "internal error (the server's log has the details)")

    @app.exception_handler(Exception)
    def internal(request: Request, e: Exception) -> JSONResponse:
        log.error("kotm serve: %s %s failed", request.method, request.url.path, exc_info=e)
        return error(500, "internal error (the server's log has the details)")

    if cors:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=cors,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "If-None-Match"],
            expose_headers=["ETag"],
        )
    app.add_middleware(Bounds, access=access)
    return app


def serve(
    db_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    tokens_file: str | Path | None = None,
    read_token: str | None = None,
    read_only: bool = False,
    cors: list[str] | None = None,
) -> None:
    """Run ``kotm serve`` until interrupted: the application of ``create_app`` on uvicorn at ``host:port``."""
    import uvicorn

    from kotm.web.auth import read_tokens

    tokens = read_tokens(tokens_file) if tokens_file else None
    app = create_app(db_path, tokens=tokens, read_token=read_token, read_only=read_only, cors=cors)
    writes = "read-only" if not app.state.kotm.access.writable else f"writes with {len(tokens or {})} token(s)"
    log.info("serving %s at http://%s:%d/ (%s)", db_path, host, port, writes)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
