"""What the hub publishes to every device, signed: device keys, catalog versions, the credit
list, the working-day calendar and the freshness limits."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import httpx
import pytest
from hubkit import ROOT, SUBJECT_ID, Hub, cli, dept_code, pull_feed, window_code

from app import signing
from app.calendar import WorkCalendar, add_working_days
from app.catalog.sample import sample_catalog_document
from app.sync.client import HubRefused
from app.sync.wire import (
    AnyBroadcast,
    AnyFeedChange,
    CalendarChange,
    CatalogChange,
    CreditRecordChange,
    DeviceKeyChange,
    DeviceKind,
    FreshnessChange,
    content_hash,
    is_broadcast,
    verify_broadcast,
)
from app.sync.wiretypes import canonical_json


def broadcasts(changes: list[AnyFeedChange], kind: type[AnyBroadcast]) -> list[AnyBroadcast]:
    return [c for c in changes if isinstance(c, kind)]


def test_device_keys_reach_every_device_and_a_tampered_broadcast_fails(
    hub: Hub, capsys: pytest.CaptureFixture[str]
) -> None:
    window, department = window_code(), dept_code()
    w_token, _w_key, enrolled = hub.enrol_device(DeviceKind.WINDOW, window)
    hub_key = enrolled.hub.public_key
    assert hub_key is not None and enrolled.hub.key_id == signing.key_id(hub_key)
    _d_token, d_key, _ = hub.enrol_device(DeviceKind.DEPARTMENT, department)
    with hub.client(w_token) as w:
        feed, cursor = pull_feed(w)
        assert all(is_broadcast(c) for c in feed)  # nothing addressed to the window yet
        for change in feed:
            verify_broadcast(change, hub_key)  # type: ignore[arg-type]
        theirs = [
            c for c in broadcasts(feed, DeviceKeyChange) if c.payload.device_code == department
        ]
        assert [(c.payload.public_key, c.payload.revoked) for c in theirs] == [
            (d_key.public_key, False)
        ]

        # tampering: the content changed (hash fails), or changed and re-hashed (signature fails)
        key_change = theirs[0]
        data = key_change.model_dump(mode="json")  # as it travels
        data["payload"]["public_key"] = _w_key.public_key
        with pytest.raises(signing.SignatureInvalid, match="content_hash"):
            verify_broadcast(DeviceKeyChange.model_validate(data), hub_key)
        data["content_hash"] = content_hash(
            "device_key", 1, key_change.record_id, key_change.revision,
            canonical_json(data["payload"]),
        )  # fmt: skip
        rehashed = DeviceKeyChange.model_validate(data)
        assert rehashed.hash_matches
        with pytest.raises(signing.SignatureInvalid, match="does not match"):
            verify_broadcast(rehashed, hub_key)
        with pytest.raises(signing.SignatureInvalid, match="another key"):
            verify_broadcast(key_change, _w_key.public_key)

        code, _, err = cli(capsys, "hub", "revoke", department, "--db", hub.url, *hub.key_args)
        assert code == 0, err
        news, _ = pull_feed(w, cursor)
        revoked = [
            c for c in broadcasts(news, DeviceKeyChange) if c.record_id == key_change.record_id
        ]
        assert [(c.revision, c.payload.revoked) for c in revoked] == [(2, True)]
        verify_broadcast(revoked[0], hub_key)

    # a new device must bring its own key
    response = httpx.post(
        f"{hub.base_url}/v1/enrol", json={"code": "AAAA-BBBB-CCCC-DDDD", "device_name": "旧版"}
    )
    assert response.status_code == 422 and "public_key" in response.text


def test_a_catalog_is_published_signed_and_served(
    hub: Hub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w_token, _, enrolled = hub.enrol_device(DeviceKind.WINDOW, window_code())
    hub_key = enrolled.hub.public_key
    assert hub_key is not None
    publish = ("hub", "publish-catalog", "--db", hub.url, *hub.key_args)
    # the built-in sample's content, published as a county's own JSON file (not marked as the
    # sample, which registers would replace instead of merging into)
    county = sample_catalog_document()
    county["catalog"]["sample"] = False
    sample = tmp_path / "county_catalog.json"
    sample.write_text(json.dumps(county, ensure_ascii=False), "utf-8")
    code, out, err = cli(capsys, *publish, str(sample), "--note", "示例目录")
    assert code == 0, err
    version = int(out)
    with hub.client(w_token) as w:
        feed, cursor = pull_feed(w)
        announced = broadcasts(feed, CatalogChange)[-1]
        assert isinstance(announced, CatalogChange)
        verify_broadcast(announced, hub_key)
        info = announced.payload
        assert (info.version, info.url, info.label) == (
            version,
            f"/v1/catalog/{version}",
            "2026.11-sample",
        )
        assert info.certificate_items == 155 and info.note == "示例目录"
        data = w.catalog(version, info.sha256)
        assert len(data) == info.size
        signing.verify_bytes(hub_key, signing.PURPOSE_CATALOG, data, info.document_signature)
        doc = json.loads(data)
        assert doc["catalog"]["published_at"] == date.today().isoformat()
        assert len(doc["certificate_items"]) == 155
        with pytest.raises(HubRefused) as missing:
            w.catalog(version + 1000)
        assert missing.value.status == 404

        # the same catalog again publishes nothing
        code, out, err = cli(capsys, *publish, str(sample))
        assert (code, int(out)) == (0, version) and "没有发布新版本" in err
        # a bad register is refused with the window's row-level messages
        bad = tmp_path / "附件2.csv"
        text = (ROOT / "tests/data/registers/人社局-现行证明.csv").read_text("utf-8-sig")
        bad.write_text(text.replace(",失业证明,", ",,"), encoding="utf-8")
        code, out, err = cli(capsys, *publish, str(bad))
        assert (code, out) == (2, "") and "附件2.csv 第5行「证明材料名称」：不能为空" in err
        # registers are merged into the newest version
        good = ROOT / "tests/data/registers/人社局-现行证明.csv"
        code, out, err = cli(capsys, *publish, str(good))
        assert (code, int(out)) == (0, version + 1), err
        news, _ = pull_feed(w, cursor)
        merged = broadcasts(news, CatalogChange)
        assert [c.payload.version for c in merged] == [version + 1]  # type: ignore[union-attr]
        assert merged[0].payload.certificate_items > 155  # type: ignore[union-attr]


def test_credit_list_calendar_and_freshness(
    hub: Hub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w_token, _, enrolled = hub.enrol_device(DeviceKind.WINDOW, window_code())
    hub_key = enrolled.hub.public_key
    assert hub_key is not None
    keyed = ("--db", hub.url, *hub.key_args)
    with hub.client(w_token) as w:
        _, cursor = pull_feed(w)
        typed = f"{SUBJECT_ID[:6]} {SUBJECT_ID[6:-1]}x"  # as people type it
        code, out, err = cli(
            capsys, "hub", "credit", "add", typed, "--reason", "虚假承诺", "--name", "王秀英",
            "--until", "2099-12-31", *keyed,
        )  # fmt: skip
        assert code == 0 and "110105********002X" in err and SUBJECT_ID not in err
        record = out.strip()
        code, _, err = cli(
            capsys, "hub", "credit", "end", record[:8], "--reason", "复核撤销", *keyed
        )
        assert code == 0, err
        code, _, err = cli(capsys, "hub", "credit", "end", record, "--reason", "再次", *keyed)
        assert code == 2 and "已于" in err
        code, _, err = cli(
            capsys, "hub", "credit", "add", "110105194912310021", "--reason", "x", *keyed
        )
        assert code == 2 and len(err.strip().splitlines()) == 1
        code, out, _ = cli(capsys, "hub", "credit", "list", "--all", "--json", "--db", hub.url)
        listed = {r["id"]: r for r in json.loads(out)}
        assert listed[record]["ended_at"] and listed[record]["end_reason"] == "复核撤销"

        code, _, err = cli(
            capsys, "hub", "publish-calendar", str(ROOT / "resources/calendars/2026.toml"), *keyed
        )
        assert code == 0, err
        bad = tmp_path / "2027.toml"
        bad.write_text("year = 2027\n[[makeup_workdays]]\ndate = 2027-10-08\n", encoding="utf-8")
        code, _, err = cli(capsys, "hub", "publish-calendar", str(bad), *keyed)
        assert code == 2 and "本来就是工作日" in err
        code, _, err = cli(
            capsys, "hub", "set-freshness", "--warn-days", "5", "--mark-days", "20", *keyed
        )
        assert code == 0, err

        news, _ = pull_feed(w, cursor)
        for change in news:
            verify_broadcast(change, hub_key)  # type: ignore[arg-type]
        credit = [c for c in broadcasts(news, CreditRecordChange) if str(c.record_id) == record]
        assert [(c.revision, c.payload.ended_at is not None) for c in credit] == [
            (1, False),
            (2, True),
        ]  # type: ignore[union-attr]
        assert credit[0].payload.subject_id_no == SUBJECT_ID  # type: ignore[union-attr]
        year = broadcasts(news, CalendarChange)[-1].payload.calendar_year()  # type: ignore[union-attr]
        deadline = add_working_days(date(2026, 9, 30), 3, WorkCalendar([year]))
        assert deadline == date(2026, 10, 10)  # across National Day, on its make-up Saturday
        limits = broadcasts(news, FreshnessChange)[-1].payload
        assert (limits.warn_after_days, limits.mark_guides_after_days) == (5, 20)  # type: ignore[union-attr]


def test_an_enrolled_device_can_ask_for_the_hubs_key_and_no_one_else(hub: Hub) -> None:
    """GET /v1/hub: for a device enrolled before the enrol answer carried the hub's key."""
    token, _, enrolled = hub.enrol_device(DeviceKind.WINDOW, window_code())
    with hub.client(token) as device:
        identity = device.identity()
    assert identity.public_key == enrolled.hub.public_key == hub.key.public_key
    assert identity.key_id == signing.key_id(hub.key.public_key)
    assert identity.hub_id == enrolled.hub.hub_id
    response = httpx.get(f"{hub.base_url}/v1/hub", timeout=10)
    assert response.status_code == 401
