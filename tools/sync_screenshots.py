"""Render the sync screens to docs/screenshots/: the department's inbox and the sync status.

Usage: ``python tools/sync_screenshots.py [OUT_DIR]`` (needs the ``hub`` extra). Starts a real
hub (``wuzheng hub serve``) on a free loopback port with a temporary database, enrols a window
and a department with ``wuzheng hub enrol``, and runs two main windows offscreen, each on its
own temporary data directory; tokens go to an in-memory keyring of this process. Nothing of the
user's is touched.

* inbox.png       — the department (SFX-WJJ) after 同步: three requests, one overdue (red),
                    the second highlighted, its subject's ID revealed (Ctrl+R), a note typed;
* sync-status.png — the window after the answer arrived (the case waits for nothing now) and
                    two cases taken in while the hub is down: the status bar says so, with the
                    records waiting and the cases marked 待同步.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import keyring  # noqa: E402
import keyring.backend  # noqa: E402

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

PEOPLE = (
    ("王秀英", "11010519491231002X"),
    ("陈建国", "110101199003070070"),
    ("刘芳", "110101198506150027"),
)


class _MemoryKeyring(keyring.backend.KeyringBackend):
    """This process's tokens, for the screenshots only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def wait_until(predicate: Callable[[], object], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("界面没有在规定时间内完成加载")
        QApplication.processEvents()
        time.sleep(0.01)


def settle(seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def key(window: QWidget, which: Qt.Key, modifiers: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    """A key press where the focus is, in ``window`` made active first."""
    window.activateWindow()
    wait_until(window.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget() or window, which, modifiers)


def commit(widget: QWidget, text: str) -> None:
    """Chinese text as an input method commits it."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def wuzheng(*argv: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "app", *argv], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_hub(folder: Path, url: str, port: int) -> subprocess.Popen[bytes]:
    log = (folder / "hub.log").open("ab")
    command = [sys.executable, "-m", "app", "--data-dir", str(folder), "hub", "serve",
               "--db", url, "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("县级中心没有启动")


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="wuzheng-sync-shots-"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(work / "config"))
    keyring.set_keyring(_MemoryKeyring())

    from app.cases import CaseService, validate_applicant
    from app.sync.connect import connect
    from ui.application import build_window, create_application, load_fonts
    from ui.main_window import MainWindow
    from ui.settings import AppSettings

    hub_dir = work / "hub"
    hub_dir.mkdir()
    hub_url = f"sqlite:///{hub_dir / 'hub.sqlite'}"
    port = free_port()
    hub = start_hub(hub_dir, hub_url, port)
    address = f"http://127.0.0.1:{port}"
    window_name = "示范县政务服务中心 1 号窗口"
    window_code = wuzheng("hub", "enrol", "window", "HF01", "--name", window_name, "--db", hub_url)
    dept_code = wuzheng("hub", "enrol", "department", "SFX-WJJ", "--db", hub_url)

    app = create_application(["sync-screenshots"])
    load_fonts(app)

    def open_window(name: str, clerk: str) -> MainWindow:
        settings = AppSettings(QSettings(str(work / f"{name}.ini"), QSettings.Format.IniFormat))
        settings.clerk_name = clerk
        main = build_window(work / name, settings)
        main.resize(1280, 720)
        main.show()
        ready: list[bool] = []
        main.database_ready.connect(lambda: ready.append(True))
        main.start()
        wait_until(lambda: bool(ready))
        return main

    try:
        window = open_window("window", "李娜")
        db = window.station.db
        assert db is not None
        connect(db, address, window_code, device_name=window_name)
        service = CaseService(db, clerk="李娜")
        earlier = CaseService(db, clerk="李娜", today=lambda: date.today() - timedelta(days=9))
        cases = []
        for number, (name, id_no) in enumerate(PEOPLE):
            taker = earlier if number == 0 else service
            case = taker.new_case(validate_applicant("person", name, id_no), matter_code="M0028")
            taker.resolve(case.id, "C0007", "verify")
            cases.append(case.id)
        window.sync.refresh()
        wait_until(lambda: window.sync.connected)
        synced: list[object] = []
        window.sync.synced.connect(synced.append)
        key(window, Qt.Key.Key_F9)
        wait_until(lambda: len(synced) == 1)

        department = open_window("department", "赵核验")
        dept_db = department.station.db
        assert dept_db is not None
        connect(dept_db, address, dept_code, device_name="示范县卫生健康局 核验岗")
        department.sync.refresh()
        wait_until(lambda: department.inbox_view is not None)
        inbox = department.inbox_view
        assert inbox is not None
        key(department, Qt.Key.Key_F9)
        wait_until(lambda: inbox.model.rowCount() == 3)
        key(department, Qt.Key.Key_Down)
        key(department, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        wait_until(lambda: inbox.model.revealed_id() is not None)
        key(department, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
        commit(inbox.note_edit, "经核对死亡医学证明信息系统，信息一致")
        inbox.table.setFocus()
        settle()
        department.grab().save(str(out / "inbox.png"))
        print(out / "inbox.png")

        # the answer goes out at once; the window's 同步 brings it to the case
        dept_synced: list[object] = []
        department.sync.synced.connect(dept_synced.append)
        key(department, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
        wait_until(lambda: len(dept_synced) == 1)
        key(window, Qt.Key.Key_F9)
        wait_until(lambda: len(synced) == 2)

        # the hub goes down; two cases taken in meanwhile wait in the outbox
        hub.kill()
        hub.wait()
        for name, id_no in (("周明", "110101197705200010"), ("吴丽", "110101198811110048")):
            case = service.new_case(validate_applicant("person", name, id_no), matter_code="M0028")
            service.resolve(case.id, "C0007", "verify")
        key(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        key(window, Qt.Key.Key_F9)
        wait_until(lambda: len(synced) == 3)
        wait_until(lambda: window.sync.widget.error_label.isVisible())
        settle(0.8)
        window.statusBar().clearMessage()
        settle()
        window.resize(1280, 400)  # the cases and the status bar under them
        settle()
        window.grab().save(str(out / "sync-status.png"))
        print(out / "sync-status.png")
        window.close()
        department.close()
    finally:
        if hub.poll() is None:
            hub.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
