"""module for the feeds that CAT tools pull: the memory as TMX (or TSV, PO) and the glossary as TBX (or TSV),
streamed, with an ETag so that a tool polling them (an OmegaT team project's HTTP mapping) downloads them only
when something changed.

Each file is written by ``kotm.api.export``, the same call as ``kotm export``, to a temporary file that is then
streamed and removed: memory stays flat whatever the size of the memory.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from kotm import api
from kotm.web.service import service

router = APIRouter(prefix="/export", tags=["feeds"])

# name → (glossary?, format, media type)
FEEDS = {
    "memory.tmx": (False, "tmx", "application/x-tmx+xml; charset=utf-8"),
    "memory.tsv": (False, "tsv", "text/tab-separated-values; charset=utf-8"),
    "memory.po": (False, "po", "text/x-gettext-translation; charset=utf-8"),
    "glossary.tbx": (True, "tbx", "application/x-tbx+xml; charset=utf-8"),
    "glossary.tsv": (True, "tsv", "text/tab-separated-values; charset=utf-8"),
}


def etag(latest_change: int, name: str, domain: str | None, source: str | None, source_lang: str | None = None) -> str:
    """The feed's entity tag: every write is a change with a higher id, so the tag moves exactly when the data may
    have (filters included, so each filtered feed has its own)."""
    filters = hashlib.sha256(f"{name}\0{domain or ''}\0{source or ''}\0{source_lang or ''}".encode()).hexdigest()[:12]
    return f'"kotm-{latest_change}-{filters}"'


def _matches(header: str | None, tag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    return tag in {t.strip().removeprefix("W/") for t in header.split(",")}


@router.get(
    "/{name}",
    summary="A feed: memory.tmx, memory.tsv, memory.po, glossary.tbx or glossary.tsv; If-None-Match gives 304",
    responses={304: {"description": "Not modified since the ETag given in If-None-Match"}},
)
def feed(
    request: Request,
    name: str,
    domain: Annotated[str | None, Query(max_length=500)] = None,
    source: Annotated[str | None, Query(max_length=500)] = None,
    source_lang: Annotated[str | None, Query(pattern="^(ko|en)$")] = None,
) -> Response:
    from kotm.errors import NotFound

    if name not in FEEDS:
        raise NotFound(f"no feed {name!r}; the feeds are {', '.join(FEEDS)}")
    glossary, fmt, media = FEEDS[name]
    svc = service(request)
    tag = etag(svc.latest_change(), name, domain, source, source_lang)
    headers = {"ETag": tag, "Cache-Control": "no-cache"}
    if _matches(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers=headers)
    fd, path = tempfile.mkstemp(prefix="kotm-feed-", suffix=f".{fmt}")
    os.close(fd)
    try:
        # force: the temporary file exists, and an empty feed is a right answer, not a file to keep.
        api.export(
            svc.db(),
            path,
            fmt,
            terms=glossary,
            domain=domain or None,
            source=source or None,
            source_lang=source_lang,
            force=True,
        )
    except BaseException:
        os.unlink(path)
        raise
    return FileResponse(
        path, media_type=media, headers=headers, filename=name, background=BackgroundTask(os.unlink, path)
    )
