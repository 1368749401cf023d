"""办事指南: one matter (or bundle) on A4 — 一事一单、一事一图、一事一码.

:func:`guide_pdf` works from the catalog views alone (pure data), so batch export can build
guides in worker processes; :func:`print_guide` looks the code up in a database first.
"""

from __future__ import annotations

from app.printing.fonts import ensure_fonts

# isort: split
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from app.catalog.views import (
    APPLICANT_LABELS,
    LEVEL_LABELS,
    MEASURE_LABELS,
    BundleView,
    ItemView,
    MatterView,
    catalog_info,
    get_bundle,
    get_matter,
)
from app.errors import NotFound, UserError
from app.printing.diagram import flow_diagram
from app.printing.layout import (
    CONTENT_WIDTH,
    BoldParagraph,
    Fact,
    PageChrome,
    SectionHeading,
    Styles,
    build_pdf,
    days_text,
    facts_with_qr,
    grid_style,
    keep_with_next,
    para,
    spacer,
)
from app.printing.qr import guide_payload
from app.printing.templates import Template, load_template
from app.storage.db import Database
from app.storage.models import Measure

ensure_fonts()

QR_SIZE = 31 * mm
BASIS_IN_TABLE = 80  # characters of legal basis the narrow column holds; longer go to a note
BASIS_HEAD = 40  # at most this much of a long basis stays in the column
# 序号 | 证明名称 | 开具单位 | 现在的办理方式 | 申请人需要做什么 | 设定依据
_FIXED_COLUMNS = (11 * mm, 32 * mm, 31 * mm, 27 * mm, 37 * mm)
ITEM_COLUMNS = (*_FIXED_COLUMNS, CONTENT_WIDTH - sum(_FIXED_COLUMNS))


def applicant_action(item: ItemView, template: Template) -> str:
    """What the applicant must do now for a certificate item (by its preferred measure)."""
    primary = item.primary
    measure = primary.measure
    if measure is Measure.SUBSTITUTE:
        return template.text("actions.substitute", document=primary.detail or "替代材料")
    if measure is Measure.OTHER:
        return template.text("actions.other", detail=primary.detail or "按窗口指引办理")
    return template.text(f"actions.{measure.value}")


def measure_text(item: ItemView) -> str:
    """The measure label, with 一键查询 and any fallback measures noted."""
    primary = item.primary
    label = MEASURE_LABELS[primary.measure]
    if primary.measure is Measure.SHARE and primary.one_click:
        label += "\n（一键查询）"
    others = [MEASURE_LABELS[m.measure] for m in item.measures[1:]]
    if others:
        label += "\n备选：" + "、".join(others)
    return label


def basis_cell(basis: str, notes: list[str]) -> str:
    """The legal basis as the narrow table column shows it.

    A basis quoting a whole article would make a row pages long: the column shows its head
    (the law and article) and the full text goes to a numbered note under the table.
    """
    if len(basis) <= BASIS_IN_TABLE:
        return basis or "—"
    notes.append(basis)
    cut = min((i for i in (basis.find(m) for m in "：:。；") if 0 < i < BASIS_HEAD), default=-1)
    head = basis[: cut + 1] if cut > 0 else basis[:BASIS_HEAD] + "…"
    return f"{head}（全文见表后注 {len(notes)}）"


def certificate_table(
    items: tuple[ItemView, ...], template: Template, notes: list[str] | None = None
) -> Table:
    """Every certificate the matter used to demand; the header repeats on each page.

    Legal bases too long for their column are shortened; their full texts are appended to
    ``notes`` (print them under the table, numbered from 1).
    """
    notes = notes if notes is not None else []
    head = ["序号", "证明名称", "原开具单位", "办理方式", "申请人需要做什么", "设定依据"]
    rows: list[list[Flowable]] = [[para(h, Styles.cell_head) for h in head]]
    for number, item in enumerate(items, start=1):
        rows.append(
            [
                para(str(number), Styles.cell),
                para(item.name, Styles.cell),
                para(item.issuer or "—", Styles.cell),
                para(measure_text(item), Styles.cell),
                para(applicant_action(item, template), Styles.cell),
                para(basis_cell(item.legal_basis, notes), Styles.cell_small),
            ]
        )
    table = Table(rows, colWidths=list(ITEM_COLUMNS), repeatRows=1, splitInRow=1)
    table.setStyle(grid_style(extra=[("ALIGN", (0, 0), (0, -1), "CENTER")]))
    return table


