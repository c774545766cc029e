"""module for the page of ``kotm serve``: one search box (concordance and term look-up for a word, fuzzy match with
the glossary terms for a pasted sentence), forms to add a segment or a term, and the history with undo.

Results are rendered on the server, so the page works as plain HTML forms; ``static/kotm.js`` only adds keyboard
shortcuts. Every text is escaped (Jinja2 autoescape, and ``markupsafe.escape`` in the highlighting below).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from kotm import api
from kotm.errors import InputError, KotmError
from kotm.web.auth import Refused
from kotm.web.service import MAX_TEXT, service, status_of, writer

HERE = Path(__file__).parent
router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=HERE / "templates")
MODES = ("auto", "search", "term", "match")


def mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


def marked(text: str, spans) -> Markup:
    """``text`` with the character ``spans`` (start, end) in <mark>, everything escaped."""
    out, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            continue
        out += [escape(text[at:start]), Markup("<mark>"), escape(text[start:end]), Markup("</mark>")]
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def diffed(ops) -> Markup:
    """A match's words with what differs from the query marked: <del> the query's words, <ins> the match's."""
    parts = []
    for op, query, found in ops:
        if op == "equal":
            parts.append(escape(found))
            continue
        piece = Markup("")
        if query:
            piece += Markup('<del title="in your text">%s</del>') % query
        if found:
            piece += Markup('<ins title="in the match">%s</ins>') % found
        parts.append(piece)
    return Markup(" ").join(parts)


def with_terms(text: str, found) -> Markup:
    """The pasted text with each glossary term found in it marked, its renderings as the title."""
    out, at = [], 0
    for f in sorted(found, key=lambda f: f.start):
        if f.start < at:
            continue
        renderings = "; ".join(f.to_dict()["renderings"])
        out += [escape(text[at : f.start]), Markup('<mark class="term" title="%s">%s</mark>') % (renderings, f.text)]
        at = f.end
    out.append(escape(text[at:]))
    return Markup("").join(out)


templates.env.globals.update(marked=marked, diffed=diffed)


def mode_for(q: str) -> str:
    """What the one box does with ``q``: a pasted sentence (three words or more, or 20 characters) is matched, a
    word or phrase is searched and looked up in the glossary."""
    return "match" if len(q.split()) >= 3 or len(q) >= 20 else "search"


def _render(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    svc = service(request)
    context.setdefault("q", "")
    context.setdefault("mode", "auto")
    base = {"writable": svc.access.writable, "read_only": svc.access.read_only, "modes": MODES}
    return templates.TemplateResponse(request, "page.html", {**base, **context}, status_code=status)


def _results(request: Request, q: str, mode: str) -> dict[str, Any]:
    db = service(request).db()
    used = mode_for(q) if mode == "auto" else mode
    out: dict[str, Any] = {"used": used}
    if used == "match":
        result = api.match(db, q, limit=10)
        out["match"] = result
        out["sentence"] = with_terms(q, result.terms)
    if used in ("search", "term"):
        out["terms"] = api.term(db, q, limit=20)
    if used == "search":
        out["search"] = api.search(db, q, limit=50)
    return out


@router.get("/", response_class=HTMLResponse)
def page(
    request: Request,
    q: Annotated[str, Query(max_length=MAX_TEXT)] = "",
    mode: Annotated[str, Query(pattern="^(auto|search|term|match)$")] = "auto",
) -> HTMLResponse:
    q = q.strip()
    if not q:
        return _render(request, mode=mode)
    try:
        return _render(request, q=q, mode=mode, **_results(request, q, mode))
    except KotmError as e:
        return _render(request, status_of(e), q=q, mode=mode, error=str(e))


@router.post("/add", response_class=HTMLResponse)
def add(
    request: Request,
    kind: Annotated[str, Form(pattern="^(segment|term)$")],
    ko: Annotated[str, Form(max_length=MAX_TEXT)],
    en: Annotated[str, Form(max_length=MAX_TEXT)],
    source: Annotated[str, Form(max_length=500)] = "",
    domain: Annotated[str, Form(max_length=500)] = "",
    note: Annotated[str, Form(max_length=MAX_TEXT)] = "",
    token: Annotated[str, Form(max_length=500)] = "",
) -> HTMLResponse:
    form = {"kind": kind, "ko": ko, "en": en, "source": source, "domain": domain, "note": note}
    try:
        name = writer(request, token)
        use = api.add_term if kind == "term" else api.add_segment
        with api.acting_as(name):
            added = use(service(request).db(), ko, en, source=source, domain=domain, note=note)
    except Refused as e:
        return _render(request, e.status, error=str(e), form=form)
    except KotmError as e:
        return _render(request, status_of(e), error=str(e), form=form)
    what = f"{kind} {added.id}"
    message = f"{what.capitalize()} already holds this pair; nothing added." if added.existed else f"Added {what}."
    mode = "term" if kind == "term" else "search"
    q = ko.strip()
    return _render(
        request, 201 if not added.existed else 200, message=message, q=q, mode=mode, **_results(request, q, mode)
    )


@router.get("/history", response_class=HTMLResponse)
def history(request: Request) -> HTMLResponse:
    return _render(request, history=api.changes(service(request).db(), limit=50))


@router.post("/undo", response_class=HTMLResponse)
def undo(
    request: Request,
    change: Annotated[int | None, Form(ge=1)] = None,
    token: Annotated[str, Form(max_length=500)] = "",
) -> HTMLResponse:
    db = service(request).db()
    try:
        name = writer(request, token)
        with api.acting_as(name):
            done = api.undo(db, change)
    except Refused as e:
        return _render(request, e.status, error=str(e), history=api.changes(db, limit=50))
    except KotmError as e:
        status = 409 if isinstance(e, InputError) else status_of(e)  # undo refuses with InputError
        return _render(request, status, error=str(e), history=api.changes(db, limit=50))
    target = done.target
    message = f"Undid change {target.id} ({target.action}: {target.summary}) as change {done.undo.id}."
    return _render(request, message=message, history=api.changes(db, limit=50))
