"""The hub's HTTP API (FastAPI): enrolment, push, pull, catalog documents, health.

Protocol: docs/sync-protocol.md.

The app holds no state of its own between requests (tokens are checked in the database on
every request), so several workers or hosts can serve one PostgreSQL database.
"""

from __future__ import annotations

import gzip
import json
import os
import pathlib
import re
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError

from app.hub import admin, catalogs, feed, keys, logs
from app.hub.ingest import DeviceRef, ingest
from app.hub.store import HubStore
from app.signing import SigningKey
from app.sync.wire import (
    API_PREFIX,
    DEFAULT_PULL_LIMIT,
    MAX_BODY_BYTES,
    MAX_PULL_LIMIT,
    WIRE_VERSION,
    EnrolRequest,
    EnrolResponse,
    ErrorResponse,
    HealthResponse,
    HubIdentity,
    PullResponse,
    PushRequest,
    PushResponse,
)

ENV_DB = "WUZHENG_HUB_DB"
ENV_LOG_LEVEL = "WUZHENG_HUB_LOG_LEVEL"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._\-]{1,64}$")
_ERR: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "the body is not JSON in UTF-8"},
    401: {"model": ErrorResponse, "description": "no token, or an unknown or revoked token"},
    413: {"model": ErrorResponse, "description": f"body larger than {MAX_BODY_BYTES} bytes"},
}


