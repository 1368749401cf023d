"""`wuzheng connect`, `wuzheng sync`, `wuzheng requests …` and `wuzheng inbox …`.

    wuzheng connect HUB_URL ENROL_CODE [--name DEVICE_NAME]
    wuzheng sync [--json]                    # exit 0 done; 3 hub unreachable (pending printed)
    wuzheng sync --status [--json]           # no network: last sync, pending, catalog freshness
    wuzheng requests list [--open] [--json]  # a window's requests, answers, conflicts
    wuzheng inbox list [--overdue] [--all] [--json]                 # a department's 待核验
    wuzheng inbox show REQUEST [--reveal] [--by NAME] [--json]      # --reveal: full ID, audited
    wuzheng inbox answer REQUEST confirmed|denied|unknown [--note TEXT] [--by NAME]

A hub that cannot be reached is exit code 3 (nothing changed; try again later); every other
refusal is one line on stderr with exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from app.cli import EXIT_OK, EXIT_REFUSED, CliContext
from app.jsonutil import to_dict
from app.sync.client import HubError, HubServerError, HubUnreachable

EXIT_UNREACHABLE = 3  # the hub could not be reached (or failed): nothing changed here


def _local(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    return f"{moment.replace(tzinfo=UTC).astimezone():%Y-%m-%d %H:%M}"


def _hub_failure(exc: HubError) -> int:
    print(f"错误：{exc}", file=sys.stderr)
    return EXIT_UNREACHABLE if isinstance(exc, HubUnreachable | HubServerError) else EXIT_REFUSED


# --------------------------------------------------------------------------- connect, sync


def _connect(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.sync.connect import connect

    try:
        done = connect(
            ctx.db, args.hub_url, args.code, device_name=args.name or "", directory=ctx.directory
        )
    except HubError as exc:
        return _hub_failure(exc)
    e = done.enrolment
    ctx.print(f"已连接县级中心“{e.hub_name}”（{e.hub_url}），本机注册为{e.label}。")
    if done.adopted:
        ctx.print(f"本机此前受理的 {done.adopted} 件办件已归入窗口 {e.code}（办件编号不变）。")
    if e.is_window:
        ctx.print(f"待同步 {done.queued} 条记录：运行 wuzheng sync 发送。")
    return EXIT_OK


def _sync_status(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.sync.freshness import freshness
    from app.sync.service import SyncService

    status = SyncService(ctx.db).status()
    fresh = freshness(ctx.db)
    if args.json:
        ctx.print_json(
            {
                "connected": status.connected,
                "device": status.enrolment.label if status.enrolment else None,
                "last_success": status.last_success.isoformat() if status.last_success else None,
                "pending": status.pending,
                "conflicts": status.conflicts,
                "error": status.error,
                "freshness": fresh.to_dict(),
            }
        )
        return EXIT_OK
    if status.enrolment is None:
        ctx.print("本机未连接县级中心（单机使用）。")
    else:
        ctx.print(
            f"本机注册为{status.enrolment.label}；上次成功同步 {_local(status.last_success)}，"
            f"待同步 {status.pending} 条，冲突 {status.conflicts} 条。"
        )
        if status.error:
            ctx.print(f"上次同步未完成：{status.error}")
    ctx.print(fresh.summary() + "。")
    return EXIT_OK


def _sync(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.sync.freshness import freshness
    from app.sync.service import SyncService

    if args.status:
        return _sync_status(args, ctx)
    result = SyncService(ctx.db).sync()
    if args.json:
        ctx.print_json(result.counts() | {"freshness": freshness(ctx.db).to_dict()})
    else:
        ctx.print(
            f"发送 {result.pushed} 条，接收 {result.pulled} 条（其中更新 {result.applied} 条），"
            f"冲突 {result.conflicts} 条，待同步 {result.pending} 条。"
        )
        if result.conflicts:
            ctx.print("有记录被县级中心拒收（冲突），已保留：用 wuzheng requests list 查看。")
        ctx.print(freshness(ctx.db).summary() + "。")
    if result.completed:
        return EXIT_OK
    print(f"错误：{result.error}", file=sys.stderr)
    return EXIT_UNREACHABLE if not result.reachable else EXIT_REFUSED


# --------------------------------------------------------------------------- requests


def _requests(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.sync.requests import list_requests

    rows = list_requests(ctx.db, open_only=args.open)
    if args.json:
        ctx.print_json(
            [
                to_dict(r) | {"status_label": r.status_label, "answer_label": r.answer_label}
                for r in rows
            ]
        )
        return EXIT_OK
    if not rows:
        ctx.print("没有待答复的核验请求。" if args.open else "还没有核验请求。")
        return EXIT_OK
    for r in rows:
        state = r.status_label + (f"：{r.answer_label}" if r.answer else "")
        flags = "  【已超期】" if r.overdue else ""
        flags += "  （待同步）" if r.provisional and not r.refused else ""
        flags += f"  【中心拒收：{r.refused}】" if r.refused else ""
        ctx.print(
            f"{r.id}  {r.case_number}  {r.kind_label}  {r.item_name}  {r.provider_name}  "
            f"{state}  期限 {r.deadline or '—'}{flags}"
        )
        if r.answer_note:
            ctx.print(f"    答复说明：{r.answer_note}（{r.answered_by}）")
    ctx.print(f"共 {len(rows)} 项。")
    return EXIT_OK


# --------------------------------------------------------------------------- inbox


def _inbox_service(args: argparse.Namespace, ctx: CliContext) -> Any:
    from app.sync.identity import enrolment
    from app.sync.inbox import InboxService

    current = enrolment(ctx.db)
    if current is None or not current.is_department:
        from app.errors import UserError

        where = f"已注册为{current.label}" if current else "尚未连接县级中心"
        raise UserError(f"本机{where}，没有部门的待核验列表（部门端用 wuzheng connect 注册）。")
    return InboxService(ctx.db, answerer=getattr(args, "by", "") or "")


def _inbox_json(item: Any) -> dict[str, Any]:
    data: dict[str, Any] = to_dict(item)
    data.update(
        waiting=item.waiting,
        overdue=item.overdue,
        kind_label=item.kind_label,
        state_text=item.state_text,
    )
    return data


def _inbox_list(args: argparse.Namespace, ctx: CliContext) -> int:
    inbox = _inbox_service(args, ctx)
    items = inbox.list(waiting_only=not args.all, overdue_only=args.overdue)
    if args.json:
        ctx.print_json([_inbox_json(i) for i in items])
        return EXIT_OK
    if not items:
        ctx.print("没有超期的核验请求。" if args.overdue else "没有待核验的请求。")
        return EXIT_OK
    for i in items:
        late = "  【已超期】" if i.overdue else ""
        ctx.print(
            f"{i.id}  {i.case_number}  {i.kind_label}  {i.item_name or i.item_code}  "
            f"{i.subject_name} {i.subject_id_masked}  期限 {i.deadline or '—'}  "
            f"{i.state_text}{late}"
        )
        ctx.print(f"    {i.fact}")
    counts = inbox.counts()
    ctx.print(f"共 {len(items)} 项；待核验 {counts.waiting} 项，其中超期 {counts.overdue} 项。")
    return EXIT_OK


def _inbox_show(args: argparse.Namespace, ctx: CliContext) -> int:
    inbox = _inbox_service(args, ctx)
    item = inbox.get(args.request)
    subject = inbox.reveal(args.request) if args.reveal else item.subject_id_masked
    if args.json:
        ctx.print_json(_inbox_json(item) | ({"subject_id_no": subject} if args.reveal else {}))
        return EXIT_OK
    lines = [
        f"核验请求 {item.id}（{item.kind_label}）",
        f"办件：{item.case_number}  窗口：{item.window_code}  经办：{item.requested_by or '—'}",
        f"证明事项：[{item.item_code}] {item.item_name}",
        f"对象：{item.subject_name}  证件号码：{subject}",
        f"核验内容：{item.fact}",
        f"期限：{item.deadline or '—'}  收到：{_local(item.received_at)}  状态：{item.state_text}",
    ]
    if item.answer is not None:
        lines.append(f"答复：{item.answered_by}，{_local(item.answered_at)}  {item.answer_note}")
    for line in lines:
        ctx.print(line)
    return EXIT_OK


def _inbox_answer(args: argparse.Namespace, ctx: CliContext) -> int:
    inbox = _inbox_service(args, ctx)
    item = inbox.answer(args.request, args.answer, note=args.note or "")
    ctx.print(f"{item.state_text}（办件 {item.case_number}）。同步后送达窗口。")
    return EXIT_OK


# --------------------------------------------------------------------------- parsers


def register(sub: Any) -> None:
    """Add `connect`, `sync`, `requests` and `inbox`."""
    p = sub.add_parser("connect", help="用一次性注册码把本数据目录连接到县级中心")
    p.add_argument("hub_url", metavar="HUB_URL", help="县级中心地址，例如 http://10.0.0.8:8470")
    p.add_argument("code", metavar="ENROL_CODE", help="县信息中心给出的一次性注册码")
    p.add_argument("--name", help="本机名称（默认：计算机名）")
    p.set_defaults(handler=_connect)

    p = sub.add_parser("sync", help="与县级中心同步一次（发送、接收）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出计数")
    p.add_argument(
        "--status", action="store_true", help="只显示同步状态和目录时效（不连接县级中心）"
    )
    p.set_defaults(handler=_sync)

    parser = sub.add_parser("requests", help="窗口的核验请求与数据查询")
    parser.set_defaults(handler=None)
    requests = parser.add_subparsers(dest="requests_command", parser_class=type(parser))
    p = requests.add_parser("list", help="列出核验请求、答复和冲突")
    p.add_argument("--open", action="store_true", help="只列待答复的请求")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_requests)

    parser = sub.add_parser("inbox", help="部门端：待核验的请求")
    parser.set_defaults(handler=None)
    inbox = parser.add_subparsers(dest="inbox_command", parser_class=type(parser))
    p = inbox.add_parser("list", help="列出待核验的请求（期限早的在前）")
    p.add_argument("--overdue", action="store_true", help="只列已超期的请求")
    p.add_argument("--all", action="store_true", help="也列出已答复和已撤回的请求")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_inbox_list)

    p = inbox.add_parser("show", help="查看一项核验请求（证件号码默认隐去）")
    p.add_argument("request", metavar="REQUEST", help="核验请求编号（或前 8 位以上）")
    p.add_argument("--reveal", action="store_true", help="显示完整证件号码（记入审计日志）")
    p.add_argument("--by", help="查看人")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_inbox_show)

    p = inbox.add_parser("answer", help="答复一项核验请求")
    p.add_argument("request", metavar="REQUEST", help="核验请求编号（或前 8 位以上）")
    p.add_argument("answer", help="confirmed（属实）/ denied（不属实）/ unknown（无法确定）")
    p.add_argument("--note", help="答复说明")
    p.add_argument("--by", help="答复人（默认：本机名称）")
    p.set_defaults(handler=_inbox_answer)
