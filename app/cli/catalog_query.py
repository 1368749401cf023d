"""`wuzheng catalog search | show | stats | generate`: read the catalog, or make a synthetic one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.catalog.views import (
    APPLICANT_LABELS,
    LEVEL_LABELS,
    MEASURE_LABELS,
    BundleView,
    ItemView,
    MatterView,
    MeasureView,
    get_bundle,
    get_item,
    get_matter,
    matters_demanding,
    to_dict,
)
from app.cli import EXIT_OK, CliContext
from app.errors import NotFound, UserError
from app.storage.models import Measure

KIND_LABELS = {"matter": "事项", "item": "证明", "bundle": "一件事"}
MAX_GENERATED = 2_000_000


def register(sub: Any) -> None:
    """Add this module's subcommands to the `catalog` subparsers."""
    p = sub.add_parser("search", help="按名称、拼音、首字母、编码或部门检索目录")
    p.add_argument("text", metavar="TEXT", help="检索词，例如：低保、gzzf、M0001")
    p.add_argument("--limit", type=int, default=20, help="最多显示多少条（默认 20）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("show", help="显示一个事项、证明事项或一件事的详情")
    p.add_argument("code", metavar="CODE", help="事项、证明事项或一件事的编码")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("stats", help="按办理措施和层级统计目录")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser("generate", help="生成任意规模的合成目录文件（用于测试和性能评估）")
    p.add_argument("--matters", type=int, default=2729, help="每县事项数（默认 2729）")
    p.add_argument("--items", type=int, default=4052, help="每县证明事项数（默认 4052）")
    p.add_argument("--counties", type=int, default=1, help="县的个数（省级规模约 100）")
    p.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同目录）")
    p.add_argument("-o", "--output", metavar="FILE.json", help="写入的目录文件")
    p.add_argument(
        "--import", dest="do_import", action="store_true", help="生成后直接导入到数据目录"
    )
    p.set_defaults(handler=cmd_generate)


# --------------------------------------------------------------------------- search


def cmd_search(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.catalog.search import search

    if args.limit < 1 or args.limit > 500:
        raise UserError("--limit 应为 1 到 500 之间的整数。")
    if not args.text.strip():
        raise UserError("请输入检索词。")
    hits = search(ctx.db, args.text, limit=args.limit)
    if args.json:
        ctx.print_json(
            [
                {
                    "kind": h.kind,
                    "code": h.code,
                    "name": h.name,
                    "department": h.department,
                    "score": round(h.score, 2),
                    "primary_measure": h.primary_measure,
                }
                for h in hits
            ]
        )
        return EXIT_OK
    if not hits:
        ctx.print(f"没有找到与“{args.text.strip()}”相符的事项、证明或一件事。")
        return EXIT_OK
    for h in hits:
        extra = f"  [{_measure_label(h.primary_measure)}]" if h.primary_measure else ""
        department = f"  （{h.department}）" if h.department else ""
        ctx.print(f"{KIND_LABELS[h.kind]:<4}{h.code:<16}{h.name}{department}{extra}")
    ctx.print(f"共 {len(hits)} 条。")
    return EXIT_OK


def _measure_label(value: str) -> str:
    try:
        return MEASURE_LABELS[Measure(value)]
    except ValueError:
        return str(value)


# --------------------------------------------------------------------------- show


def _find(ctx: CliContext, code: str) -> MatterView | ItemView | BundleView:
    for getter in (get_matter, get_item, get_bundle):
        try:
            view: MatterView | ItemView | BundleView = getter(ctx.db, code)
            return view
        except NotFound:
            continue
    raise NotFound(f"目录中没有编码为“{code}”的事项、证明事项或一件事。")


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    code = args.code.strip()
    if not code:
        raise UserError("请输入编码。")
    view = _find(ctx, code)
    if args.json:
        data = to_dict(view)
        if isinstance(view, ItemView):
            data["kind"] = "item"
            data["matters"] = [
                {"code": c, "name": n} for c, n in matters_demanding(ctx.db, view.code)
            ]
        elif isinstance(view, BundleView):
            data["kind"] = "bundle"
            data["items"] = [to_dict(i) for i in view.items]
        else:
            data["kind"] = "matter"
        ctx.print_json(data)
        return EXIT_OK
    if isinstance(view, MatterView):
        lines = matter_lines(view)
    elif isinstance(view, ItemView):
        lines = item_lines(view, matters_demanding(ctx.db, view.code))
    else:
        lines = bundle_lines(view)
    for line in lines:
        ctx.print(line)
    return EXIT_OK


def measure_text(m: MeasureView) -> str:
    """One measure in words: 数据查询（示范县民政局，一键查询，1 个工作日内答复）."""
    notes: list[str] = []
    if m.provider_code:
        notes.append(m.provider_name or m.provider_code)
    if m.one_click:
        notes.append("一键查询")
    elif m.deadline_days and m.measure in (Measure.SHARE, Measure.VERIFY):
        notes.append(f"{m.deadline_days} 个工作日内答复")
    if m.detail and m.measure in (Measure.SUBSTITUTE, Measure.OTHER, Measure.RETAINED):
        notes.append(m.detail.rstrip("。"))
    return m.label + (f"（{'，'.join(notes)}）" if notes else "")


def _days(value: int | None) -> str:
    return f"{value} 个工作日" if value is not None else "无"


def _item_block(index: int, item: ItemView) -> list[str]:
    lines = [f"  {index}. {item.name}  [{item.code}]", f"     开具单位：{item.issuer or '—'}"]
    if item.legal_basis:
        lines.append(f"     索取依据：{item.legal_basis}")
    if item.measures:
        lines.append("     现在怎么办：" + "；".join(measure_text(m) for m in item.measures))
    else:
        lines.append("     现在怎么办：暂时无法实现，仍需申请人提交")
    for m in item.measures:
        if m.measure is Measure.PLEDGE and m.detail:
            lines.append(f"     承诺内容：{m.detail}")
    return lines


def matter_lines(view: MatterView) -> list[str]:
    lines = [
        f"事项 {view.code}  {view.name}",
        f"  部门：{view.department_name}（{LEVEL_LABELS[view.level]}）",
        f"  申请人：{APPLICANT_LABELS[view.applicant_kind]}",
        f"  时限：法定 {_days(view.legal_limit_days)}，承诺 {_days(view.promised_limit_days)}",
        f"  收费：{view.fee or '不收费'}",
        f"  地点：{view.where or '—'}",
        f"  时间：{view.hours or '—'}",
    ]
    if view.steps:
        lines.append("  流程：" + " → ".join(view.steps))
    if view.materials:
        lines.append("  仍需提交的材料（证照等）：" + "、".join(view.materials))
    if view.items:
        lines.append(f"  原需提交的证明（{len(view.items)} 项），现在的办理方式：")
        for i, item in enumerate(view.items, 1):
            lines.extend(_item_block(i, item))
    else:
        lines.append("  本事项不需要任何证明。")
    return lines


def item_lines(view: ItemView, matters: list[tuple[str, str]]) -> list[str]:
    lines = [f"证明事项 {view.code}  {view.name}", f"  开具单位：{view.issuer or '—'}"]
    if view.legal_basis:
        lines.append(f"  索取依据：{view.legal_basis}")
    lines.append("  办理措施（按优先顺序）：")
    if not view.measures:
        lines.append("    暂时无法实现，仍需申请人提交")
    for i, m in enumerate(view.measures, 1):
        lines.append(f"    {i}. {measure_text(m)}")
        if m.measure is Measure.PLEDGE and m.detail:
            lines.append(f"       承诺内容：{m.detail}")
    if matters:
        lines.append(f"  涉及事项（{len(matters)} 项）：")
        lines.extend(f"    {c}  {n}" for c, n in matters)
    return lines


def bundle_lines(view: BundleView) -> list[str]:
    lines = [f"一件事 {view.code}  {view.name}"]
    if view.description:
        lines.append(f"  {view.description}")
    lines.append(f"  包含事项（{len(view.matters)} 项）：")
    lines.extend(
        f"    {i}. {m.name}  [{m.code}]（{m.department_name}）"
        for i, m in enumerate(view.matters, 1)
    )
    items = view.items
    demanded = sum(len(m.items) for m in view.matters)
    lines.append(f"  涉及证明 {len(items)} 项（各事项合计 {demanded} 次，联办时每项只核对一次）：")
    lines.extend(f"    {item.name}  [{item.code}]：{measure_text(item.primary)}" for item in items)
    return lines


# --------------------------------------------------------------------------- stats


def cmd_stats(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.catalog.stats import catalog_stats, stats_lines

    stats = catalog_stats(ctx.db)
    if args.json:
        ctx.print_json(stats)
    else:
        for line in stats_lines(stats):
            ctx.print(line)
    return EXIT_OK


# --------------------------------------------------------------------------- generate


def cmd_generate(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.catalog.exchange import document_bytes, import_catalog_document
    from app.catalog.generate import generate_catalog_document

    if args.matters < 0 or args.items < 0:
        raise UserError("--matters 和 --items 不能是负数。")
    if args.counties < 1:
        raise UserError("--counties 至少为 1。")
    if args.matters + args.items == 0:
        raise UserError("--matters 和 --items 不能都为 0。")
    if (args.matters + args.items) * args.counties > MAX_GENERATED:
        raise UserError(f"规模过大：事项和证明事项合计不能超过 {MAX_GENERATED:,} 项。")
    if not args.output and not args.do_import:
        raise UserError("请用 -o FILE.json 指定输出文件，或使用 --import 直接导入。")
    output = Path(args.output) if args.output else None
    if output is not None:
        if output.is_dir():
            raise UserError(f"“{output}”是一个文件夹，请给出文件名，例如 catalog.json。")
        if not output.parent.exists():
            raise UserError(f"文件夹“{output.parent}”不存在。")
    doc = generate_catalog_document(
        args.matters, args.items, seed=args.seed, counties=args.counties
    )
    if output is not None:
        try:
            output.write_bytes(document_bytes(doc))
        except OSError as exc:
            raise UserError(f"无法写入“{output}”：{exc.strerror or exc}。") from exc
        ctx.print(
            f"已生成 {output}：{len(doc['matters'])} 个事项，"
            f"{len(doc['certificate_items'])} 项证明，{len(doc['departments'])} 个部门，"
            f"{len(doc['bundles'])} 个一件事。"
        )
    if args.do_import:
        report = import_catalog_document(ctx.db, doc, actor="cli", source="generate")
        for line in report.summary_lines():
            ctx.print(line)
    return EXIT_OK
