"""The list model of search results (matters, certificate items and bundles) and its delegate."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QByteArray

Index = QModelIndex | QPersistentModelIndex


class Hit(Protocol):
    """What the model needs of one search hit (``app.catalog.search.SearchHit``)."""

    @property
    def kind(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def department(self) -> str: ...


def kind_label(kind: str) -> str:
    labels = {
        "matter": QCoreApplication.translate("Search", "事项"),
        "item": QCoreApplication.translate("Search", "证明"),
        "bundle": QCoreApplication.translate("Search", "一件事"),
    }
    return labels.get(kind, kind)


KIND_COLOURS = {"matter": "#1d5fa8", "item": "#8a5a00", "bundle": "#2e7d32"}


class SearchRole(IntEnum):
    KIND = Qt.ItemDataRole.UserRole + 1
    CODE = Qt.ItemDataRole.UserRole + 2
    NAME = Qt.ItemDataRole.UserRole + 3
    DEPARTMENT = Qt.ItemDataRole.UserRole + 4
    HIT = Qt.ItemDataRole.UserRole + 5


class SearchResultsModel(QAbstractListModel):
    """The hits of the latest search, best first. Replaced as a whole with :meth:`set_hits`."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{kind_label(hit.kind)} {hit.code}  {hit.department}".strip()
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{kind_label(hit.kind)}：{hit.name}，{hit.department}"
        if role == SearchRole.KIND:
            return hit.kind
        if role == SearchRole.CODE:
            return hit.code
        if role == SearchRole.NAME:
            return hit.name
        if role == SearchRole.DEPARTMENT:
            return hit.department
        if role == SearchRole.HIT:
            return hit
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        from PySide6.QtCore import QByteArray

        names = dict(super().roleNames())
        names.update({role.value: QByteArray(role.name.lower().encode()) for role in SearchRole})
        return names

    def set_hits(self, hits: list[Any]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> Hit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None


class SearchHitDelegate(QStyledItemDelegate):
    """Two lines per hit: the name, then a coloured kind tag, the department and the code."""

    PADDING = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + self.PADDING * 3)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        from PySide6.QtWidgets import QStyle  # loading QStyle's enums is slow: not at start-up

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget: QWidget | None = opt.widget
        style = widget.style() if widget is not None else None
        opt.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect: QRect = opt.rect
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        text_colour = palette.highlightedText().color() if selected else palette.text().color()
        font = QFont(opt.font)
        metrics = QFontMetrics(font)
        pad = self.PADDING
        painter.save()
        name_rect = QRect(
            rect.left() + pad, rect.top() + pad, rect.width() - 2 * pad, metrics.height()
        )
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        name = QFontMetrics(bold).elidedText(
            str(index.data(SearchRole.NAME) or ""),
            Qt.TextElideMode.ElideRight,
            name_rect.width(),
        )
        painter.drawText(
            name_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            name,
        )

        kind = str(index.data(SearchRole.KIND) or "")
        tag = kind_label(kind)
        tag_width = metrics.horizontalAdvance(tag) + 10
        second_top = name_rect.bottom() + pad
        tag_rect = QRect(rect.left() + pad, second_top, tag_width, metrics.height())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(KIND_COLOURS.get(kind, "#555555")))
        painter.drawRoundedRect(tag_rect, 4, 4)
        painter.setPen(QColor("#ffffff"))
        painter.setFont(font)
        painter.drawText(tag_rect, int(Qt.AlignmentFlag.AlignCenter), tag)

        secondary = (
            f"{index.data(SearchRole.DEPARTMENT) or ''}  {index.data(SearchRole.CODE) or ''}"
        )
        rest = QRect(
            tag_rect.right() + pad,
            second_top,
            rect.right() - tag_rect.right() - 2 * pad,
            metrics.height(),
        )
        grey = QColor(text_colour)
        if not selected:
            grey = palette.placeholderText().color()
        painter.setPen(grey)
        painter.drawText(
            rest,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(secondary.strip(), Qt.TextElideMode.ElideRight, rest.width()),
        )
        painter.restore()
