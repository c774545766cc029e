"""module for the JSON API under ``/api/v1/``: each view parses the request, makes one call into ``kotm.api`` and
answers the JSON that the CLI's ``--json`` prints for the same command (``/api/v1/search`` is the array of
``kotm search --json``)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from kotm import api
from kotm.errors import InputError
from kotm.web.service import MAX_TEXT, service, writer

router = APIRouter(prefix="/api/v1", tags=["kotm"])

Lang = Literal["ko", "en"]
Text = Annotated[str, Query(max_length=MAX_TEXT, description="The text: Korean or English")]
LangParam = Annotated[Lang | None, Query(description="Which side (default: Korean if the text has Hangul)")]


class TextIn(BaseModel):
    """A long text to search, match or scan, as a JSON body."""

    text: str = Field(max_length=MAX_TEXT)
    lang: Lang | None = None
    limit: int | None = Field(default=None, ge=1, le=1000)
    min_score: float | None = Field(default=None, ge=0, le=100)


class UnitIn(BaseModel):
    """A segment (an aligned pair) or a glossary term to add."""

    ko: str = Field(max_length=MAX_TEXT)
    en: str = Field(max_length=MAX_TEXT)
    source: str = Field(default="", max_length=500)
    domain: str = Field(default="", max_length=500)
    note: str = Field(default="", max_length=MAX_TEXT)


class UndoIn(BaseModel):
    """The change to undo; by default the latest one not yet undone."""

    change: int | None = Field(default=None, ge=1)


def _json(data, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status)


def _search(request: Request, text: str, lang: str | None, limit: int, source: str | None) -> JSONResponse:
    return _json(api.search(service(request).db(), text, lang=lang, limit=limit, source=source).to_dict())


@router.get("/search", summary="Concordance: the segments that contain q (kotm search --json)")
def search(
    request: Request,
    q: Text,
    lang: LangParam = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
    source: Annotated[str | None, Query(max_length=500)] = None,
) -> JSONResponse:
    return _search(request, q, lang, limit, source)


@router.post("/search", summary="Concordance of a long text given as {'text': …}")
def search_post(
    request: Request, body: TextIn, source: Annotated[str | None, Query(max_length=500)] = None
) -> JSONResponse:
    return _search(request, body.text, body.lang, body.limit or 20, source)


@router.get("/term", summary="Glossary look-up in either language (kotm term --json)")
def term(
    request: Request, q: Text, lang: LangParam = None, limit: Annotated[int | None, Query(ge=1, le=1000)] = None
) -> JSONResponse:
    return _json([h.to_dict() for h in api.term(service(request).db(), q, lang=lang, limit=limit)])


@router.post("/term", summary="Glossary look-up of a text given as {'text': …}")
def term_post(request: Request, body: TextIn) -> JSONResponse:
    return _json([h.to_dict() for h in api.term(service(request).db(), body.text, lang=body.lang, limit=body.limit)])


def _match(request: Request, text: str, lang: str | None, min_score: float, limit: int) -> JSONResponse:
    return _json(api.match(service(request).db(), text, lang=lang, min_score=min_score, limit=limit).to_dict())


@router.get("/match", summary="Fuzzy TM matches of q, with the glossary terms in it (kotm match --json)")
def match(
    request: Request,
    q: Text,
    lang: LangParam = None,
    min_score: Annotated[float, Query(ge=0, le=100)] = 70,
    limit: Annotated[int, Query(ge=1, le=100)] = 5,
) -> JSONResponse:
    return _match(request, q, lang, min_score, limit)


@router.post("/match", summary="Fuzzy TM matches of a long text given as {'text': …}")
def match_post(request: Request, body: TextIn) -> JSONResponse:
    limit = min(body.limit or 5, 100)
    return _match(request, body.text, body.lang, 70 if body.min_score is None else body.min_score, limit)


@router.get("/scan", summary="The glossary terms that occur in q (kotm scan --json)")
def scan(request: Request, q: Text, lang: LangParam = None) -> JSONResponse:
    return _json([f.to_dict() for f in api.scan(service(request).db(), q, lang=lang)])


@router.post("/scan", summary="The glossary terms that occur in a long text given as {'text': …}")
def scan_post(request: Request, body: TextIn) -> JSONResponse:
    return _json([f.to_dict() for f in api.scan(service(request).db(), body.text, lang=body.lang)])


@router.get(
    "/mt",
    summary="Machine-translation style: the best stored translation of text, for a CAT tool's MT connector",
    description='The best fuzzy match scoring min_score or more: `{"translation": …, "score": …, "id": …}`; '
    'with none, `{"translation": "", "score": 0, "id": null}`, which a connector shows as no suggestion.',
)
def mt(
    request: Request,
    text: Text,
    source: Lang = "ko",
    target: Lang = "en",
    min_score: Annotated[float, Query(ge=0, le=100)] = 75,
) -> JSONResponse:
    if source == target:
        raise InputError("source and target must be different languages (ko and en)")
    found = api.match(service(request).db(), text, lang=source, min_score=min_score, limit=1).matches
    if not found:
        return _json({"translation": "", "score": 0, "id": None})
    best = found[0]
    return _json({"translation": getattr(best.segment, target), "score": best.score, "id": best.segment.id})


def _add(request: Request, add, unit: UnitIn) -> JSONResponse:
    name = writer(request)
    with api.acting_as(name):
        added = add(service(request).db(), unit.ko, unit.en, source=unit.source, domain=unit.domain, note=unit.note)
    return _json(added.to_dict(), 200 if added.existed else 201)


@router.post("/segments", status_code=201, summary="Add a segment (needs a write token); 200 if already stored")
def add_segment(request: Request, unit: UnitIn) -> JSONResponse:
    return _add(request, api.add_segment, unit)


@router.post("/terms", status_code=201, summary="Add a glossary term (needs a write token); 200 if already stored")
def add_term(request: Request, unit: UnitIn) -> JSONResponse:
    return _add(request, api.add_term, unit)


@router.get("/history", summary="The change log, newest first (kotm history --json)")
def history(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
    change: Annotated[int | None, Query(ge=1, description="What this change did to each entry")] = None,
) -> JSONResponse:
    db = service(request).db()
    if change is not None:
        return _json([e.to_dict() for e in api.change_rows(db, change, limit=limit)])
    return _json([c.to_dict() for c in api.changes(db, limit=limit)])


@router.post(
    "/undo",
    summary="Undo the latest change, or {'change': N} (needs a write token); 409 when refused",
    responses={409: {"description": "The undo is refused: the change is already undone, or changed again since"}},
)
def undo(request: Request, body: Annotated[UndoIn | None, Body()] = None) -> JSONResponse:
    name = writer(request)
    with api.acting_as(name):
        try:
            done = api.undo(service(request).db(), body.change if body else None)
        except InputError as e:  # undo raises InputError only to refuse: already undone, or changed since
            return _json({"error": str(e)}, 409)
    return _json(done.to_dict())


@router.get("/stats", summary="Counts of segments and terms, by source and domain (kotm stats --json)")
def stats(request: Request) -> JSONResponse:
    return _json(api.stats(service(request).db()))