class RequestContext:
    """Request id, body size limit and one structured log line per request (pure ASGI)."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        given = headers.get("x-request-id", "")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode("ascii")),
                ]
            await send(message)

        try:
            body = await self._read_body(headers, receive)
            if body is None:
                too_large = f"request body larger than {self.max_body} bytes"
                await _send_json(send_with_id, 413, too_large)
                return
            await self.app(scope, _replay(body, receive), send_with_id)
        finally:
            logs.get().info(
                "request",
                extra={
                    "fields": {
                        "request_id": request_id,
                        "method": scope.get("method"),
                        "path": scope.get("path"),
                        "status": status,
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                        "device": state.get("device"),
                    }
                },
            )

    async def _read_body(self, headers: dict[str, str], receive: Receive) -> bytes | None:
        """The whole body, or None when it exceeds the limit (by header or as it streams)."""
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _send_json(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


_bearer = HTTPBearer(auto_error=False, description="the device token from POST /v1/enrol")


def _store(request: Request) -> HubStore:
    store: HubStore = request.app.state.store
    return store


def current_device(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> DeviceRef:
    """The device whose bearer token came with the request; 401 when none or not valid now."""
    if credentials is None:
        raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    device = admin.authenticate(_store(request), credentials.credentials)
    if device is None:
        raise HTTPException(401, "unknown or revoked token", headers={"WWW-Authenticate": "Bearer"})
    request.state.device = device.address
    return device


def create_app(store: HubStore | None = None, signer: SigningKey | None = None) -> FastAPI:
    """The ASGI app; without ``store``, the database named by $WUZHENG_HUB_DB (a worker), and
    without ``signer``, the signing key file named by $WUZHENG_HUB_SIGNING_KEY."""
    logs.configure(os.environ.get(ENV_LOG_LEVEL, "info"))
    if store is None:
        url = os.environ.get(ENV_DB)
        if not url:
            raise RuntimeError(f"${ENV_DB} names no database")
        store = HubStore.open(url, migrate=False)
    if signer is None:
        path = os.environ.get(keys.ENV_KEY)
        if not path:
            raise RuntimeError(f"${keys.ENV_KEY} names no signing key file")
        signer = keys.load_key(store, pathlib.Path(path))
    app = FastAPI(
        title="Wuzheng county hub",
        version=str(WIRE_VERSION),
        description="Sync of verification requests and answers (docs/sync-protocol.md).",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.signer = signer
    _routes(app)
    _handlers(app)
    app.add_middleware(RequestContext)
    return app


def _routes(app: FastAPI) -> None:
    @app.get(
        "/healthz",
        response_model=HealthResponse,
        responses={503: {"model": ErrorResponse, "description": "database unavailable"}},
    )
    def healthz(request: Request) -> HealthResponse:
        with _store(request).read() as session:
            session.execute(text("SELECT 1"))
        return HealthResponse(status="ok", wire_versions=[WIRE_VERSION])

    @app.post(
        f"{API_PREFIX}/enrol",
        response_model=EnrolResponse,
        responses={
            400: _ERR[400],
            403: {"model": ErrorResponse, "description": "code unknown, used, expired or revoked"},
            413: _ERR[413],
        },
    )
    def enrol(body: EnrolRequest, request: Request) -> EnrolResponse:
        signer: SigningKey = request.app.state.signer
        try:
            return admin.enrol_device(
                _store(request), body.code, body.device_name, body.public_key, signer
            )
        except admin.EnrolRefused as exc:
            raise HTTPException(403, str(exc)) from None

    @app.get(f"{API_PREFIX}/hub", response_model=HubIdentity, responses={401: _ERR[401]})
    def hub_identity(
        request: Request, device: Annotated[DeviceRef, Depends(current_device)]
    ) -> HubIdentity:
        """The hub's identity and Ed25519 public key, for a device enrolled before the enrol
        answer carried the key (over the same authenticated connection as its token)."""
        with _store(request).read() as session:
            return admin.identity(session)

    @app.post(f"{API_PREFIX}/push", response_model=PushResponse, responses=_ERR)
    def push(
        body: PushRequest,
        request: Request,
        device: Annotated[DeviceRef, Depends(current_device)],
    ) -> PushResponse:
        results = _store(request).write(lambda session: ingest(session, device, body.changes))
        return PushResponse(results=results)

    @app.get(
        f"{API_PREFIX}/changes",
        response_model=PullResponse,
        responses={
            400: {"model": ErrorResponse, "description": "a cursor this hub did not hand out"},
            401: _ERR[401],
        },
    )
    def changes(
        request: Request,
        device: Annotated[DeviceRef, Depends(current_device)],
        cursor: Annotated[str | None, Query(max_length=4096)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = DEFAULT_PULL_LIMIT,
    ) -> Any:
        unknown = set(request.query_params) - {"cursor", "limit"}
        if unknown:
            raise RequestValidationError(
                [
                    {"loc": ("query", name), "msg": "unknown parameter", "type": "extra_forbidden"}
                    for name in sorted(unknown)
                ]
            )
        try:
            with _store(request).read() as session:
                page = feed.read_page(session, device.reads, cursor, limit)
        except feed.CursorError as exc:
            raise HTTPException(400, str(exc)) from None
        return JSONResponse(page)  # already wire-shaped: skip a second validation

    @app.get(
        f"{API_PREFIX}/catalog/{{version}}",
        response_class=Response,
        responses={
            200: {
                "content": {"application/json": {}},
                "description": "the catalog exchange document of that version, exactly the "
                "bytes whose SHA-256 the catalog broadcast names (gzip on request)",
            },
            401: _ERR[401],
            404: {"model": ErrorResponse, "description": "no catalog of that version"},
        },
    )
    def catalog(
        request: Request,
        device: Annotated[DeviceRef, Depends(current_device)],
        version: Annotated[int, Path(ge=1, le=2**31 - 1)],
    ) -> Response:
        stored = catalogs.stored_catalog(_store(request), version)
        if stored is None:
            raise HTTPException(404, f"no catalog version {version}")
        headers = {
            "X-Content-SHA256": stored.sha256,
            "X-Wuzheng-Signature": stored.signature,
            "Cache-Control": "private, max-age=31536000, immutable",
            "Vary": "Accept-Encoding",
        }
        if "gzip" in request.headers.get("accept-encoding", "").lower():
            headers["Content-Encoding"] = "gzip"
            return Response(stored.document_gzip, media_type="application/json", headers=headers)
        body = gzip.decompress(stored.document_gzip)
        return Response(body, media_type="application/json", headers=headers)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        """422 naming what is wrong, without echoing the input (it may hold personal data),
        ASCII-escaped (the input may hold text no encoder accepts, such as lone surrogates)."""
        errors = [
            {
                "loc": list(error.get("loc", ())),
                "msg": error.get("msg", ""),
                "type": error.get("type"),
            }
            for error in exc.errors()
        ]
        body = json.dumps({"detail": errors}, ensure_ascii=True, default=str)
        return Response(body, status_code=422, media_type="application/json")

    @app.exception_handler(OperationalError)
    async def database_down(request: Request, exc: OperationalError) -> JSONResponse:
        logs.get().error(
            "database unavailable",
            extra={"fields": {"request_id": request.state.request_id, "error": str(exc.orig)}},
        )
        return JSONResponse({"detail": "hub database unavailable"}, status_code=503)

    @app.exception_handler(DBAPIError)
    async def database_error(request: Request, exc: DBAPIError) -> JSONResponse:
        logs.get().error(
            "database error",
            exc_info=exc,
            extra={"fields": {"request_id": request.state.request_id}},
        )
        return JSONResponse({"detail": "hub database error"}, status_code=500)
