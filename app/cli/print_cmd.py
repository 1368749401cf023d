"""`wuzheng print …`: guides, pledge forms and receipts as PDF files.

    wuzheng print guide CODE -o FILE.pdf                 # a matter or a bundle (一件事)
    wuzheng print guides --all -o DIR [--jobs N]         # every matter; progress on stderr
    wuzheng print pledge CASE -o FILE.pdf                # case id, id prefix or number
    wuzheng print receipt CASE -o FILE.pdf
    wuzheng print check-templates                        # after a county edited the wording

Refusals (unknown code, a case without pledges, a file that cannot be written, a broken
template) print one Chinese line on stderr and exit with code 2.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import Any

from app.cli import EXIT_OK, CliContext
from app.errors import UserError


def write_pdf(path: Path, data: bytes) -> Path:
    """Write a PDF, turning every file-system failure into one Chinese sentence."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise UserError(f"{target} 是一个文件夹，请给出 PDF 文件名，例如 {target / '指南.pdf'}。")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UserError(f"无法写入文件 {target}：{reason}。请换一个位置。") from exc
    return target


def _guide(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.printing.fonts import warn_unprintable
    from app.printing.guide import print_guide
    from app.printing.templates import load_template

    with warn_unprintable(sys.stderr, "办事指南"):
        data = print_guide(ctx.db, args.code, template=load_template("guide", ctx.directory))
    path = write_pdf(args.output, data)
    ctx.print(f"已生成办事指南：{path}")
    return EXIT_OK


def _guides(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.printing.batch import export_all_guides
    from app.printing.templates import load_template

    if not args.all:
        raise UserError("请加上 --all 导出全部事项的办事指南（单个事项请用 print guide）。")
    if args.jobs < 1:
        raise UserError("--jobs 至少为 1。")
    step = {"last": -1}

    def progress(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if percent != step["last"] and (percent % 5 == 0 or done == total):
            step["last"] = percent
            print(f"进度：{done}/{total}（{percent}%）", file=sys.stderr, flush=True)

    cancel = threading.Event()
    try:
        result = export_all_guides(
            ctx.db,
            Path(args.output).expanduser(),
            jobs=args.jobs,
            template=load_template("guide", ctx.directory),
            progress=progress,
            cancel=cancel,
        )
    except KeyboardInterrupt:
        cancel.set()
        raise
    for code, reason in result.failed:
        print(f"未能生成 {code}：{reason}", file=sys.stderr)
    ctx.print(result.summary())
    return EXIT_OK if not result.failed else 1


def _pledge(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.printing.fonts import warn_unprintable
    from app.printing.pledge_form import print_pledge_form

    # Check the path before printing: printing records the form's hash on the pledges.
    _check_writable(Path(args.output).expanduser())
    with warn_unprintable(sys.stderr, "告知承诺书"):
        printed = print_pledge_form(
            ctx.db, args.case, directory=ctx.directory, clerk=ctx.clerk(args)
        )
    if printed.key_warning:
        print(f"提示：{printed.key_warning}", file=sys.stderr)
    path = write_pdf(args.output, printed.pdf)
    ctx.print(f"已生成告知承诺书：{path}")
    return EXIT_OK


def _check_pledge(args: argparse.Namespace, ctx: CliContext) -> int:
    """Spot check (抽查) of a signed pledge form: the text its QR code holds, as scanned."""
    from app.printing.pledge import check_pledge_paper

    payload = sys.stdin.read() if args.payload == "-" else args.payload
    scanned = check_pledge_paper(ctx.db, payload.strip())
    by = f"（由{scanned.signed_by}签发）" if scanned.signed_by else ""
    if scanned.pledge_ids:
        ctx.print(
            f"承诺书真实有效{by}：办件 {scanned.case_number}，{len(scanned.pledge_ids)} 项承诺，"
            "且是最近一次打印的版本。"
        )
    else:
        ctx.print(f"承诺书签名真实有效{by}：办件 {scanned.case_number}。")
    if scanned.note:
        ctx.print(f"注意：{scanned.note}")
    for pledge_id in scanned.pledge_ids:
        ctx.print(f"  承诺 {pledge_id}")
    return EXIT_OK


def _receipt(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.printing.fonts import warn_unprintable
    from app.printing.receipt import print_receipt
    from app.printing.templates import load_template

    with warn_unprintable(sys.stderr, "受理回执"):
        data = print_receipt(ctx.db, args.case, template=load_template("receipt", ctx.directory))
    path = write_pdf(args.output, data)
    ctx.print(f"已生成受理回执：{path}")
    return EXIT_OK


def _check_templates(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.printing.templates import check_templates

    for line in check_templates(ctx.directory):
        ctx.print(line)
    return EXIT_OK


def _check_writable(path: Path) -> None:
    if path.is_dir():
        raise UserError(f"{path} 是一个文件夹，请给出 PDF 文件名。")
    existed = path.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab"):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UserError(f"无法写入文件 {path}：{reason}。请换一个位置。") from exc
    if not existed:
        path.unlink(missing_ok=True)


def register(sub: Any) -> None:
    """Add the `print` area."""
    parser = sub.add_parser("print", help="打印：办事指南、告知承诺书、受理回执（PDF）")
    parser.set_defaults(handler=None)
    docs = parser.add_subparsers(dest="print_command", parser_class=type(parser))

    p = docs.add_parser("guide", help="一个事项或“一件事”的办事指南")
    p.add_argument("code", help="事项编码或“一件事”编码")
    p.add_argument("-o", "--output", required=True, help="输出的 PDF 文件")
    p.set_defaults(handler=_guide)

    p = docs.add_parser("guides", help="批量导出全部事项的办事指南")
    p.add_argument("--all", action="store_true", help="全部事项")
    p.add_argument("-o", "--output", required=True, help="输出文件夹")
    p.add_argument("--jobs", type=int, default=2, help="并行进程数（默认 2）")
    p.set_defaults(handler=_guides)

    p = docs.add_parser("pledge", help="办件的告知承诺书")
    p.add_argument("case", help="办件编号（id、id 前 8 位以上或办件号）")
    p.add_argument("-o", "--output", required=True, help="输出的 PDF 文件")
    p.add_argument("--clerk", default="", help="打印人（记入审计日志）")
    p.set_defaults(handler=_pledge)

    p = docs.add_parser("receipt", help="办件的受理回执")
    p.add_argument("case", help="办件编号（id、id 前 8 位以上或办件号）")
    p.add_argument("-o", "--output", required=True, help="输出的 PDF 文件")
    p.set_defaults(handler=_receipt)

    p = docs.add_parser("check-pledge", help="核查一份已签署告知承诺书的二维码（监管抽查）")
    p.add_argument("payload", help="扫码得到的二维码内容；用 - 从标准输入读取")
    p.set_defaults(handler=_check_pledge)

    p = docs.add_parser("check-templates", help="检查（修改过的）打印模板能否正常使用")
    p.set_defaults(handler=_check_templates)
