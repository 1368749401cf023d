"""Batch export of every guide (一事一单) to a folder, on several processes.

Guides are built from catalog views (pure data), sent to worker processes in chunks so the
per-task overhead stays small. Progress is reported as (done, total) from the calling thread;
a cancel event stops submitting new chunks and returns what was written so far.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from app.catalog.views import BundleView, MatterView, all_matters, catalog_info
from app.errors import UserError
from app.printing.templates import Template, load_template
from app.storage.db import Database

Progress = Callable[[int, int], None]
GuideView = MatterView | BundleView

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
MAX_NAME_CHARS = 60


def guide_file_name(view: GuideView) -> str:
    """``M0001_公共租赁住房资格申请.pdf``: code and name, safe on Windows and elsewhere."""
    code = _FORBIDDEN.sub("_", view.code).strip(" .") or "guide"
    name = _FORBIDDEN.sub("_", " ".join(view.name.split())).strip(" .")
    if len(name) > MAX_NAME_CHARS:
        name = name[:MAX_NAME_CHARS].rstrip(" .")
    return f"{code}_{name}.pdf" if name else f"{code}.pdf"


@dataclass
class BatchResult:
    total: int
    written: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (code, Chinese reason)
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def done(self) -> int:
        return len(self.written) + len(self.failed)

    def summary(self) -> str:
        text = f"已导出 {len(self.written)} / {self.total} 份办事指南，用时 {self.seconds:.1f} 秒"
        if self.failed:
            text += f"，{len(self.failed)} 份失败"
        if self.cancelled:
            text += "（已取消）"
        return text + "。"


def _write_chunk(
    views: Sequence[GuideView], out_dir: str, version: str, template: Template, notice: str = ""
) -> list[tuple[str, str | None, str | None]]:
    """Worker: write each guide; (code, path or None, error or None) per view."""
    from app.printing.guide import guide_pdf

    results: list[tuple[str, str | None, str | None]] = []
    for view in views:
        path = Path(out_dir) / guide_file_name(view)
        try:
            data = guide_pdf(view, catalog_version=version, template=template, notice=notice)
            path.write_bytes(data)
        except UserError as exc:
            results.append((view.code, None, str(exc)))
        except OSError as exc:
            results.append((view.code, None, f"无法写入 {path}：{exc.strerror}"))
        except Exception as exc:  # one bad matter must not stop the other 2,000 guides
            results.append((view.code, None, f"生成失败：{exc!r}"))
        else:
            results.append((view.code, str(path), None))
    return results


def _warm_up() -> None:
    import app.printing.guide  # noqa: F401  (fonts and reportlab loaded once per worker)


def _chunks(views: Sequence[GuideView], size: int) -> list[Sequence[GuideView]]:
    return [views[i : i + size] for i in range(0, len(views), size)]


def export_all_guides(
    source: Database | Sequence[GuideView],
    out_dir: Path,
    *,
    catalog_version: str | None = None,
    jobs: int = 2,
    chunk_size: int | None = None,
    template: Template | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> BatchResult:
    """Write the guide of every matter (from a database, or of the given views) into ``out_dir``.

    ``jobs`` worker processes (1: in this process); ``progress(done, total)`` after each chunk;
    setting ``cancel`` stops submitting work and returns what was done (``cancelled=True``).
    """
    started = time.perf_counter()
    notice = ""
    if isinstance(source, Database):
        from app.printing.guide import guide_notice

        views: Sequence[GuideView] = all_matters(source)
        version = catalog_version if catalog_version is not None else catalog_info(source).version
        notice = guide_notice(source)
    else:
        views = list(source)
        version = catalog_version or ""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".wuzheng-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UserError(f"无法写入文件夹 {out}：{exc.strerror}。请换一个文件夹。") from exc
    tpl = template if template is not None else load_template("guide")
    result = BatchResult(total=len(views))
    jobs = max(1, min(jobs, os.cpu_count() or 1, len(views) or 1))
    size = chunk_size or max(1, min(50, len(views) // (jobs * 8) or 1))
    chunks = _chunks(views, size)

    def collect(rows: list[tuple[str, str | None, str | None]]) -> None:
        for code, path, error in rows:
            if path is not None:
                result.written.append(Path(path))
            else:
                result.failed.append((code, error or "未知错误"))
        if progress is not None:
            progress(result.done, result.total)

    def cancelled() -> bool:
        return cancel is not None and cancel.is_set()

    if progress is not None:
        progress(0, result.total)
    if jobs == 1:
        for chunk in chunks:
            if cancelled():
                result.cancelled = True
                break
            collect(_write_chunk(chunk, str(out), version, tpl, notice))
    else:
        # spawn: safe with threads (the GUI), the same on Windows, Linux and macOS
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_warm_up) as pool:
            pending: set[Future[list[tuple[str, str | None, str | None]]]] = set()
            queue = list(chunks)
            queue.reverse()
            while queue or pending:
                while queue and len(pending) < jobs * 2 and not cancelled():
                    pending.add(
                        pool.submit(_write_chunk, queue.pop(), str(out), version, tpl, notice)
                    )
                if cancelled() and queue:
                    result.cancelled = True
                    queue.clear()
                if not pending:
                    break
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    try:
                        rows = future.result()
                    except BrokenProcessPool as exc:
                        raise UserError(
                            "批量导出的工作进程意外退出，请重试；如反复出现，请把 --jobs 设为 1。"
                        ) from exc
                    collect(rows)
    result.written.sort()
    result.seconds = time.perf_counter() - started
    return result
