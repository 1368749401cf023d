"""The device's transport to the county hub (httpx): enrol, push a batch, pull a page.

Typed in and out (the wire models of :mod:`app.sync.wire`); every failure is one of:

- :class:`HubUnreachable`: no answer (connection refused, DNS, TLS, timeout, a dropped
  connection) or the hub says it is unavailable (502/503/504). Nothing is known to have
  happened: keep the outbox, try again later (a push may have been stored: sending it again is
  harmless, the change ids make it idempotent).
- :class:`HubUnauthorized`: the token is unknown or revoked (401): enrol again.
- :class:`HubRefused`: the hub refused the request as a whole (4xx): nothing was changed.
- :class:`HubServerError`: the hub failed (500): nothing is known to have happened.
- :class:`HubProtocolError`: an answer that does not fit the protocol.

A push that gets through answers per change (:class:`~app.sync.wire.ChangeResult`); delete
an outbox entry only when its result is ``acknowledged``. This module imports no server code.
"""

from __future__ import annotations

import hashlib
import json
import ssl
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from app.sync.wire import (
    API_PREFIX,
    DEFAULT_PULL_LIMIT,
    MAX_BATCH_CHANGES,
    MAX_BODY_BYTES,
    AnyChange,
    EnrolRequest,
    EnrolResponse,
    HealthResponse,
    HubIdentity,
    PullResponse,
    PushResponse,
)

M = TypeVar("M", bound=BaseModel)

_UNAVAILABLE = {502, 503, 504}
_BODY_MARGIN = 4096  # room for the envelope around the changes


