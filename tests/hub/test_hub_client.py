"""The transport client's failures, TLS, and the window's imports (no server code)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hubkit import ROOT, Hub, case_change, free_port, own, running_hub, window_code

from app.sync.client import HubClient, HubUnreachable, batches
from app.sync.wire import MAX_BATCH_CHANGES, DeviceKind


def test_unreachable_hub_is_one_clear_error() -> None:
    with HubClient(f"http://127.0.0.1:{free_port()}", "token", timeout=5) as client:
        for call in (client.health, client.pull, lambda: client.push([case_change("HF01")])):
            with pytest.raises(HubUnreachable, match="无法连接县级中心"):
                call()


def test_batches_respect_both_limits() -> None:
    changes = [case_change("HF01") for _ in range(MAX_BATCH_CHANGES + 3)]
    assert [len(b) for b in batches(changes)] == [MAX_BATCH_CHANGES, 3]
    widest = max(len(c.model_dump_json()) + 1 for c in changes[:10])
    by_size = list(batches(changes[:10], max_bytes=2 * widest))
    assert [len(b) for b in by_size] == [2] * 5
    assert [c for b in by_size for c in b] == changes[:10]  # outbox order kept


def test_push_and_pull_over_tls(tmp_path: Path, hub: Hub) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "hub.crt", tmp_path / "hub.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    # a second process on the same database, serving HTTPS
    folder = tmp_path / "tls"
    with running_hub(hub.url, folder, tls=(cert, key)) as tls_hub:
        window = window_code()
        token = hub.enrol(DeviceKind.WINDOW, window)
        with HubClient(tls_hub.base_url, token, verify=str(cert)) as client:
            assert own(client.pull().changes) == []
            assert client.push([case_change(window)]).results[0].acknowledged
        with HubClient(tls_hub.base_url, token) as untrusting, pytest.raises(HubUnreachable):
            untrusting.pull()  # a certificate nobody vouched for is refused


def test_the_window_side_imports_no_server_code() -> None:
    code = (
        "import sys\n"
        "import app.sync.client, app.sync.wire, app.cli.hub_cmd, app.cli\n"
        "app.cli.build_parser()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('fastapi', 'uvicorn', 'psycopg', 'starlette', 'app'))\n"
        "print(','.join(m for m in bad if not m.startswith('app') or m.startswith('app.hub')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == ""
