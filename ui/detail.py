"""The detail pane: what the clerk needs to know about a matter, a certificate item or a bundle.

Signals:
    open_requested(str, str): the clerk clicked a link to another entry (kind, code), e.g. a
        matter that demands the certificate item shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.badges import MeasureBadge

translate = QCoreApplication.translate  # the name pyside6-lupdate looks for

if TYPE_CHECKING:
    from app.catalog.views import BundleView, ItemView, MatterView, MeasureView


def describe_measure(measure: MeasureView) -> str:
    """One sentence on what the measure means at the window."""
    kind = str(measure.measure)
    if kind == "cancel":
        return translate("Detail", "已直接取消：无需提交，也无需核验。")
    if kind in ("share", "verify"):
        who = measure.provider_name or measure.provider_code or translate("Detail", "提供部门")
        if kind == "share":
            text = translate("Detail", "窗口通过数据共享向{who}查询。").format(who=who)
            if measure.one_click:
                text += translate("Detail", "（一键查询，即时返回）")
        else:
            text = translate("Detail", "窗口向{who}发起核验。").format(who=who)
        if measure.deadline_days and not measure.one_click:
            text += translate("Detail", "答复时限 {n} 个工作日。").format(n=measure.deadline_days)
        return text
    if kind == "substitute":
        return translate("Detail", "以申请人已有的材料替代：{doc}").format(
            doc=measure.detail or translate("Detail", "（未注明）")
        )
    if kind == "pledge":
        return translate("Detail", "申请人签署告知承诺书即可，无需提交证明。")
    if kind == "other":
        return measure.detail or translate("Detail", "其他方式（见目录说明）。")
    return translate("Detail", "暂时无法取消：申请人仍需提交此证明。")


def _label(text: str, *, bold: bool = False, size: int = 0, grey: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    style = []
    if bold:
        style.append("font-weight: bold;")
    if size:
        style.append(f"font-size: {size}pt;")
    if grey:
        style.append("color: #5f6368;")
    if style:
        label.setStyleSheet(" ".join(style))
    return label


class ItemCard(QFrame):
    """One certificate item: its name, its measures as badges, and its legal basis on demand."""

    def __init__(self, item: ItemView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item_code = item.code
        self.setObjectName(f"item_{item.code}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        basis = item.legal_basis or translate("Detail", "（目录未注明依据）")
        self.setToolTip(translate("Detail", "依据：{basis}").format(basis=basis))

        top = QHBoxLayout()
        name = _label(item.name, bold=True)
        top.addWidget(name, 1)
        self.badges: list[MeasureBadge] = []
        for position, measure in enumerate(item.measures or ()):
            badge = MeasureBadge(str(measure.measure), muted=position > 0)
            badge.setToolTip(describe_measure(measure))
            self.badges.append(badge)
            top.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        if not item.measures:
            badge = MeasureBadge("retained")
            self.badges.append(badge)
            top.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(top)
        if item.issuer:
            layout.addWidget(
                _label(
                    translate("Detail", "原开具单位：{issuer}").format(issuer=item.issuer),
                    grey=True,
                )
            )
        primary = item.measures[0] if item.measures else None
        if primary is not None:
            layout.addWidget(_label(describe_measure(primary)))

        self.basis_button = QToolButton()
        self.basis_button.setText(translate("Detail", "查看依据"))
        self.basis_button.setCheckable(True)
        self.basis_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.basis_button.setArrowType(Qt.ArrowType.RightArrow)
        self.basis = _label(basis, grey=True)
        self.basis.setObjectName("legalBasis")
        self.basis.hide()
        self.basis_button.toggled.connect(self._toggle_basis)
        layout.addWidget(self.basis_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.basis)

    def _toggle_basis(self, shown: bool) -> None:
        self.basis.setVisible(shown)
        self.basis_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)


class DetailPane(QScrollArea):
    """Shows one matter, certificate item or bundle; see the module docstring for signals."""

    open_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.current: tuple[str, str] | None = None
        self.cards: list[ItemCard] = []
        self.show_placeholder(
            translate("Detail", "在左侧输入事项、证明或“一件事”的名称、拼音或首字母进行查找。")
        )

    # -- building blocks -------------------------------------------------------------------
    def _begin(self, title: str, subtitle: str = "") -> QVBoxLayout:
        body = QWidget()
        body.setObjectName("detailBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(8)
        heading = _label(title, bold=True, size=15)
        heading.setObjectName("detailTitle")
        self._heading = heading
        layout.addWidget(heading)
        if subtitle:
            layout.addWidget(_label(subtitle, grey=True))
        self.cards = []
        self._body = body
        return layout

    def _commit(self) -> None:
        # Set the body only once it is complete, so all its children show with it at once.
        self.setWidget(self._body)

    def _section(self, layout: QVBoxLayout, title: str) -> None:
        label = _label(title, bold=True, size=11)
        label.setStyleSheet(label.styleSheet() + " margin-top: 8px; color: #1d3557;")
        layout.addWidget(label)

    def _items(self, layout: QVBoxLayout, items: tuple[ItemView, ...]) -> None:
        if not items:
            layout.addWidget(_label(translate("Detail", "此事项不需要任何证明。"), grey=True))
            return
        for item in items:
            card = ItemCard(item)
            self.cards.append(card)
            layout.addWidget(card)

    def _links(self, layout: QVBoxLayout, kind: str, entries: list[tuple[str, str]]) -> None:
        for code, name in entries:
            link = QLabel(
                f'<a href="{kind}:{code}">{_escape(name)}</a>'
                f' <span style="color:#5f6368">{_escape(code)}</span>'
            )
            link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
            link.linkActivated.connect(self._link)
            layout.addWidget(link)

    def _link(self, href: str) -> None:
        kind, _, code = href.partition(":")
        self.open_requested.emit(kind, code)

    # -- what can be shown -----------------------------------------------------------------
    def show_placeholder(self, text: str) -> None:
        self.current = None
        layout = self._begin("")
        self._heading.hide()
        hint = _label(text, grey=True)
        hint.setObjectName("detailPlaceholder")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(hint)
        layout.addStretch(2)
        self._commit()

    def show_matter(self, matter: MatterView) -> None:
        self.current = ("matter", matter.code)
        layout = self._begin(matter.name, f"{matter.department_name} · {matter.code}")
        facts = QFormLayout()
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        facts.addRow(
            translate("Detail", "办理地点："),
            _label(matter.where or translate("Detail", "（未注明）")),
        )
        facts.addRow(
            translate("Detail", "办理时间："),
            _label(matter.hours or translate("Detail", "（未注明）")),
        )
        facts.addRow(
            translate("Detail", "法定时限："),
            _label(_days(matter.legal_limit_days)),
        )
        facts.addRow(
            translate("Detail", "承诺时限："),
            _label(_days(matter.promised_limit_days)),
        )
        facts.addRow(
            translate("Detail", "收费标准："),
            _label(matter.fee or translate("Detail", "不收费")),
        )
        if matter.steps:
            facts.addRow(translate("Detail", "办理流程："), _label(" → ".join(matter.steps)))
        layout.addLayout(facts)
        self._section(layout, translate("Detail", "仍需提交的材料"))
        if matter.materials:
            for material in matter.materials:
                layout.addWidget(_label(f"• {material}"))
        else:
            layout.addWidget(_label(translate("Detail", "无"), grey=True))
        self._section(
            layout,
            translate("Detail", "原需提供的证明（{n} 项）及现在的办理方式").format(
                n=len(matter.items)
            ),
        )
        self._items(layout, matter.items)
        layout.addStretch(1)
        self._commit()

    def show_item(self, item: ItemView, demanded_by: list[tuple[str, str]]) -> None:
        self.current = ("item", item.code)
        layout = self._begin(item.name, f"{translate('Detail', '证明事项')} · {item.code}")
        facts = QFormLayout()
        facts.addRow(
            translate("Detail", "原开具单位："),
            _label(item.issuer or translate("Detail", "（未注明）")),
        )
        facts.addRow(
            translate("Detail", "索取依据："),
            _label(item.legal_basis or translate("Detail", "（未注明）")),
        )
        layout.addLayout(facts)
        self._section(layout, translate("Detail", "现在的办理方式（按优先顺序）"))
        for measure in item.measures:
            row = QHBoxLayout()
            row.addWidget(MeasureBadge(str(measure.measure)), 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(_label(describe_measure(measure)), 1)
            layout.addLayout(row)
            if str(measure.measure) == "pledge" and measure.detail:
                pledge = _label(
                    translate("Detail", "承诺内容：{text}").format(text=measure.detail),
                    grey=True,
                )
                layout.addWidget(pledge)
        if not item.measures:
            layout.addWidget(MeasureBadge("retained"), 0, Qt.AlignmentFlag.AlignLeft)
        self._section(
            layout,
            translate("Detail", "需要此证明的事项（{n} 项）").format(n=len(demanded_by)),
        )
        self._links(layout, "matter", demanded_by)
        layout.addStretch(1)
        self._commit()

    def show_bundle(self, bundle: BundleView) -> None:
        self.current = ("bundle", bundle.code)
        layout = self._begin(bundle.name, f"{translate('Detail', '一件事')} · {bundle.code}")
        if bundle.description:
            layout.addWidget(_label(bundle.description))
        self._section(
            layout,
            translate("Detail", "包含的事项（{n} 项）").format(n=len(bundle.matters)),
        )
        self._links(
            layout,
            "matter",
            [(m.code, f"{m.name}（{m.department_name}）") for m in bundle.matters],
        )
        items = bundle.items
        self._section(
            layout,
            translate("Detail", "合并后的证明（{n} 项，每项只办一次）").format(n=len(items)),
        )
        self._items(layout, items)
        layout.addStretch(1)
        self._commit()

    def badge_texts(self) -> list[list[str]]:
        """The measure badges shown, per item card (for tests and screen readers)."""
        return [[badge.text() for badge in card.badges] for card in self.cards]

    def text(self) -> str:
        """All the text of the pane, for tests."""
        widget = self.widget()
        return "\n".join(label.text() for label in widget.findChildren(QLabel)) if widget else ""


def _days(days: int | None) -> str:
    if days is None:
        return translate("Detail", "（未注明）")
    if days == 0:
        return translate("Detail", "即办")
    return translate("Detail", "{n} 个工作日").format(n=days)


def _escape(text: Any) -> str:
    from html import escape

    return escape(str(text))
