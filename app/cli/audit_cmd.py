"""`wuzheng audit …`: check the audit trail.

    wuzheng audit verify [--json]

Checks every entry's link and signature and the checkpoint kept outside the table (see
:mod:`app.audit`). Exit code 0 when the trail is intact, 3 (with one Chinese line on stderr
naming the first bad entry) when it is not.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import Any

from app.cli import EXIT_CHECK_FAILED, EXIT_OK, CliContext


def _verify(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.audit import verify

    report = verify(ctx.db)
    if args.json:
        ctx.print_json(asdict(report))
    elif report.ok:
        ctx.print(report.message)
    if report.warning:
        print(f"提示：{report.warning}", file=sys.stderr)
    if not report.ok:
        print(f"审计检查未通过：{report.message}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    return EXIT_OK


def register(sub: Any) -> None:
    """Add the `audit` area."""
    parser = sub.add_parser("audit", help="审计日志：检查是否完整、有无被改动")
    parser.set_defaults(handler=None)
    audit = parser.add_subparsers(dest="audit_command", parser_class=type(parser))
    p = audit.add_parser(
        "verify",
        help="逐条核对审计日志的衔接和签名，以及日志表之外的检查点；完整时退出码为 0",
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    p.set_defaults(handler=_verify)
