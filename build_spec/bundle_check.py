"""``wuzheng --self-check``: does this installed (frozen) program have everything it needs?

For county IT after copying the program folder to a PC, and for scripts/build.sh after a build.
It checks the parts a PyInstaller bundle can silently lose: the shipped files, SQLite with
FTS5, the Alembic migrations and the sample catalog (in a throw-away database: the user's data
directory is never touched), a guide PDF with the embedded Chinese font, PDFium (print
preview), worker processes (batch printing), the keyring backends, and Qt: fonts, its own
Chinese translation, print support and the platform plugins. Each line says what was checked;
the exit code is 0 when everything passed, 1 otherwise.

The report also goes to the logs folder of the data directory (``--data-dir DIR``, else
``$WUZHENG_HOME``, else the user's): ``logs/self-check.txt`` holds the latest report, and each
line is added to ``logs/wuzheng.log``, so IT finds it there later.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.catalog.views import MatterView

PLATFORM_PLUGINS = {  # the Qt platform plugins the window needs on each system
    "win32": ("qwindows", "qoffscreen"),
    "darwin": ("qcocoa", "qoffscreen"),
    "linux": ("qxcb", "qwayland", "qoffscreen"),
}
KEYRING_BACKEND = {"win32": "Windows", "darwin": "macOS", "linux": "SecretService"}


class CheckFailed(Exception):
    """A check found a problem; the message says which (Chinese, for IT)."""


class SelfCheck:
    """Runs the checks in order, printing one line each; later checks use earlier results."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.failures = 0
        self.lines: list[str] = []
        self.pdf = b""
        self.views: list[MatterView] = []

    def run(self, title: str, check: Callable[[], str]) -> None:
        started = time.perf_counter()
        try:
            detail = check()
        except CheckFailed as exc:
            self.failures += 1
            self.say(f"[失败] {title}：{exc}")
            return
        except Exception as exc:  # report every check, not only the first broken one
            self.failures += 1
            self.say(f"[失败] {title}：{exc!r}")
            traceback.print_exc(file=sys.stderr)
            return
        self.say(f"[通过] {title}：{detail}（{time.perf_counter() - started:.1f} 秒）")

    def say(self, line: str) -> None:
        print(line, flush=True)
        self.lines.append(line)

    # ----------------------------------------------------------------------------- checks

    def shipped_files(self) -> str:
        from app.paths import migrations_dir, resource
        from app.printing.fonts import font_path

        versions = sorted(p.name for p in (migrations_dir() / "versions").glob("[0-9]*.py"))
        missing = [
            str(path)
            for path in (
                Path(font_path()),
                resource("sample_catalog.toml"),
                resource("icons", "wuzheng.png"),
                resource("templates"),
                migrations_dir() / "env.py",
            )
            if not path.exists()
        ]
        if missing or not versions:
            raise CheckFailed("缺少文件 " + "、".join(missing or ["db/migrations/versions"]))
        templates = sorted(resource("templates").glob("*.toml"))
        return f"字体、示例目录、{len(templates)} 份打印模板、{len(versions)} 个数据库迁移"

    def sqlite(self) -> str:
        import sqlite3

        connection = sqlite3.connect(":memory:")
        try:
            connection.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
        except sqlite3.OperationalError as exc:
            version = sqlite3.sqlite_version
            raise CheckFailed(f"SQLite {version} 不支持 FTS5 trigram：{exc}") from exc
        finally:
            connection.close()
        return f"SQLite {sqlite3.sqlite_version}，FTS5 trigram 可用"

    def database(self) -> str:
        from app.bootstrap import open_database
        from app.catalog.views import all_matters, catalog_info

        db = open_database(self.workdir / "data")  # migrations + sample catalog, as a 1st start
        try:
            self.views = list(all_matters(db))
            version = catalog_info(db).version
        finally:
            db.engine.dispose()
        if not self.views:
            raise CheckFailed("示例目录没有导入任何事项")
        return f"迁移到最新版本，示例目录（{version}）{len(self.views)} 个事项"

    def guide_pdf(self) -> str:
        from app.printing.guide import guide_pdf
        from app.printing.templates import load_template

        view = self.views[0]
        template = load_template("guide", self.workdir / "data")
        self.pdf = guide_pdf(view, catalog_version="自检", template=template)
        if b"WenQuanYi" not in self.pdf:
            raise CheckFailed("PDF 中没有嵌入文泉驿微米黑字体")
        return f"{view.code}（{view.name}）{len(self.pdf) // 1024} KB，已嵌入中文字体"

    def pdfium(self) -> str:
        import pypdfium2 as pdfium

        from app.printing.raster import render_pages

        if not self.pdf:
            raise CheckFailed("没有可用的 PDF（上一项失败）")
        (page,) = render_pages(self.pdf, 72, range(0, 1))
        if page.data.count(b"\xff") > len(page.data) - 1000:
            raise CheckFailed("渲染出的页面是空白的")
        document = pdfium.PdfDocument(self.pdf)
        try:
            text = document[0].get_textpage().get_text_range()
        finally:
            document.close()
        name = self.views[0].name
        if name not in "".join(text.split()):
            raise CheckFailed(f"从 PDF 中读不出中文标题“{name}”")
        return f"PDFium 渲染第 1 页 {page.width}×{page.height}，读出中文标题"

    def worker_processes(self) -> str:
        from app.printing.batch import export_all_guides

        views = self.views[:4]
        out = self.workdir / "guides"
        result = export_all_guides(views, out, catalog_version="自检", jobs=2, chunk_size=1)
        if result.failed or len(result.written) != len(views):
            raise CheckFailed(f"只写出 {len(result.written)} / {len(views)} 份：{result.failed}")
        jobs = min(2, os.cpu_count() or 1)
        how = f"{jobs} 个工作进程" if jobs > 1 else "本机只有 1 个处理器，在本进程中"
        return f"{how}批量导出 {len(result.written)} 份办事指南"

    def keyring_backends(self) -> str:
        from importlib.metadata import entry_points

        import keyring
        from keyring.backends import fail

        loaded: list[str] = []
        for entry in entry_points(group="keyring.backends"):
            try:
                entry.load()
            except Exception:  # e.g. libsecret without PyGObject: keyring skips it too
                continue
            loaded.append(entry.name)
        wanted = next((v for k, v in KEYRING_BACKEND.items() if sys.platform.startswith(k)), "")
        if wanted and wanted not in loaded:
            raise CheckFailed(f"找不到本系统的密钥环后端 {wanted}（已加载：{loaded or '无'}）")
        active = keyring.get_keyring()
        if isinstance(active, fail.Keyring):
            if not sys.platform.startswith("linux"):  # Windows and macOS always have one
                raise CheckFailed(f"系统密钥环后端 {wanted} 不可用（已加载：{'、'.join(loaded)}）")
            note = "本机没有可用的系统密钥环：承诺书签名密钥将保存在数据目录的文件中"
        else:
            note = f"使用 {type(active).__module__.rsplit('.', 1)[-1]}.{type(active).__name__}"
        return f"后端 {'、'.join(loaded)}；{note}"

    def qt(self) -> str:
        # offscreen: the check shows no window and needs no display
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QLibraryInfo, QLocale
        from PySide6.QtPrintSupport import QPrinter

        from ui.application import create_application, install_translators, load_fonts
        from ui.printing.paper import a4_printer, print_pdf

        plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
        present = {p.name for p in (plugins / "platforms").iterdir()}
        wanted = next((v for k, v in PLATFORM_PLUGINS.items() if sys.platform.startswith(k)), ())
        missing = [w for w in wanted if not any(w in name for name in present)]
        if missing:
            raise CheckFailed(f"缺少 Qt 平台插件 {'、'.join(missing)}（{plugins}）")
        app = create_application(["wuzheng"])
        family = load_fonts(app)
        if not family or "WenQuanYi" not in family:
            raise CheckFailed(f"界面字体没有加载（得到 {family}）")
        chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
        if not install_translators(app, chinese):
            raise CheckFailed("找不到 Qt 自带按钮的中文翻译（qtbase_zh_CN.qm）")
        if not self.pdf:
            raise CheckFailed("没有可用的 PDF（前面的检查失败）")
        printer = a4_printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        target = self.workdir / "printed.pdf"
        printer.setOutputFileName(str(target))
        pages = print_pdf(printer, self.pdf)
        if not target.exists() or not target.read_bytes().startswith(b"%PDF"):
            raise CheckFailed("通过 Qt 打印没有生成文件")
        return f"平台插件 {'、'.join(wanted)}，字体 {family}，中文按钮翻译，经 Qt 打印 {pages} 页"


