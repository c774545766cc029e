"""module for what every view of ``kotm serve`` shares: the database (one SQLite connection per thread), the access
rules, the bounds on a request, and the one shape of an error."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import Request
from fastapi.responses import JSONResponse

from kotm import api
from kotm.errors import Busy, NotFound
from kotm.web.auth import Access, bearer

if TYPE_CHECKING:
    from kotm.api import Database

MAX_BODY = 256 * 1024  # bytes: a long text to match or scan fits many times over; an upload does not belong here
MAX_QUERY = 8 * 1024  # bytes of query string
MAX_TEXT = 20_000  # characters of one text to search, match or scan


class Service:
    """What every view needs: the database (one connection per thread) and the access rules."""

    def __init__(self, path: Path, access: Access):
        self.path = path
        self.access = access
        self._local = threading.local()

    def db(self) -> Database:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = api.open_existing(self.path)
        return db

    def latest_change(self) -> int:
        """The id of the newest change (0 for none): what the feeds' ETags are made of."""
        newest = api.changes(self.db(), limit=1)
        return newest[0].id if newest else 0


def service(request: Request) -> Service:
    return request.app.state.kotm


def credential(request: Request) -> str | None:
    """The token a request carries: ``Authorization: Bearer TOKEN``, or the password of HTTP Basic, which a browser
    asks for itself and then sends with every request, so the page works behind ``--read-token`` without JavaScript."""
    return token_of(request.headers.get("authorization"))


def token_of(header: str | None) -> str | None:
    token = bearer(header)
    if token is None and header and header[:6].lower() == "basic ":
        import base64
        import binascii

        try:
            token = base64.b64decode(header[6:].strip(), validate=True).decode().partition(":")[2] or None
        except (binascii.Error, UnicodeDecodeError):
            return None
    return token


def writer(request: Request, token: str | None = None) -> str:
    """The name of the person a write request comes from (``token``: one given in a form), else Refused."""
    return service(request).access.writer(token or bearer(request.headers.get("authorization")))


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one shape of every error the service answers: ``{"error": "<one line>"}``."""
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def status_of(e: Exception) -> int:
    """The HTTP status of a library error: 404 not found, 503 busy, 400 anything else the user can act on."""
    if isinstance(e, NotFound):
        return 404
    if isinstance(e, Busy):
        return 503
    return 400