def _numbered(lines: tuple[str, ...] | list[str], empty: str) -> list[Flowable]:
    if not lines:
        return [para(empty)]
    return [para(f"{n}. {line}") for n, line in enumerate(lines, start=1)]


def _title_block(title: str, subtitle: str, template: Template) -> list[Flowable]:
    return [
        BoldParagraph(title, Styles.title),
        spacer(1),
        para(f"{template.text('document_title')}　·　{subtitle}", Styles.subtitle),
        spacer(4),
    ]


def _overview(rows: list[Fact | tuple[Fact, Fact]], payload: str, template: Template) -> Flowable:
    """The facts table on the left, the QR code (一事一码) on the right."""
    return facts_with_qr(rows, payload, template.text("qr_caption"), QR_SIZE)


def _certificates(items: tuple[ItemView, ...], template: Template, number: str) -> list[Flowable]:
    heading = SectionHeading(f"{number}、不再需要您开具的证明")
    if not items:
        return [heading, para(template.text("no_certificates"))]
    intro = para(template.text("certificates_intro"), Styles.small)
    notes: list[str] = []
    table = certificate_table(items, template, notes)
    story: list[Flowable] = [heading, keep_with_next(intro), keep_with_next(spacer(1.5)), table]
    if notes:
        story.append(spacer(1.5))
        story += [para(f"注 {n}：{text}", Styles.small) for n, text in enumerate(notes, 1)]
    return story


def _footer(template: Template, version: str) -> list[Flowable]:
    return [spacer(5), para(template.text("footer"), Styles.small)]


def _flow(steps: tuple[str, ...]) -> list[Flowable]:
    """The flow diagram under its heading, and the full names of steps its boxes shorten."""
    diagram = flow_diagram(steps, CONTENT_WIDTH)
    notes = [para(f"步骤 {number}：{name}", Styles.small) for number, name in diagram.shortened]
    return [SectionHeading("一、办理流程"), keep_with_next(spacer(1)), diagram, *notes]


def matter_story(matter: MatterView, version: str, template: Template) -> list[Flowable]:
    rows: list[Fact | tuple[Fact, Fact]] = [
        (("事项编码", matter.code), ("事项层级", LEVEL_LABELS.get(matter.level, ""))),
        ("实施部门", matter.department_name or matter.department_code),
        (
            ("申请对象", APPLICANT_LABELS.get(matter.applicant_kind, "")),
            ("收费标准", matter.fee),
        ),
        (
            ("法定时限", days_text(matter.legal_limit_days)),
            ("承诺时限", days_text(matter.promised_limit_days)),
        ),
        ("办理地点", matter.where),
        ("办理时间", matter.hours),
    ]
    story = _title_block(matter.name, f"事项编码 {matter.code}", template)
    story.append(_overview(rows, guide_payload(matter.code, version), template))
    story += _flow(matter.steps or (template.text("no_steps"),))
    story.append(SectionHeading("二、需要提交的材料"))
    story += _numbered(matter.materials, template.text("no_materials"))
    story += _certificates(matter.items, template, "三")
    story += _footer(template, version)
    return story


