"""Run the hub on uvicorn: migrate once, then serve with N stateless worker processes."""

from __future__ import annotations

import os
from pathlib import Path

from app.errors import UserError
from app.hub.store import HubStore, redact


def serve(
    url: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8470,
    workers: int = 1,
    tls_cert: Path | None = None,
    tls_key: Path | None = None,
    log_level: str = "info",
    signing_key: Path,
) -> None:
    """Apply the hub's migrations, make sure the hub has its signing key (made at the first
    start, see app/hub/keys.py) and has published its default freshness limits, then serve
    until stopped (SIGINT/SIGTERM)."""
    try:
        import uvicorn

        import app.hub.api  # noqa: F401  (fails here, with a clear line, without the extra)
    except ImportError:
        raise UserError(
            "本机未安装县级中心组件：请先 pip install 'wuzheng[hub]'，再运行 wuzheng hub serve。"
        ) from None
    if (tls_cert is None) != (tls_key is None):
        raise UserError("--tls-cert 与 --tls-key 须同时给出。")
    for path in (tls_cert, tls_key):
        if path is not None and not path.is_file():
            raise UserError(f"找不到 TLS 文件 {path}。")
    from app.hub import calendars, keys

    store = HubStore.open(url)  # migrations run here, once, before any worker starts
    try:
        key, _created = keys.init_keys(store, signing_key)
        calendars.bootstrap(store, key)
    finally:
        store.dispose()
    os.environ["WUZHENG_HUB_DB"] = url  # the workers read it (and inherit it when spawned)
    os.environ[keys.ENV_KEY] = str(signing_key)
    os.environ["WUZHENG_HUB_LOG_LEVEL"] = log_level
    from app.hub import logs

    logs.configure(log_level)
    logs.get().info(
        "hub starting",
        extra={"fields": {"db": redact(url), "host": host, "port": port, "workers": workers}},
    )
    uvicorn.run(
        "app.hub.api:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,
        access_log=False,
        ssl_certfile=str(tls_cert) if tls_cert else None,
        ssl_keyfile=str(tls_key) if tls_key else None,
        timeout_graceful_shutdown=10,
    )
