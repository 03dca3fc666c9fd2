"""The HTTP app: JSON API under ``/api``, server-rendered pages at ``/``, OpenAPI at ``/docs``.

Reads are open.  Writes (``POST /api/documents``) need ``Authorization: Bearer TOKEN``
with the token the operator set (``create_app(token=...)``, ``--token`` or the
``CLAIMLEDGER_TOKEN`` environment variable); without one, writes are switched off.
Every error is ``{"error": {"status": ..., "message": ...}}`` on the API and a plain
page on the site — never a stack trace.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimledger.serve.kept import Kept
from claimledger.serve.service import IngestRejected
from claimledger.store import Ledger, LedgerError, QueryError

HERE = Path(__file__).resolve().parent


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("claimledger")
    except Exception:  # running from a source tree that was never installed
        return "0"
log = logging.getLogger("claimledger.serve")


SECURITY_HEADERS = [
    # no page needs a script: even markup that slipped through could not run
    (b"content-security-policy", b"default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; "
                                 b"form-action 'self'; frame-ancestors 'none'; img-src 'self' data:"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeaders:
    """ASGI middleware adding ``SECURITY_HEADERS`` to every response (pages and API alike)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            parts.append(f"the body is not valid JSON (at character {err.get('loc', ('', '?'))[-1]})")
            continue
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "body", "path"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def _error(request: Request, status: int, message: str, headers: dict | None = None):
    if _is_api(request) or request.url.path in ("/openapi.json",):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)
    from claimledger.serve.pages import render_error

    return HTMLResponse(render_error(request, status, message), status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or route: {request.method} {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return _error(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return _error(request, 422, _describe_validation(exc))

    @app.exception_handler(LookupError)  # LedgerError and unknown record ids
    async def not_found(request: Request, exc: LookupError):
        message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
        return _error(request, 404, message)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError):
        return _error(request, 400, str(exc))

    @app.exception_handler(IngestRejected)
    async def rejected(request: Request, exc: IngestRejected):
        return _error(request, 422, str(exc))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        log.exception("error on %s %s", request.method, request.url.path)
        return _error(request, 500, f"internal error ({type(exc).__name__}); the server log has the details")


SERVER_THREADS = 40  # the thread pool FastAPI runs sync endpoints in (anyio's default)


def _served_ledger(db: str | Path | None) -> Ledger:
    """The ledger with a connection for each request thread: with SQLAlchemy's default pool (5 + 10)
    50 concurrent clients waited out its 30 s checkout timeout and got errors instead of answers."""
    return Ledger(db, connections=SERVER_THREADS)


def create_app(db: str | Path | Ledger | None = None, token: str | None = None, *,
               allow_private_urls: bool = False) -> FastAPI:
    """The app over one ledger (a SQLite path, a SQLAlchemy URL or an open ``Ledger``).

    ``token`` guards writes; ``None`` falls back to ``$CLAIMLEDGER_TOKEN``; empty = no writes.
    """
    from claimledger.serve import api, pages

    ledger = db if isinstance(db, Ledger) else _served_ledger(db)
    ledger.ensure_read_indexes()
    app = FastAPI(
        title="claimledger",
        version=_version(),
        description="A ledger of attributed, checkable claims from war and conflict news. "
                    "Reads are open; POST needs `Authorization: Bearer <token>`. "
                    "Lists take `limit`/`offset` and return `next_offset`; ids are stable "
                    "(documents: content hash; records: `DOCID:INDEX`).",
        docs_url=None,  # /docs is our own server-rendered page: Swagger UI would load scripts from a CDN
        redoc_url=None,
        openapi_tags=[{"name": n} for n in ("documents", "claims", "records", "links", "search", "export", "ingest")],
    )
    app.state.ledger = ledger
    app.state.token = token if token is not None else os.environ.get("CLAIMLEDGER_TOKEN") or None
    app.state.allow_private_urls = allow_private_urls
    app.state.write_lock = threading.Lock()  # one ingest at a time: SQLite has one writer, spaCy loads once
    app.state.kept = Kept()  # the link listings, per ledger version (serve.kept)
    _install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(SecurityHeaders)
    return app


def serve(db: str | Path | None = None, *, host: str = "127.0.0.1", port: int = 8000,
          token: str | None = None, log_level: str = "warning") -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(db, token), host=host, port=port, log_level=log_level)


__all__ = ["create_app", "serve", "LedgerError"]
