"""A fast start to a searchable window (issue 12): what the clerk types as soon as the window
shows finds results while the database is still opening; intake works once it is open.

To see the early answers for certain, another process holds the database's write lock while
the window starts (as a sync or an import from the command line does): the window's full open
waits for it (it writes at start), while the read-only search index still answers.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from clerk import Applicant, Clerk, take_in
from gui_helpers import PERSON_ID
from test_workstation import GZZF_MATTER

from PySide6.QtCore import Qt

from app.catalog.search import search
from app.storage.db import Database
from ui.application import start_window
from ui.intake.dialog import IntakeDialog
from ui.main_window import MainWindow

WAIT_MS = 30_000
SEARCH_SETTLE_MS = 300  # longer than the search debounce
SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "schema"


@contextlib.contextmanager
def writer_holds(directory: Path) -> Iterator[None]:
    """Another connection holds the write lock of the window's database meanwhile."""
    connection = sqlite3.connect(directory / "wuzheng.sqlite3", isolation_level=None)
    connection.execute("PRAGMA busy_timeout=5000")
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def expected(directory: Path, query: str) -> list[tuple[str, str]]:
    db = Database.open(directory)
    try:
        return [(h.kind, h.code) for h in search(db, query, 100)]
    finally:
        db.engine.dispose()


def shown_hits(window: MainWindow) -> list[tuple[str, str]]:
    model = window.search_tab.results_model
    return [(hit.kind, hit.code) for row in range(model.rowCount()) if (hit := model.hit(row))]


def test_typing_as_the_window_shows_finds_results_before_the_database_is_open(
    qtbot,  # type: ignore[no-untyped-def]
    data_dir: Path,
    shown: MainWindow,
    tmp_path: Path,
) -> None:
    want = expected(data_dir, "gzzf")
    assert want
    found_while_opening: list[bool] = []
    details: list[tuple[str, str]] = []
    shown.search_tab.detail_shown.connect(lambda kind, code: details.append((kind, code)))
    shown.search_tab.search_finished.connect(
        lambda _n: found_while_opening.append(shown.station.db is None)
    )
    with writer_holds(data_dir):
        start_window(shown)
        qtbot.keyClicks(shown.search_tab.search_edit, "gzzf")  # as soon as the window is up
        qtbot.waitUntil(lambda: shown.search_tab.results_are_current(), timeout=WAIT_MS)
        assert found_while_opening == [True]
        assert shown_hits(shown) == want
        assert (
            shown.search_tab.current_hit() is not None
            and shown.search_tab.current_hit()[2] == GZZF_MATTER
        )
        qtbot.keyClick(
            shown.search_tab.search_edit, Qt.Key.Key_Down
        )  # the clerk moves on the early list
        assert shown.search_tab.results.currentIndex().row() == 1
        qtbot.wait(200)
        assert shown.station.db is None  # still waiting for the lock
    qtbot.waitUntil(lambda: shown.station.db is not None, timeout=WAIT_MS)
    # the list stays as the clerk left it (no search again), and the detail pane follows
    assert shown_hits(shown) == want and shown.search_tab.results.currentIndex().row() == 1
    kind, code, _name = shown.search_tab.current_hit() or ("", "", "")
    qtbot.waitUntil(lambda: (kind, code) in details, timeout=WAIT_MS)
    assert details == [(kind, code)]  # none while opening: the database was not open

    # then intake works, from the search box, keyboard only
    shown.station.settings.save_folder = tmp_path
    clerk = Clerk(wait_ms=WAIT_MS)
    shown.search_tab.search_edit.selectAll()
    qtbot.keyClick(shown.search_tab.search_edit, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: shown.search_tab.results_are_current(), timeout=WAIT_MS)
    done = take_in(clerk, shown, "gzzf", GZZF_MATTER, Applicant("王秀英", PERSON_ID, "13812345678"))
    assert done.case_id and done.receipt is not None
    shown.close()


def test_enter_on_an_early_result_takes_the_case_in_once_the_database_is_open(
    qtbot,  # type: ignore[no-untyped-def]
    data_dir: Path,
    shown: MainWindow,
) -> None:
    with writer_holds(data_dir):
        start_window(shown)
        qtbot.keyClicks(shown.search_tab.search_edit, "gzzf")
        qtbot.waitUntil(lambda: shown.search_tab.results_are_current(), timeout=WAIT_MS)
        assert shown.station.db is None
        qtbot.keyClick(shown.search_tab.search_edit, Qt.Key.Key_Return)
        qtbot.wait(100)
        assert not shown.findChildren(IntakeDialog)  # nothing to take a case in with yet
    qtbot.waitUntil(lambda: bool(shown.findChildren(IntakeDialog)), timeout=WAIT_MS)
    (intake,) = shown.findChildren(IntakeDialog)
    assert intake.target == ("matter", shown.search_tab.current_hit()[1])  # type: ignore[index]
    intake.reject()
    shown.close()


def test_a_database_needing_a_migration_is_searched_once_migrated(
    qtbot,  # type: ignore[no-untyped-def]
    data_dir: Path,
    shown: MainWindow,
) -> None:
    shutil.rmtree(data_dir)
    shutil.copytree(SCHEMAS / "0005", data_dir)
    states: list[bool] = []
    shown.search_tab.search_finished.connect(lambda _n: states.append(shown.station.db is None))
    start_window(shown)
    qtbot.keyClicks(shown.search_tab.search_edit, "dibao")
    qtbot.waitUntil(lambda: shown.station.db is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: shown.search_tab.results_are_current(), timeout=WAIT_MS)
    assert states and not any(states)  # every search waited for the migration
    assert [code for _kind, code in shown_hits(shown)] == [
        code for _kind, code in expected(data_dir, "dibao")
    ]
    shown.close()


def test_a_query_typed_before_the_check_ends_is_answered_with_it(
    qtbot,  # type: ignore[no-untyped-def]
    data_dir: Path,
    shown: MainWindow,
) -> None:
    want = expected(data_dir, "dibao")
    assert want
    states: list[bool] = []
    shown.search_tab.search_finished.connect(lambda _n: states.append(shown.station.db is None))
    with writer_holds(data_dir):
        qtbot.keyClicks(shown.search_tab.search_edit, "dibao")  # typed while the window appeared
        start_window(shown)
        qtbot.waitUntil(lambda: shown.search_tab.results_are_current(), timeout=WAIT_MS)
        assert states == [True] and shown_hits(shown) == want
        qtbot.waitUntil(lambda: shown.cases_view is not None, timeout=WAIT_MS)  # then the rest
    qtbot.waitUntil(lambda: shown.station.db is not None, timeout=WAIT_MS)
    qtbot.wait(SEARCH_SETTLE_MS)
    assert states == [True]  # the debounce did not search again
    shown.close()