def bundle_story(bundle: BundleView, version: str, template: Template) -> list[Flowable]:
    story = _title_block(bundle.name, f"一件事 · 编码 {bundle.code}", template)
    limits = [m.promised_limit_days for m in bundle.matters if m.promised_limit_days is not None]
    rows: list[Fact | tuple[Fact, Fact]] = [
        (
            ("一件事编码", bundle.code),
            ("承诺时限", days_text(max(limits)) if limits else "—"),
        ),
        ("包含事项", f"{len(bundle.matters)} 项，一次申请、一窗受理"),
        ("说明", bundle.description),
    ]
    story.append(_overview(rows, guide_payload(bundle.code, version, bundle=True), template))
    story.append(SectionHeading("一、包含的事项"))
    head = ["序号", "事项名称", "事项编码", "实施部门", "承诺时限"]
    widths = [11 * mm, 62 * mm, 28 * mm, 0.0, 24 * mm]
    widths[3] = CONTENT_WIDTH - sum(widths)
    table_rows: list[list[Flowable]] = [[para(h, Styles.cell_head) for h in head]]
    for n, matter in enumerate(bundle.matters, start=1):
        table_rows.append(
            [
                para(str(n), Styles.cell),
                para(matter.name, Styles.cell),
                para(matter.code, Styles.mono),
                para(matter.department_name or matter.department_code, Styles.cell),
                para(days_text(matter.promised_limit_days), Styles.cell),
            ]
        )
    matters_table = Table(table_rows, colWidths=widths, repeatRows=1, splitInRow=1)
    matters_table.setStyle(grid_style(extra=[("ALIGN", (0, 0), (0, -1), "CENTER")]))
    story.append(matters_table)
    materials: dict[str, None] = {}
    for matter in bundle.matters:
        materials.update(dict.fromkeys(matter.materials))
    story.append(SectionHeading("二、需要提交的材料（各事项合并，只交一次）"))
    story += _numbered(list(materials), template.text("no_materials"))
    story += _certificates(bundle.items, template, "三")
    story += _footer(template, version)
    return story


def guide_notice(db: Database) -> str:
    """The line every guide carries once this window has gone past the hub's second freshness
    limit without a successful sync (the catalog may be out of date); "" otherwise."""
    from app.sync.freshness import freshness

    fresh = freshness(db)
    return fresh.guide_line() if fresh.marks_guides else ""


def _notice(text: str) -> Flowable:
    box = Table([[para(text, Styles.body)]], colWidths=[CONTENT_WIDTH])
    box.setStyle(
        grid_style(
            header=False, extra=[("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fff4e5"))]
        )
    )
    return box


def guide_pdf(
    view: MatterView | BundleView,
    *,
    catalog_version: str,
    template: Template | None = None,
    notice: str = "",
) -> bytes:
    """The guide of a matter or bundle as PDF bytes (A4, embedded font); ``notice``: a line
    boxed under the title (that the catalog may be out of date, :func:`guide_notice`)."""
    version = catalog_version or "未标注"
    tpl = (template if template is not None else load_template("guide")).bind(
        catalog_version=version, matter_name=view.name, matter_code=view.code
    )
    if isinstance(view, BundleView):
        story = bundle_story(view, version, tpl)
    else:
        story = matter_story(view, version, tpl)
    if notice:
        story[4:4] = [_notice(notice), spacer(3)]  # under the title block
    chrome = PageChrome(
        hall_name=tpl.hall_name,
        document_title=f"{view.name} · {tpl.text('document_title')}",
        left_footer=f"{view.code}　目录版本 {version}",
    )
    return build_pdf(
        story, chrome, title=f"{view.name} {tpl.text('document_title')}", subject=view.code
    )


def find_guide_view(db: Database, code: str) -> MatterView | BundleView:
    """The matter with this code, else the bundle; a Chinese UserError if neither exists."""
    code = code.strip()
    try:
        return get_matter(db, code)
    except NotFound:
        pass
    try:
        return get_bundle(db, code)
    except NotFound:
        raise UserError(f"目录中没有编码为“{code}”的事项或一件事，请核对编码。") from None


def print_guide(db: Database, code: str, *, template: Template | None = None) -> bytes:
    """The guide of the matter or bundle ``code`` in the installed catalog."""
    view = find_guide_view(db, code)
    return guide_pdf(
        view,
        catalog_version=catalog_info(db).version,
        template=template,
        notice=guide_notice(db),
    )
