"""Enrolment: one-time codes (single use, 24 hours), device tokens, revocation, counts."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hubkit import Hub, case_change, dept_code, own, window_code

from app.cli import main
from app.hub import admin
from app.ids import utcnow
from app.signing import SigningKey
from app.sync.client import HubClient, HubRefused, HubUnauthorized
from app.sync.wire import DeviceKind

KEY = SigningKey.generate().public_key


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_enrol_prints_one_single_use_code(
    hub: Hub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    window = window_code()
    before = hub.counts()
    code, out, _ = cli(
        capsys, "--data-dir", str(tmp_path), "hub", "enrol", "window", window,
        "--name", "和丰 1 号窗口", "--db", hub.url,
    )  # fmt: skip
    assert code == 0
    assert len(out.splitlines()) == 1
    one_time = out.strip()
    assert hub.counts()["enrolments_pending"] == before["enrolments_pending"] + 1

    with HubClient(hub.base_url) as client:
        enrolled = client.enrol(
            one_time.lower(), "前台电脑", KEY
        )  # typed by hand: case-insensitive
        assert enrolled.device_kind is DeviceKind.WINDOW
        assert enrolled.code == window
        assert len(enrolled.token) >= 43  # 256 random bits, base64url
        assert enrolled.hub.wire_versions == [1]
        with pytest.raises(HubRefused, match="already used") as refused:
            client.enrol(one_time, "另一台电脑", KEY)
        assert refused.value.status == 403
    after = hub.counts()
    assert after["devices"] == before["devices"] + 1
    assert after["windows"] == before["windows"] + 1
    # the hub stores no token and no code in the clear
    with hub.store.read() as session:
        from sqlalchemy import select

        from app.hub.models import Device, Enrolment

        assert enrolled.token not in session.scalars(select(Device.token_hash)).all()
        hashes = session.scalars(select(Enrolment.code_hash)).all()
        assert one_time not in hashes and one_time.replace("-", "") not in hashes

    # a department and a supervisor enrol the same way
    for kind, name in (("department", dept_code()), ("supervisor", "监管员 张")):
        code, out, _ = cli(capsys, "hub", "enrol", kind, name, "--db", hub.url)
        assert code == 0
        with HubClient(hub.base_url) as client:
            assert client.enrol(out.strip(), "电脑", KEY).device_kind == DeviceKind(kind)


def test_expired_and_unknown_codes_are_refused(hub: Hub) -> None:
    stale = admin.new_enrolment(
        hub.store, DeviceKind.WINDOW, window_code(), "旧码", now=utcnow() - timedelta(hours=25)
    )
    before = hub.counts()
    with HubClient(hub.base_url) as client:
        with pytest.raises(HubRefused, match="expired"):
            client.enrol(stale, "电脑", KEY)
        with pytest.raises(HubRefused, match="unknown"):
            client.enrol("AAAA-BBBB-CCCC-DDDD", "电脑", KEY)
        with pytest.raises(HubRefused) as bad_key:
            client.enrol(stale, "电脑", public_key="not base64!")
        assert "public_key" in str(bad_key.value)
    assert hub.counts() == before


def test_revoked_token_is_refused_on_the_next_request(
    hub: Hub, capsys: pytest.CaptureFixture[str]
) -> None:
    window = window_code()
    token = hub.enrol(DeviceKind.WINDOW, window)
    spare = admin.new_enrolment(hub.store, DeviceKind.WINDOW, window, "备用码")
    with hub.client(token) as client:
        assert own(client.pull().changes) == []
        code, _, err = cli(capsys, "hub", "revoke", window, "--db", hub.url, *hub.key_args)
        assert code == 0 and "设备 1 台" in err and "注册码 1 个" in err
        before = hub.counts()
        with pytest.raises(HubUnauthorized):
            client.pull()
        with pytest.raises(HubUnauthorized):
            client.push([case_change(window)])
        assert hub.counts() == before
    with HubClient(hub.base_url) as client, pytest.raises(HubRefused, match="revoked"):
        client.enrol(spare, "电脑", KEY)  # the open code of a revoked window dies with it
    code, _, err = cli(capsys, "hub", "revoke", window, "--db", hub.url, *hub.key_args)
    assert code == 2 and "没有" in err and len(err.splitlines()) == 1


def test_counts_json_and_refusals(
    hub: Hub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "hub", "counts", "--json", "--db", hub.url)
    assert code == 0
    figures = json.loads(out)
    assert {"requests", "answers", "devices"} <= figures.keys()
    assert figures == hub.counts()
    code, out, _ = cli(capsys, "hub", "counts", "--db", hub.url)
    assert code == 0 and "核验请求" in out

    for argv in (
        ("hub", "enrol", "window", "bad code", "--name", "x"),
        ("hub", "enrol", "department", "D:1"),
        ("hub", "serve", "--port", "0"),
        ("hub", "serve", "--tls-cert", str(tmp_path / "cert.pem")),
    ):
        code, out, err = cli(capsys, "--data-dir", str(tmp_path), *argv)
        assert code == 2, argv
        assert out == "" and len(err.strip().splitlines()) == 1, err
    with pytest.raises(SystemExit) as usage:  # --name is required
        cli(capsys, "hub", "enrol", "window", "HF01")
    assert usage.value.code == 2 and "--name" in capsys.readouterr().err


def test_a_code_races_to_one_device(hub: Hub) -> None:
    """Eight devices send the same code at once: exactly one gets a token."""
    import threading

    one_time = admin.new_enrolment(hub.store, DeviceKind.DEPARTMENT, dept_code(), "抢注")
    before = hub.counts()["devices"]
    outcomes: list[str] = []

    def attempt(n: int) -> None:
        with HubClient(hub.base_url) as client:
            try:
                client.enrol(one_time, f"电脑 {n}", KEY)
                outcomes.append("enrolled")
            except HubRefused:
                outcomes.append("refused")

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["enrolled"] + ["refused"] * 7
    assert hub.counts()["devices"] == before + 1
