"""What the hub broadcasts, applied at real windows through a real hub process and the real
``wuzheng`` command: a catalog version, the credit list, the calendar, device keys (pledge forms
checked at another window, offline), and broadcasts with a bad signature refused."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from cases_catalog import catalog_document
from printing_support import decode_qr, render_page
from sqlalchemy import text
from synckit import ROOT, Device, HubProcess

from app.cases import CaseService
from app.storage.models import Case
from app.sync.wire import DeviceKind

PERSON_ID = "11010519491231002X"
PERSON_ID_2 = "360426199101010071"


def _connect(device: Device, hub: HubProcess, code: str) -> None:
    device.ok("connect", hub.base_url, hub.code(DeviceKind.WINDOW, code), "--name", f"{code} 电脑")


def _admin(hub: HubProcess, *argv: str) -> str:
    done = hub.admin(*argv)
    assert done.returncode == 0, (argv, done.stdout, done.stderr)
    return done.stdout


def _second_catalog(folder: Path) -> Path:
    """test-2: C5 (无经济收入证明) is abolished everywhere, C1 renamed, C8 added to M1."""
    doc: dict[str, Any] = catalog_document()
    doc["catalog"]["version"] = "test-2"
    doc["catalog"]["published_at"] = "2026-11-20"
    doc["certificate_items"] = [i for i in doc["certificate_items"] if i["code"] != "C5"]
    for item in doc["certificate_items"]:
        if item["code"] == "C1":
            item["name"] = "居住情况证明"
    new_item = json.loads(json.dumps(doc["certificate_items"][0]))
    new_item.update(code="C8", name="房屋权属证明")
    doc["certificate_items"].append(new_item)
    for matter in doc["matters"]:
        items = [i for i in matter["items"] if i != "C5"] if "items" in matter else None
        if items is not None:
            matter["items"] = items + (["C8"] if matter["code"] == "M1" else [])
    doc["matters"] = [m for m in doc["matters"] if m.get("items", ["x"])]
    doc["bundles"] = [
        b
        for b in doc.get("bundles", [])
        if all(m in {x["code"] for x in doc["matters"]} for m in b["matters"])
    ]
    path = folder / "catalog-test-2.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return path


def _pledge_qr(device: Device, case: str, folder: Path) -> str:
    pdf = folder / f"{case}-pledge.pdf"
    device.ok("print", "pledge", case, "-o", str(pdf))
    [payload] = decode_qr(render_page(pdf, 1, folder / f"{case}-page"))
    return payload


def _catalog_rows(device: Device) -> list[tuple[Any, ...]]:
    with device.database() as db, db.reading() as session:
        return sorted(
            session.execute(
                text("SELECT code, name, retired FROM certificate_item ORDER BY code")
            ).all()
        )


def test_catalog_credit_list_and_pledge_keys_reach_two_windows(
    hub: HubProcess, window: Device, tmp_path: Path, keyring_file: Path
) -> None:
    from synckit import device_env

    other = Device(_other_home(tmp_path), device_env(keyring_file))
    _connect(window, hub, "HF01")
    _connect(other, hub, "HF02")
    # a case taken in at HF01 under the installed catalog test-1: C5 pledged
    case = window.ok(
        "case", "new", "--matter", "M1", "--name", "王秀英", "--id", PERSON_ID,
        "--phone", "13812345678",
    ).out.strip()  # fmt: skip
    window.ok("case", "resolve", case, "C1", "cancel")
    window.ok("case", "resolve", case, "C5", "pledge")
    before = window.ok("case", "show", case, "--json").json()
    assert before["catalog_version"] == "test-1"
    paper = _pledge_qr(window, case, tmp_path)
    assert paper.startswith(f"WZ1|S|{before['number']}|")

    # the county publishes test-2; both windows pull, check and apply it
    _admin(hub, "publish-catalog", str(_second_catalog(tmp_path)), "--note", "取消 C5")
    for device in (window, other):
        done = device.ok("sync", "--json").json()
        assert done["completed"], done
        assert done["freshness"]["catalog_version"] == "test-2"
        assert done["freshness"]["hub_version"] == 1
        rows = {code: (name, retired) for code, name, retired in _catalog_rows(device)}
        assert rows["C1"] == ("居住情况证明", 0) and rows["C8"][1] == 0
    # at HF01 the case keeps C5 (retired, not offered for intake) and its version
    assert {c: r for c, *_, r in _catalog_rows(window)}["C5"] == 1
    after = window.ok("case", "show", case, "--json").json()
    assert after["catalog_version"] == "test-1"
    assert [(r["item_code"], r["measure"], r["pledge_id"]) for r in after["resolutions"]] == [
        (r["item_code"], r["measure"], r["pledge_id"]) for r in before["resolutions"]
    ]
    # at HF02, which never used C5, it is gone; a new case is taken in under test-2
    assert "C5" not in {c for c, *_ in _catalog_rows(other)}
    fresh = other.ok(
        "case", "new", "--matter", "M1", "--name", "李小红", "--id", PERSON_ID_2,
    ).out.strip()  # fmt: skip
    shown = other.ok("case", "show", fresh, "--json").json()
    assert shown["catalog_version"] == "test-2"
    assert {r["item_code"] for r in shown["resolutions"]} == {"C1", "C2", "C8"}
    backups = list((window.home / "backups").glob("*"))
    assert any("catalog" in b.name for b in backups), backups  # backed up before replacing

    # HF01's pledge form checks at HF02, offline (HF01's public key came by broadcast)
    with hub_down(hub):
        checked = other.ok("print", "check-pledge", paper)
    assert "签名真实有效（由窗口 HF01签发）" in checked.out
    assert "请向该窗口核实" in checked.out
    forged = paper[:-6] + ("AAAA==" if not paper.endswith("AAAA==") else "BBBB==")
    refused = other.run("print", "check-pledge", forged)
    assert refused.code == 2 and "二维码签名不符" in refused.err

    # a credit record added on the hub blocks the pledge at both windows after their sync
    _admin(hub, "credit", "add", PERSON_ID_2, "--reason", "虚假承诺", "--name", "李小红")
    for device in (window, other):
        open_case = device.ok(
            "case", "new", "--matter", "M1", "--name", "李小红", "--id", PERSON_ID_2,
        ).out.strip()  # fmt: skip
        assert device.ok("case", "resolve", open_case, "C2", "pledge").code == 0  # not yet
        assert device.ok("sync", "--json").json()["completed"]
        later = device.ok(
            "case", "new", "--matter", "M1", "--name", "李小红", "--id", PERSON_ID_2,
        ).out.strip()  # fmt: skip
        blocked = device.run("case", "resolve", later, "C2", "pledge")
        assert blocked.code == 2 and "失信" in blocked.err and blocked.err.count("\n") == 1
        checked_credit = device.ok("credit", "check", PERSON_ID_2).out
        assert "虚假承诺" in checked_credit
    # ended on the hub: history kept at the window, pledges allowed again after the sync
    listed = json.loads(_admin(hub, "credit", "list", "--json"))
    _admin(hub, "credit", "end", listed[0]["id"], "--reason", "复核撤销")
    assert window.ok("sync", "--json").json()["completed"]
    again = window.ok(
        "case", "new", "--matter", "M1", "--name", "李小红", "--id", PERSON_ID_2,
    ).out.strip()  # fmt: skip
    assert window.ok("case", "resolve", again, "C2", "pledge").code == 0
    with window.database() as db, db.reading() as session:
        kept = session.execute(
            text("SELECT origin, revision, end_reason FROM credit_record WHERE origin = 'hub'")
        ).all()
    assert kept == [("hub", 2, "复核撤销")]
    assert window.audit_ok() and other.audit_ok()


def _other_home(tmp_path: Path) -> Path:
    from cases_catalog import install

    from app.storage.db import Database

    db = Database.open(tmp_path / "window-2")
    install(db)
    db.engine.dispose()
    return tmp_path / "window-2"


class hub_down:
    """The hub stopped for the block (offline checks), started again after it."""

    def __init__(self, hub: HubProcess) -> None:
        self.hub = hub

    def __enter__(self) -> None:
        self.hub.stop()

    def __exit__(self, *exc: object) -> None:
        self.hub.start()


def _swap_signature(hub: HubProcess, kind: str) -> tuple[str, str]:
    assert hub.store is not None
    engine = hub.store.engine
    with engine.begin() as connection:
        change_id, original = connection.execute(
            text(
                "SELECT change_id, signature FROM sync_change WHERE kind = :kind "
                "ORDER BY received_at DESC LIMIT 1"
            ),
            {"kind": kind},
        ).one()
        other = connection.execute(
            text("SELECT signature FROM sync_change WHERE kind = 'freshness' LIMIT 1")
        ).scalar_one()
        connection.execute(
            text("UPDATE sync_change SET signature = :s WHERE change_id = :c"),
            {"s": other, "c": change_id},
        )
    return change_id, original


def _restore_signature(hub: HubProcess, change_id: str, original: str) -> None:
    assert hub.store is not None
    with hub.store.engine.begin() as connection:
        connection.execute(
            text("UPDATE sync_change SET signature = :s WHERE change_id = :c"),
            {"s": original, "c": change_id},
        )


def _state(device: Device) -> dict[str, Any]:
    with device.database() as db, db.reading() as session:
        return {
            "catalog": session.execute(
                text("SELECT value FROM catalog_meta WHERE key = 'version'")
            ).scalar(),
            "credit": session.execute(text("SELECT count(*) FROM credit_record")).scalar(),
            "cursor": session.execute(
                text("SELECT value FROM sync_state WHERE key = 'pull.cursor'")
            ).scalar(),
            "items": session.execute(text("SELECT count(*) FROM certificate_item")).scalar(),
            "calendar": session.execute(text("SELECT count(*) FROM calendar_year")).scalar(),
        }


def test_a_catalog_and_a_credit_record_with_a_bad_signature_are_refused(
    hub: HubProcess, window: Device, tmp_path: Path
) -> None:
    _connect(window, hub, "HF01")
    assert window.ok("sync", "--json").json()["completed"]
    settled = _state(window)

    # a calendar, then a credit record whose broadcast carries a signature not its own: the
    # calendar before it is applied, the record is refused and the cursor stays before it
    _admin(hub, "publish-calendar", str(ROOT / "resources/calendars/2026.toml"))
    _admin(hub, "credit", "add", PERSON_ID_2, "--reason", "虚假承诺")
    change, original = _swap_signature(hub, "credit_record")
    refused = window.run("sync")
    assert refused.code == 2
    assert "失信名单记录" in refused.err and "签名校验失败，已拒收" in refused.err
    assert refused.err.count("\n") == 1
    now = _state(window)
    assert now["credit"] == settled["credit"] and now["catalog"] == settled["catalog"]
    assert now["calendar"] == 1 and now["cursor"] != settled["cursor"]
    assert window.ok("credit", "check", PERSON_ID_2).out.count("虚假承诺") == 0
    assert window.run("sync").code == 2 and _state(window) == now  # refused again, no change
    _restore_signature(hub, change, original)
    assert window.ok("sync", "--json").json()["completed"]
    assert "虚假承诺" in window.ok("credit", "check", PERSON_ID_2).out  # it was not skipped
    settled = _state(window)

    # a catalog version whose broadcast is re-signed by no one: refused, catalog unchanged
    _admin(hub, "publish-catalog", str(_second_catalog(tmp_path)))
    change, original = _swap_signature(hub, "catalog")
    refused = window.run("sync", "--json")
    assert refused.code == 2 and "目录" in refused.err and "签名校验失败" in refused.err
    assert _state(window) == settled
    _restore_signature(hub, change, original)

    # the document itself altered on the hub (its hash no longer the announced one): refused
    assert hub.store is not None
    with hub.store.engine.begin() as connection:
        stored = connection.execute(text("SELECT document_gzip FROM hub_catalog")).scalar_one()
        import gzip

        doc = json.loads(gzip.decompress(stored))
        doc["certificate_items"][0]["name"] = "被篡改的名称"
        connection.execute(
            text("UPDATE hub_catalog SET document_gzip = :d"),
            {"d": gzip.compress(json.dumps(doc, ensure_ascii=False).encode())},
        )
    refused = window.run("sync")
    assert refused.code == 2 and "所附目录文件校验失败" in refused.err
    assert _state(window) == settled
    with hub.store.engine.begin() as connection:
        connection.execute(text("UPDATE hub_catalog SET document_gzip = :d"), {"d": stored})
    assert window.ok("sync", "--json").json()["completed"]
    assert _state(window)["catalog"] == "test-2"
    assert window.audit_ok()


def test_a_deadline_across_national_day_counts_the_published_calendar(
    hub: HubProcess, window: Device
) -> None:
    _connect(window, hub, "HF01")
    with window.database() as db, db.reading() as session:  # pinned from the enrol answer
        pinned = session.execute(
            text("SELECT value FROM sync_state WHERE key = 'hub.public_key'")
        ).scalar()
    assert pinned == hub.signer().public_key
    with window.database() as db:
        before = CaseService(db, clerk="李娜", today=lambda: date(2026, 9, 30))
        case = before.new_case(_applicant(), matter_code="M1")
        weekends = before.resolve(case.id, "C2", "verify").resolution("C2").request_deadline
    assert weekends == date(2026, 10, 2)  # Thursday, Friday: no calendar yet
    _admin(hub, "publish-calendar", str(ROOT / "resources/calendars/2026.toml"))
    assert window.ok("sync", "--json").json()["completed"]
    with window.database() as db:
        service = CaseService(db, clerk="李娜", today=lambda: date(2026, 9, 30))
        case = service.new_case(_applicant(), matter_code="M1")
        due = service.resolve(case.id, "C2", "verify").resolution("C2").request_deadline
        with db.reading() as session:
            assert session.get(Case, case.id) is not None
    # 2 working days after Wednesday 30 September 2026: 1–7 October are the holiday,
    # so Thursday 8 and Friday 9 October
    assert due == date(2026, 10, 9)
    listed = window.ok("requests", "list", "--json").json()
    assert sorted(r["deadline"] for r in listed) == ["2026-10-02", "2026-10-09"]


def _applicant() -> Any:
    from app.cases import validate_applicant

    return validate_applicant("person", "王秀英", PERSON_ID, "13812345678")


def test_a_window_that_pulled_past_broadcasts_before_gets_them_and_the_hub_key(
    hub: HubProcess, window: Device
) -> None:
    """As a window synced by the release before: its cursor is past the hub's broadcasts
    (counted as skipped then), and it holds no hub key (its enrol answer carried none)."""
    _connect(window, hub, "HF01")
    _admin(hub, "credit", "add", PERSON_ID_2, "--reason", "虚假承诺")
    assert window.ok("sync", "--json").json()["completed"]
    with window.database() as db, db.session() as session:
        for sql in (
            "DELETE FROM sync_state WHERE key IN ('pull.broadcasts', 'hub.public_key', "
            "'hub.key_id', 'freshness.revision')",
            "DELETE FROM device_key",
            "DELETE FROM credit_record",
        ):
            session.execute(text(sql))
    assert window.ok("sync", "--json").json()["pulled"] >= 3  # read again from the start
    with window.database() as db, db.reading() as session:
        key = session.execute(
            text("SELECT value FROM sync_state WHERE key = 'hub.public_key'")
        ).scalar()
        keys = session.execute(text("SELECT count(*) FROM device_key")).scalar()
    assert key == hub.signer().public_key and keys == 1
    assert "虚假承诺" in window.ok("credit", "check", PERSON_ID_2).out
    again = window.ok("sync", "--json").json()
    assert (again["pulled"], again["applied"]) == (0, 0)  # once only
    assert window.audit_ok()
