"""The changes of a catalog comparison as a tree (:class:`DiffModel`), for the dialog of
:mod:`ui.catalog_diff`: one row per kind of change with its count, its changes below it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

if TYPE_CHECKING:
    from app.catalog.diff import CatalogDiff, Change, ChangeKind

translate = QCoreApplication.translate  # the name pyside6-lupdate looks for

Index = QModelIndex | QPersistentModelIndex
_CELL_LENGTH = 120  # characters of an old / new value shown in a cell (all of it below)


def _shortened(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _CELL_LENGTH else line[: _CELL_LENGTH - 1] + "…"


def _cells(change: Change) -> tuple[str, str]:
    """What a change's 原来 and 现在 columns say."""
    if change.added or change.removed:
        removed = "、".join(map(str, change.removed))
        added = "、".join(map(str, change.added))
        return (
            translate("CatalogDiff", "删除：{rows}").format(rows=removed) if removed else "",
            translate("CatalogDiff", "新增：{rows}").format(rows=added) if added else "",
        )
    return change.old, change.new


class DiffModel(QAbstractItemModel):
    """The changes of a :class:`~app.catalog.diff.CatalogDiff` as a tree: one row per kind of
    change (its label and count), its changes below it, in four columns (编码, 名称, 原来,
    现在). :meth:`set_filter` narrows it to one kind and to changes mentioning a text; groups
    left with no change are not shown. Each change row's :data:`CHANGE_ROLE` is its
    :class:`~app.catalog.diff.Change`; every row's :data:`KIND_ROLE` the value of its
    :class:`~app.catalog.diff.ChangeKind`."""

    CHANGE_ROLE = Qt.ItemDataRole.UserRole + 1
    KIND_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._diff: CatalogDiff | None = None
        self._kind: ChangeKind | None = None
        self._text = ""
        self._groups: list[tuple[ChangeKind, list[Change]]] = []
        self._headers = [
            self.tr("编码"),
            self.tr("名称"),
            self.tr("原来"),
            self.tr("现在"),
        ]
        self._bold = QFont()
        self._bold.setBold(True)

    # ------------------------------------------------------------------ content
    def set_diff(self, diff: CatalogDiff | None) -> None:
        self._diff = diff
        self._rebuild()

    def set_filter(self, kind: ChangeKind | None, text: str = "") -> None:
        self._kind, self._text = kind, text.strip().casefold()
        self._rebuild()

    def shown_changes(self) -> int:
        return sum(len(changes) for _kind, changes in self._groups)

    def _matches(self, change: Change) -> bool:
        if not self._text:
            return True
        fields = (change.code, change.name, change.old, change.new)
        refs = (str(r) for r in (*change.added, *change.removed))
        return any(self._text in value.casefold() for value in (*fields, *refs))

    def _rebuild(self) -> None:
        self.beginResetModel()
        self._groups = []
        if self._diff is not None:
            for kind in self._diff.counts():
                if self._kind is not None and kind is not self._kind:
                    continue
                changes = [c for c in self._diff.of_kind(kind) if self._matches(c)]
                if changes:
                    self._groups.append((kind, changes))
        self.endResetModel()

    def change_at(self, index: Index) -> Change | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    # ------------------------------------------------------------------ the model
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self._headers)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._group_data(index, role)
        change = self.change_at(index)
        assert change is not None
        if role == self.CHANGE_ROLE:
            return change
        if role == self.KIND_ROLE:
            return change.kind.value
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        old, new = _cells(change)
        value = (change.code, change.name, old, new)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return value or None
        return _shortened(value)

    def _group_data(self, index: Index, role: int) -> Any:
        kind, changes = self._groups[index.row()]
        if role == self.KIND_ROLE:
            return kind.value
        if index.column() != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            from app.catalog.diff import KIND_LABELS

            return self.tr("{kind}（{count}）").format(kind=KIND_LABELS[kind], count=len(changes))
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        return None
