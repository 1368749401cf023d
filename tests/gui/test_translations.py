"""Every GUI string goes through Qt's translation mechanism and is in the shipped .ts file."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from PySide6.QtCore import QCoreApplication, QLocale

from ui.application import install_translators

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = ROOT / "resources" / "translations" / "wuzheng_en.ts"


def sources(ts: Path) -> set[tuple[str, str]]:
    tree = ET.parse(ts)
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in tree.getroot().iter("context")
        for message in context.iter("message")
    }


def test_the_shipped_ts_file_holds_every_string_of_the_gui(tmp_path: Path) -> None:
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "fresh.ts"
    files = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run(
        [lupdate, *files, "-source-language", "zh_CN", "-target-language", "en", "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    missing = sources(fresh) - sources(TS_FILE)
    assert not missing, f"run pyside6-lupdate (see resources/translations/README.md): {missing}"
    assert ("ApplicantPage", "开始受理") in sources(TS_FILE)
    assert ("Measure", "告知承诺") in sources(TS_FILE)


def test_without_a_translation_qt_buttons_stay_chinese(qapp) -> None:  # type: ignore[no-untyped-def]
    installed = install_translators(
        qapp, QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    )
    try:
        assert installed, "Qt's own Chinese translation should be loaded"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
