"""`wuzheng case …` and `wuzheng credit …`: the window's case work from the command line.

    wuzheng case new --matter CODE|--bundle CODE --name NAME --id ID|--uscc CODE [--phone P]
                     [--clerk NAME] [--window CODE] [--json]
    wuzheng case resolve CASE ITEM MEASURE [--note TEXT] [--document TEXT] [--submitted yes|no]
    wuzheng case answer REQUEST_ID confirmed|denied|undetermined [--note TEXT] [--by NAME]
    wuzheng case show CASE [--json]
    wuzheng case list [--open] [--json]
    wuzheng case finish CASE
    wuzheng case cancel CASE --reason TEXT [--clerk NAME]
    wuzheng credit check ID
    wuzheng credit add --id ID|--uscc CODE --name NAME --reason TEXT [--from DATE] [--until DATE]

Every refusal is a :class:`UserError` (exit code 2, nothing changed). `case new` prints only the
new case's id on stdout (for scripts) unless ``--json`` is given.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from typing import Any

from app.cases import (
    ANSWER_LABELS,
    REQUEST_STATUS_LABELS,
    CaseService,
    CaseView,
    add_credit_record,
    credit_check,
    to_dict,
    validate_applicant,
)
from app.catalog.views import APPLICANT_LABELS, MEASURE_LABELS
from app.cli import EXIT_OK, CliContext
from app.domain import Answer, ApplicantKind, Measure, RequestStatus
from app.errors import UserError

_MEASURE_ALIASES: dict[str, Measure] = {
    **{m.value: m for m in Measure},
    **{label: m for m, label in MEASURE_LABELS.items()},
    "取消": Measure.CANCEL,
    "共享": Measure.SHARE,
    "数据共享": Measure.SHARE,
    "数据查询/共享": Measure.SHARE,
    "核验": Measure.VERIFY,
    "承诺": Measure.PLEDGE,
    "暂时无法实现": Measure.RETAINED,
}

_YES = {"yes", "y", "true", "1", "是", "已提交"}
_NO = {"no", "n", "false", "0", "否", "未提交"}


def parse_measure(text: str) -> Measure:
    """A measure from its English value or its Chinese label."""
    measure = _MEASURE_ALIASES.get(text.strip().lower()) or _MEASURE_ALIASES.get(text.strip())
    if measure is None:
        known = "、".join(f"{m.value}/{MEASURE_LABELS[m]}" for m in Measure)
        raise UserError(f"未知的办理方式“{text}”。可用的方式：{known}。")
    return measure


def parse_yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise UserError(f"“{text}”无法识别：--submitted 请填写 yes（已提交）或 no（未提交）。")


def parse_date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{what}“{text}”格式不正确，请按 2026-12-31 的格式填写。") from None


def _local(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return f"{moment.replace(tzinfo=UTC).astimezone():%Y-%m-%d %H:%M}"


def _service(args: argparse.Namespace, ctx: CliContext) -> CaseService:
    """On behalf of the clerk: ``--clerk``, ``$WUZHENG_CLERK``, ``wuzheng config set clerk``, or
    the OS account (so that reading a case always records who read it)."""
    return CaseService(ctx.db, clerk=ctx.clerk(args), window_code=ctx.window_code(args))


# --------------------------------------------------------------------------- case


def _new(args: argparse.Namespace, ctx: CliContext) -> int:
    if bool(args.id) == bool(args.uscc):
        raise UserError(
            "请用 --id 填写身份证号码（个人）或用 --uscc 填写统一社会信用代码（企业），二者选其一。"
        )
    if bool(args.matter) == bool(args.bundle):
        raise UserError("请用 --matter 选择一个事项或用 --bundle 选择一个“一件事”，二者选其一。")
    kind = ApplicantKind.PERSON if args.id else ApplicantKind.ENTERPRISE
    applicant = validate_applicant(kind, args.name, args.id or args.uscc, args.phone or "")
    view = _service(args, ctx).new_case(applicant, matter_code=args.matter, bundle_code=args.bundle)
    if args.json:
        ctx.print_json(_case_json(view))
    else:
        ctx.print(view.id)
    return EXIT_OK


def _resolve(args: argparse.Namespace, ctx: CliContext) -> int:
    measure = parse_measure(args.measure)
    submitted = parse_yes_no(args.submitted) if args.submitted is not None else None
    view = _service(args, ctx).resolve(
        args.case,
        args.item,
        measure,
        note=args.note or "",
        substitute_document=args.document or "",
        submitted=submitted,
    )
    res = view.resolution(args.item.strip())
    ctx.print(f"已处理：“{res.item_name}” — {res.measure_label}：{res.state_text}")
    if res.request_id:
        ctx.print(f"核验请求：{res.request_id}（{res.request_provider}）")
    if res.pledge_id:
        ctx.print(f"承诺书：{res.pledge_id}")
    ctx.print("可以办结。" if view.can_finish else f"尚缺 {len(view.missing)} 项，暂不能办结。")
    return EXIT_OK


def _answer(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        answer = Answer(args.answer.strip().lower())
    except ValueError:
        raise UserError(
            f"未知的核验结论“{args.answer}”，应为 confirmed（属实）、denied（不属实）"
            "或 undetermined（无法确定）。"
        ) from None
    view = _service(args, ctx).answer_request(
        args.request, answer, note=args.note or "", answered_by=args.by or ""
    )
    ctx.print(f"已记录答复：{ANSWER_LABELS[answer]}（办件 {view.number}）")
    return EXIT_OK


def _show(args: argparse.Namespace, ctx: CliContext) -> int:
    view = _service(args, ctx).get(args.case, audit_access=True)
    if args.json:
        ctx.print_json(_case_json(view))
        return EXIT_OK
    for line in format_case(view):
        ctx.print(line)
    return EXIT_OK


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.limit is not None and args.limit < 1:
        raise UserError("--limit 应为正整数。")
    cases = _service(args, ctx).list_cases(open_only=args.open, limit=args.limit)
    if args.json:
        ctx.print_json([to_dict(c) | {"status_label": c.status_label} for c in cases])
        return EXIT_OK
    if not cases:
        ctx.print("没有办理中的办件。" if args.open else "还没有办件。")
        return EXIT_OK
    for c in cases:
        late = "  【已超期】" if c.overdue else ""
        waiting = f"  {c.waiting_for}" if c.waiting_for else ""
        ctx.print(
            f"{c.number}  {c.status_label}  {c.applicant_name} {c.applicant_id_masked}  "
            f"{c.subject}{waiting}{late}"
        )
    ctx.print(f"共 {len(cases)} 件。")
    return EXIT_OK


def _finish(args: argparse.Namespace, ctx: CliContext) -> int:
    view = _service(args, ctx).finish(args.case)
    ctx.print(f"办件 {view.number} 已办结（{_local(view.finished_at)}）。")
    return EXIT_OK


def _cancel(args: argparse.Namespace, ctx: CliContext) -> int:
    view = _service(args, ctx).cancel(args.case, args.reason)
    ctx.print(
        f"办件 {view.number} 已撤销（{_local(view.cancelled_at)}），原因：{view.cancel_reason}"
    )
    withdrawn = sum(1 for r in view.resolutions if r.request_status == RequestStatus.WITHDRAWN)
    dropped = sum(1 for r in view.resolutions if r.measure == Measure.PLEDGE and not r.pledge_id)
    if withdrawn:
        ctx.print(f"已撤回 {withdrawn} 项核验请求。")
    if dropped:
        ctx.print(f"已作废 {dropped} 份未抽查的承诺书。")
    return EXIT_OK


def _case_json(view: CaseView) -> dict[str, Any]:
    data: dict[str, Any] = to_dict(view)
    data["status_label"] = view.status_label
    data["subject"] = view.subject
    return data


def format_case(view: CaseView) -> list[str]:
    """A readable Chinese layout of a case (masked ID)."""
    kind = APPLICANT_LABELS[view.applicant_kind]
    id_label = "身份证号码" if view.applicant_kind == ApplicantKind.PERSON else "统一社会信用代码"
    subject = (
        f"一件事：{view.bundle_name}（{view.bundle_code}）"
        if view.bundle_code
        else f"事项：{view.matter_name}（{view.matter_code}）"
    )
    lines = [
        f"办件 {view.number}（{view.status_label}）",
        f"编号：{view.id}",
        f"申请人：{view.applicant_name}（{kind}）  {id_label}：{view.applicant_id_masked}"
        + (f"  电话：{view.phone}" if view.phone else ""),
        subject,
        f"受理：{view.clerk or '—'}  窗口：{view.window_code or '—'}  "
        f"时间：{_local(view.created_at)}",
    ]
    if view.finished_at:
        lines.append(f"办结时间：{_local(view.finished_at)}")
    if view.cancelled_at:
        lines.append(f"撤销时间：{_local(view.cancelled_at)}  原因：{view.cancel_reason}")
    lines.append(f"证明事项（{len(view.resolutions)} 项）：")
    for n, res in enumerate(view.resolutions, start=1):
        state = f"{res.measure_label}：{res.state_text}" if res.measure else "未处理"
        lines.append(f"  {n}. [{res.item_code}] {res.item_name} — {state}")
        if res.request_id:
            status = REQUEST_STATUS_LABELS[res.request_status] if res.request_status else ""
            deadline = f"，期限 {res.request_deadline}" if res.request_deadline else ""
            lines.append(
                f"     核验请求 {res.request_id}（{res.request_provider}，{status}{deadline}）"
            )
            if res.request_answer_note:
                lines.append(f"     答复说明：{res.request_answer_note}")
        if res.pledge_id:
            lines.append(f"     承诺书 {res.pledge_id}：{res.pledge_text}")
        if res.note and res.measure != Measure.OTHER:
            lines.append(f"     备注：{res.note}")
        if res.measure is None:
            lines.append("     可用方式：" + "、".join(MEASURE_LABELS[m] for m in res.allowed))
    if view.missing:
        lines.append("尚不能办结：")
        lines.extend(f"  - {reason}" for reason in view.missing)
    elif view.can_finish:
        lines.append("所有证明事项均已处理，可以办结。")
    return lines


# --------------------------------------------------------------------------- credit


def _credit_check(args: argparse.Namespace, ctx: CliContext) -> int:
    records = credit_check(ctx.db, args.id_no, actor=ctx.clerk(args))
    if not records:
        ctx.print("未在失信名单中，可以使用告知承诺。")
        return EXIT_OK
    ctx.print(f"在失信名单中（{len(records)} 条有效记录），不能使用告知承诺，请改用部门核验：")
    for r in records:
        until = str(r.valid_until) if r.valid_until else "长期"
        ctx.print(
            f"  {r.subject_name} {r.subject_id_masked}：{r.reason}（{r.valid_from} 至 {until}）"
        )
    return EXIT_OK


def _credit_add(args: argparse.Namespace, ctx: CliContext) -> int:
    if bool(args.id) == bool(args.uscc):
        raise UserError("请用 --id 填写身份证号码或用 --uscc 填写统一社会信用代码，二者选其一。")
    kind = ApplicantKind.PERSON if args.id else ApplicantKind.ENTERPRISE
    record = add_credit_record(
        ctx.db,
        id_no=args.id or args.uscc,
        name=args.name,
        reason=args.reason,
        kind=kind,
        valid_from=parse_date(args.valid_from, "开始日期") if args.valid_from else None,
        valid_until=parse_date(args.until, "截止日期") if args.until else None,
        actor=ctx.clerk(args),
    )
    ctx.print(
        f"已列入失信名单：{record.subject_name} {record.subject_id_masked}（记录 {record.id}）"
    )
    return EXIT_OK


# --------------------------------------------------------------------------- parsers


def register(sub: Any) -> None:
    """Add the `case` and `credit` areas."""
    parser = sub.add_parser("case", help="办件：受理、处理证明事项、核验答复、办结、撤销")
    parser.set_defaults(handler=None)
    cases = parser.add_subparsers(dest="case_command", parser_class=type(parser))

    p = cases.add_parser("new", help="受理新办件（只输出办件编号）")
    p.add_argument("--matter", help="事项编码")
    p.add_argument("--bundle", help="“一件事”编码")
    p.add_argument("--name", required=True, help="申请人姓名或企业名称")
    p.add_argument("--id", help="身份证号码（个人）")
    p.add_argument("--uscc", help="统一社会信用代码（企业）")
    p.add_argument("--phone", help="联系电话")
    p.add_argument("--clerk", default="", help="受理人")
    p.add_argument("--window", default="", help="窗口编码")
    p.add_argument("--json", action="store_true", help="以 JSON 输出整个办件")
    p.set_defaults(handler=_new)

    p = cases.add_parser("resolve", help="为一个证明事项选择办理方式")
    p.add_argument("case", help="办件编号（id、id 前 8 位以上或办件号）")
    p.add_argument("item", help="证明事项编码")
    p.add_argument("measure", help="办理方式：cancel/直接取消、share/数据查询、verify/部门核验 …")
    p.add_argument("--note", help="说明（“其他”方式必填）")
    p.add_argument("--document", help="所查验的替代材料名称")
    p.add_argument("--submitted", help="保留方式：申请人是否已提交（yes/no）")
    p.add_argument("--clerk", default="", help="经办人")
    p.set_defaults(handler=_resolve)

    p = cases.add_parser("answer", help="记录核验请求的答复（部门或测试用）")
    p.add_argument("request", help="核验请求编号")
    p.add_argument("answer", help="confirmed（属实）/ denied（不属实）/ undetermined（无法确定）")
    p.add_argument("--note", help="答复说明")
    p.add_argument("--by", help="答复人")
    p.set_defaults(handler=_answer)

    p = cases.add_parser("show", help="查看办件（记录查看人）")
    p.add_argument("case", help="办件编号")
    p.add_argument(
        "--clerk", default="", help="查看人（默认：wuzheng config set clerk 设置的经办人）"
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_show)

    p = cases.add_parser("list", help="列出办件")
    p.add_argument("--open", action="store_true", help="只列办理中的办件")
    p.add_argument("--limit", type=int, metavar="N", help="只列最近的 N 件")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=_list)

    p = cases.add_parser("finish", help="办结")
    p.add_argument("case", help="办件编号")
    p.add_argument("--clerk", default="", help="经办人")
    p.set_defaults(handler=_finish)

    p = cases.add_parser("cancel", help="撤销办件（申请人放弃、选错事项等）")
    p.add_argument("case", help="办件编号")
    p.add_argument("--reason", required=True, help="撤销原因")
    p.add_argument("--clerk", default="", help="经办人")
    p.set_defaults(handler=_cancel)

    parser = sub.add_parser("credit", help="失信名单：查询、登记")
    parser.set_defaults(handler=None)
    credit = parser.add_subparsers(dest="credit_command", parser_class=type(parser))

    p = credit.add_parser("check", help="查询是否在失信名单中")
    p.add_argument("id_no", metavar="ID", help="身份证号码或统一社会信用代码")
    p.add_argument("--clerk", default="", help="查询人")
    p.set_defaults(handler=_credit_check)

    p = credit.add_parser("add", help="登记失信记录（监管员）")
    p.add_argument("--id", help="身份证号码")
    p.add_argument("--uscc", help="统一社会信用代码")
    p.add_argument("--name", required=True, help="姓名或企业名称")
    p.add_argument("--reason", required=True, help="原因")
    p.add_argument("--from", dest="valid_from", help="开始日期（默认今天）")
    p.add_argument("--until", help="截止日期（不填为长期）")
    p.add_argument("--clerk", default="", help="登记人")
    p.set_defaults(handler=_credit_add)