class HubError(Exception):
    """A request to the hub that did not complete; ``str()`` is a sentence for the user."""

    def __init__(self, message: str, *, status: int | None = None, detail: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.detail = detail


class HubUnreachable(HubError):
    """No answer from the hub, or it is unavailable: try again later."""


class HubRefused(HubError):
    """The hub refused the whole request (4xx); nothing was changed."""


class HubUnauthorized(HubRefused):
    """The token is unknown or revoked (401)."""


class HubServerError(HubError):
    """The hub failed (5xx other than unavailable)."""


class HubProtocolError(HubError):
    """The hub's answer does not fit the protocol."""


def batches(
    changes: Sequence[AnyChange],
    *,
    max_changes: int = MAX_BATCH_CHANGES,
    max_bytes: int = MAX_BODY_BYTES - _BODY_MARGIN,
) -> Iterator[list[AnyChange]]:
    """Split ``changes`` (in outbox order) into batches within the hub's documented limits."""
    batch: list[AnyChange] = []
    size = 0
    for change in changes:
        length = len(change.model_dump_json()) + 1
        if batch and (len(batch) >= max_changes or size + length > max_bytes):
            yield batch
            batch, size = [], 0
        batch.append(change)
        size += length
    if batch:
        yield batch


class HubClient:
    """One hub, optionally one device's token. Use as a context manager, or call close().

    ``base_url`` is the hub's address (``https://hub.example:8470``); ``verify`` is passed to
    httpx (False, or a CA bundle path, for a county's own certificate authority).
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: float = 30.0,
        verify: bool | str = True,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            verify=ssl.create_default_context(cafile=verify) if isinstance(verify, str) else verify,
            transport=transport,
        )

    # ------------------------------------------------------------------ the protocol

    def health(self) -> HealthResponse:
        return self._call("GET", "/healthz", HealthResponse)

    def enrol(self, code: str, device_name: str, public_key: str) -> EnrolResponse:
        """Trade a one-time enrolment code for this device's token (returned once).

        ``public_key`` is the device's own Ed25519 public key (raw, base64: ``SigningKey.
        public_key``); the hub distributes it to every device. The answer's ``hub.public_key``
        is the key every broadcast must verify with: keep it with the token."""
        try:
            body = EnrolRequest(code=code, device_name=device_name, public_key=public_key)
        except ValidationError as exc:
            raise HubRefused(f"注册信息不正确：{_first_error(exc)}", detail=str(exc)) from None
        return self._call("POST", f"{API_PREFIX}/enrol", EnrolResponse, content=_json(body))

    def identity(self) -> HubIdentity:
        """The hub's identity with its Ed25519 public key (GET /v1/hub): for a device enrolled
        before the enrol answer carried the key."""
        return self._call("GET", f"{API_PREFIX}/hub", HubIdentity)

    def push(self, changes: Sequence[AnyChange]) -> PushResponse:
        """Push one batch (outbox order; see :func:`batches`); one result per change, in order."""
        if not changes:
            return PushResponse(results=[])
        if len(changes) > MAX_BATCH_CHANGES:
            raise ValueError(f"a batch holds at most {MAX_BATCH_CHANGES} changes: use batches()")
        body = '{"changes":[' + ",".join(c.model_dump_json() for c in changes) + "]}"
        response = self._call("POST", f"{API_PREFIX}/push", PushResponse, content=body)
        sent = [str(c.change_id) for c in changes]
        if [str(r.change_id) for r in response.results] != sent:
            raise HubProtocolError("县级中心的确认与发送的记录不一致，本次未作任何删除。")
        return response

    def catalog(self, version: int, sha256: str | None = None) -> bytes:
        """The bytes of published catalog ``version`` (GET /v1/catalog/{version}, gzip on the
        wire). With ``sha256`` (the catalog broadcast's), bytes that do not match raise
        :class:`HubProtocolError`; check the broadcast's signature before using them."""
        response = self._send("GET", f"{API_PREFIX}/catalog/{int(version)}")
        data = response.content
        if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
            raise HubProtocolError(
                f"从县级中心下载的第 {version} 版目录与其发布信息不符（SHA-256 不一致），未使用。"
            )
        return data

    def pull(self, cursor: str | None = None, limit: int = DEFAULT_PULL_LIMIT) -> PullResponse:
        """The next page of changes addressed to this device after ``cursor`` (None: from the
        start). Store ``page.cursor`` in the same local transaction as the applied changes."""
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        return self._call("GET", f"{API_PREFIX}/changes", PullResponse, params=params)

    # ------------------------------------------------------------------ plumbing

    def _call(self, method: str, path: str, model: type[M], **kwargs: Any) -> M:
        response = self._send(method, path, **kwargs)
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise HubProtocolError(
                "县级中心的答复格式不正确（版本不一致？），请联系县信息中心。",
                status=response.status_code,
            ) from exc

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        if "content" in kwargs:
            kwargs["headers"] = {"Content-Type": "application/json"}
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise HubUnreachable(
                f"县级中心 {self.base_url} 响应超时，请稍后再试。", detail=repr(exc)
            ) from exc
        except httpx.TransportError as exc:
            raise HubUnreachable(
                f"无法连接县级中心 {self.base_url}，请检查网络后再试。", detail=repr(exc)
            ) from exc
        status = response.status_code
        if status >= 400:
            raise _error(self.base_url, status, _detail(response))
        return response

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _json(model: BaseModel) -> str:
    return model.model_dump_json()


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail", "")
    except (ValueError, AttributeError):
        return response.text[:200]
    return detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)[:500]


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    return f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}"


def _error(base_url: str, status: int, detail: str) -> HubError:
    if status in _UNAVAILABLE:
        message = f"县级中心 {base_url} 暂时不可用（{status}），请稍后再试。"
        return HubUnreachable(message, status=status, detail=detail)
    if status == 401:
        return HubUnauthorized(
            "本设备的凭据无效或已被吊销，请联系县信息中心重新注册。", status=status, detail=detail
        )
    if status == 413:
        return HubRefused("发送的数据过大，县级中心拒收。", status=status, detail=detail)
    if status < 500:
        return HubRefused(f"县级中心拒绝了请求（{status}）：{detail}", status=status, detail=detail)
    return HubServerError(
        f"县级中心内部出错（{status}），请稍后再试或联系县信息中心。", status=status, detail=detail
    )
