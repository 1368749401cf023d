"""The catalog's freshness: version, age and days since the last successful sync against the
hub's limits (7 and 30 days by default, or what the hub broadcast); past the second limit every
printed guide says the catalog may be out of date."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from printing_support import install_catalog, pdf_text, squeeze

from app.ids import utcnow
from app.printing.guide import print_guide
from app.storage.db import Database
from app.sync.freshness import Level, freshness
from app.sync.hubdata import MARK_DAYS, WARN_DAYS
from app.sync.identity import Enrolment, save_enrolment, set_state
from app.sync.service import LAST_SUCCESS
from app.sync.wire import DeviceKind

NOW = datetime(2026, 11, 30, 9, 0)


def _connect(db: Database, enrolled_days_ago: int) -> None:
    with db.session() as session:
        save_enrolment(
            session,
            Enrolment(
                kind=DeviceKind.WINDOW,
                code="HF01",
                device_name="前台",
                hub_url="http://127.0.0.1:1",
                hub_id="0193a000-0000-7000-8000-000000000009",
                hub_name="示范县",
                key="k",
                enrolled_at=NOW - timedelta(days=enrolled_days_ago),
            ),
        )


def _synced(db: Database, days_ago: int) -> None:
    with db.session() as session:
        set_state(session, LAST_SUCCESS, (NOW - timedelta(days=days_ago)).isoformat())


def test_levels_follow_the_default_limits(db: Database) -> None:
    install_catalog(db)
    standalone = freshness(db, NOW)
    assert standalone.level == Level.STANDALONE and not standalone.warns
    assert standalone.catalog_version and standalone.catalog_age_days is not None
    _connect(db, enrolled_days_ago=3)
    assert freshness(db, NOW).level == Level.OK  # never synced: counted from enrolment
    _synced(db, 7)
    assert freshness(db, NOW).level == Level.OK
    _synced(db, 8)
    warned = freshness(db, NOW)
    assert (warned.level, warned.days_since_sync, warned.warns) == (Level.WARN, 8, True)
    assert "已超过 7 天" in warned.summary()
    _synced(db, 31)
    stale = freshness(db, NOW)
    assert stale.level == Level.STALE and stale.marks_guides
    assert "31 天" in stale.guide_line() and stale.catalog_version in stale.guide_line()


def test_the_hubs_limits_replace_the_defaults(db: Database) -> None:
    install_catalog(db)
    _connect(db, enrolled_days_ago=40)
    _synced(db, 4)
    with db.session() as session:
        set_state(session, WARN_DAYS, "3")
        set_state(session, MARK_DAYS, "5")
    assert freshness(db, NOW).level == Level.WARN
    _synced(db, 6)
    assert freshness(db, NOW).level == Level.STALE


def test_a_guide_printed_past_the_second_limit_says_the_catalog_may_be_out_of_date(
    db: Database,
) -> None:
    install_catalog(db)
    code = "M0001"
    assert "可能已过时" not in squeeze(pdf_text(print_guide(db, code)))  # standalone
    _connect(db, enrolled_days_ago=60)
    now = utcnow()  # printing reads the real clock: 20 days is past 7, not past 30
    with db.session() as session:
        set_state(session, LAST_SUCCESS, (now - timedelta(days=20)).isoformat())
    assert "可能已过时" not in squeeze(pdf_text(print_guide(db, code)))
    with db.session() as session:
        set_state(session, LAST_SUCCESS, (now - timedelta(days=45)).isoformat())
    text = squeeze(pdf_text(print_guide(db, code)))
    assert "已超过45天未与县级中心同步" in text and "可能已过时" in text


def test_sync_status_prints_the_freshness_without_the_network(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    db = Database.open(home)
    install_catalog(db)
    assert main(["sync", "--status"]) == 0
    out = capsys.readouterr().out
    assert "单机使用" in out and "目录" in out
    _connect(db, enrolled_days_ago=40)
    with db.session() as session:
        set_state(session, LAST_SUCCESS, (utcnow() - timedelta(days=9)).isoformat())
    db.engine.dispose()
    assert main(["sync", "--status", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["device"] == "窗口 HF01" and shown["freshness"]["level"] == "warn"
    assert shown["freshness"]["days_since_sync"] == 9
    assert main(["sync", "--status"]) == 0
    assert "距上次成功同步 9 天，已超过 7 天，请尽快同步" in capsys.readouterr().out