def main(argv: list[str] | None = None) -> int:
    from app import __version__
    from app.paths import data_dir

    args = list(sys.argv[1:] if argv is None else argv)
    override = args[args.index("--data-dir") + 1] if "--data-dir" in args[:-1] else None
    folder = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    with tempfile.TemporaryDirectory(prefix="wuzheng-selfcheck-") as temp:
        check = SelfCheck(Path(temp))
        check.say(f"无证明办事 {__version__} 自检（程序文件：{folder}）")
        check.run("随附文件", check.shipped_files)
        check.run("SQLite", check.sqlite)
        check.run("数据库与示例目录", check.database)
        check.run("办事指南 PDF", check.guide_pdf)
        check.run("打印预览（PDFium）", check.pdfium)
        check.run("批量打印（工作进程）", check.worker_processes)
        check.run("系统密钥环", check.keyring_backends)
        check.run("Qt 界面与打印", check.qt)
    if check.failures:
        check.say(f"自检发现 {check.failures} 个问题，请把以上内容交给县信息中心。")
    else:
        check.say("自检通过。")
    report = write_report(data_dir(override), check.lines)
    print(f"自检报告已写入 {report}" if report else "自检报告无法写入日志文件夹。", flush=True)
    return 1 if check.failures else 0


def write_report(directory: Path, lines: list[str]) -> Path | None:
    """The report into ``<directory>/logs/``: ``self-check.txt`` (this run) and the log."""
    import logging

    from app.logs import setup_logging
    from app.paths import ensure_private_dir, private_file

    try:
        ensure_private_dir(directory)
        folder = setup_logging(directory)
        path = private_file(folder / "self-check.txt")
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        path.write_text(f"{stamp}\n" + "\n".join(lines) + "\n", encoding="utf-8")
    except OSError:
        return None
    log = logging.getLogger("wuzheng.selfcheck")
    for line in lines:
        log.info("%s", line)
    return path


if __name__ == "__main__":
    raise SystemExit(main())
