"""What a catalog import did, or would do (a dry run), in counts and Chinese lines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from app.catalog.exchange.document import SECTION_LABELS, SECTIONS

# told (done, total) as an import goes on; the GUI's task runner takes it as it is
Progress = Callable[[int, int], object]


@dataclass
class KindCounts:
    """What an import did (or would do) to one kind of catalog row."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0  # not in the document, but still referred to by a case: retired
    unchanged: int = 0


@dataclass
class ImportReport:
    """The outcome of a catalog import (or of a dry run: nothing written)."""

    dry_run: bool = False
    counts: dict[str, KindCounts] = field(
        default_factory=lambda: {k: KindCounts() for k in SECTIONS}
    )
    warnings: list[str] = field(default_factory=list)
    version: str = ""
    notes: list[str] = field(default_factory=list)  # what was read (e.g. register files)
    replaces_sample: bool = False  # the built-in sample was (or would be) replaced
    sample_cases: int = 0  # cases taken in on the sample, kept readable

    @property
    def changed(self) -> bool:
        return any(c.added or c.updated or c.removed or c.kept for c in self.counts.values())

    def sample_line(self) -> str:
        """One line saying that the sample is replaced, or ``""``."""
        if not self.replaces_sample:
            return ""
        line = (
            "将替换内置示例目录（示例数据将被移除"
            if self.dry_run
            else "已替换内置示例目录（示例数据已移除"
        )
        if self.sample_cases:
            line += f"；在示例数据上受理的 {self.sample_cases} 件办件仍可查看"
        return line + "）。"

    def summary_lines(self) -> list[str]:
        """The report in Chinese, one line each, for the CLI and the GUI."""
        if self.dry_run:
            lines = ["试运行：以下是将要发生的变化，数据库未作任何修改。"]
        elif self.changed:
            lines = ["目录已导入。"]
        else:
            lines = ["目录已导入，内容与现有目录相同，没有变化。"]
        if self.replaces_sample:
            lines.append(self.sample_line())
        lines.extend(self.notes)
        if self.version:
            lines.append(f"目录版本：{self.version}")
        for kind in SECTIONS:
            c = self.counts[kind]
            text = (
                f"{SECTION_LABELS[kind]}：新增 {c.added}，更新 {c.updated}，"
                f"删除 {c.removed}，未变 {c.unchanged}"
            )
            if c.kept:
                text += f"，因仍有办件引用而保留 {c.kept}"
            lines.append(text)
        lines.extend(f"注意：{w}" for w in self.warnings)
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "version": self.version,
            "counts": {k: asdict(c) for k, c in self.counts.items()},
            "warnings": list(self.warnings),
            "replaces_sample": self.replaces_sample,
            "sample_cases": self.sample_cases,
        }


__all__ = ["ImportReport", "KindCounts", "Progress"]
