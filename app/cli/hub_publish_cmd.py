"""`wuzheng hub …` commands of issue 11: data sources, and what the hub publishes, signed.

    wuzheng hub load-dataset DEPT FILE.csv|FILE.xlsx --item ITEM [--key-column C]
                [--name-column C] [--result-column C] [--fact TEXT] [--replace]
    wuzheng hub datasets [--json]
    wuzheng hub publish-catalog FILE.json | REGISTER.xlsx|.csv … [--label TEXT] [--note TEXT]
    wuzheng hub credit add SUBJECT_ID --reason TEXT [--name NAME] [--from DATE] [--until DATE]
                [--pledge ID]
    wuzheng hub credit end RECORD --reason TEXT
    wuzheng hub credit list [--all] [--json]
    wuzheng hub publish-calendar FILE.toml|FILE.json
    wuzheng hub set-freshness --warn-days N --mark-days M

Every command takes ``--db`` (and the publishing ones ``--signing-key``) like the other hub
commands. A refusal is one message on stderr with exit code 2, and nothing is changed or
published. Results go to stdout (a record id, a version number); explanations to stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from app.cli import EXIT_OK, CliContext

Wrap = Callable[[argparse.ArgumentParser], argparse.ArgumentParser]
ACTOR = "operator"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD") from None


def register(hub_sub: Any, with_db: Wrap, with_key: Wrap) -> None:
    load = with_db(hub_sub.add_parser("load-dataset", help="导入部门数据表（数据查询的数据源）"))
    load.add_argument("department", metavar="DEPT", help="维护这张表的部门编码")
    load.add_argument("file", type=Path, metavar="FILE", help=".csv 或 .xlsx 文件")
    load.add_argument("--item", required=True, help="这张表答复的证明事项编码")
    load.add_argument("--key-column", help="证件号码列的列名（默认自动识别）")
    load.add_argument("--name-column", help="姓名列的列名（默认自动识别，可省略）")
    load.add_argument("--result-column", help="结果列的列名（默认自动识别，可省略）")
    load.add_argument("--fact", default="", help="这张表证明的事实，例如 婚姻登记信息")
    load.add_argument("--replace", action="store_true", help="整体替换原有数据（默认：新增或更新）")
    load.set_defaults(handler=_load_dataset)

    datasets = with_db(hub_sub.add_parser("datasets", help="数据源能答复的证明事项"))
    datasets.add_argument("--json", action="store_true", help="以 JSON 输出")
    datasets.set_defaults(handler=_datasets)

    catalog = with_key(with_db(hub_sub.add_parser("publish-catalog", help="发布目录新版本")))
    catalog.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=".json 或登记表")
    catalog.add_argument("--label", default="", help="版本名称（默认：文件中的版本名称）")
    catalog.add_argument("--note", default="", help="发布说明")
    catalog.set_defaults(handler=_publish_catalog)

    credit = hub_sub.add_parser("credit", help="失信名单：登记、结束、查看")
    credit_sub = credit.add_subparsers(dest="credit_cmd", parser_class=type(credit))
    add = with_key(with_db(credit_sub.add_parser("add", help="登记一条失信记录")))
    add.add_argument("subject", metavar="SUBJECT_ID", help="身份证号码或统一社会信用代码")
    add.add_argument("--reason", required=True, help="原因")
    add.add_argument("--name", default="", help="姓名或名称")
    add.add_argument("--from", dest="valid_from", type=_date, help="起始日期（默认今天）")
    add.add_argument("--until", type=_date, help="截止日期（默认长期）")
    add.add_argument("--pledge", help="虚假承诺的承诺编号")
    add.set_defaults(handler=_credit_add)
    end = with_key(with_db(credit_sub.add_parser("end", help="结束一条失信记录（保留历史）")))
    end.add_argument("record", metavar="RECORD", help="记录编号（至少前 8 位）")
    end.add_argument("--reason", required=True, help="原因")
    end.set_defaults(handler=_credit_end)
    listing = with_db(credit_sub.add_parser("list", help="查看失信名单"))
    listing.add_argument("--all", action="store_true", help="包括已结束的记录")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(handler=_credit_list)

    calendar = with_key(with_db(hub_sub.add_parser("publish-calendar", help="发布工作日历")))
    calendar.add_argument("file", type=Path, metavar="FILE", help=".toml 或 .json 文件")
    calendar.set_defaults(handler=_publish_calendar)

    fresh = with_key(with_db(hub_sub.add_parser("set-freshness", help="设置数据时效提醒")))
    fresh.add_argument("--warn-days", type=int, required=True, help="多少天未同步即提醒")
    fresh.add_argument("--mark-days", type=int, required=True, help="多少天未同步即在指南上标注")
    fresh.set_defaults(handler=_set_freshness)


def _store(args: argparse.Namespace, ctx: CliContext) -> Any:
    from app.cli.hub_cmd import open_store

    return open_store(args, ctx)


def _with_key(args: argparse.Namespace, ctx: CliContext, work: Callable[[Any, Any], int]) -> int:
    from app.cli.hub_cmd import key_file
    from app.hub.keys import load_key

    store = _store(args, ctx)
    try:
        return work(store, load_key(store, key_file(args, ctx)))
    finally:
        store.dispose()


def _load_dataset(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.hub.datasources.loader import load_dataset

    store = _store(args, ctx)
    try:
        report = load_dataset(
            store, args.department, args.file, args.item,
            key_column=args.key_column, name_column=args.name_column,
            result_column=args.result_column, fact=args.fact, replace=args.replace, actor=ACTOR,
        )  # fmt: skip
    finally:
        store.dispose()
    print(report.summary(), file=sys.stderr)
    ctx.print(str(report.version))
    return EXIT_OK


def _datasets(args: argparse.Namespace, ctx: CliContext) -> int:
    from dataclasses import asdict

    from app.hub.datasources import coverage

    store = _store(args, ctx)
    try:
        with store.read() as session:
            rows = coverage(session)
    finally:
        store.dispose()
    if args.json:
        ctx.print_json([asdict(c) for c in rows])
        return EXIT_OK
    for c in rows:
        ctx.print(
            f"{c.item_code}\t{c.source}\t{c.department}\t第{c.version}版\t{c.rows}行\t{'、'.join(c.facts)}"
        )
    return EXIT_OK


def _publish_catalog(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.hub.catalogs import publish_catalog

    def work(store: Any, key: Any) -> int:
        done = publish_catalog(
            store, key, args.paths, label=args.label, note=args.note, actor=ACTOR
        )
        counts = done.counts
        what = (
            f"部门 {counts['departments']} 个，证明事项 {counts['certificate_items']} 项，"
            f"事项 {counts['matters']} 项，一件事 {counts['bundles']} 项"
        )
        if done.created:
            print(f"已发布目录第 {done.version} 版“{done.label}”：{what}。", file=sys.stderr)
        else:
            print(f"目录与第 {done.version} 版相同，没有发布新版本。", file=sys.stderr)
        ctx.print(str(done.version))
        return EXIT_OK

    return _with_key(args, ctx, work)


def _credit_add(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.hub.credit import add_credit

    def work(store: Any, key: Any) -> int:
        view = add_credit(
            store, key, args.subject, reason=args.reason, name=args.name,
            valid_from=args.valid_from, valid_until=args.until, source_pledge_id=args.pledge,
            actor=ACTOR,
        )  # fmt: skip
        until = f"至 {view.valid_until}" if view.valid_until else "长期"
        print(
            f"已登记失信记录：{view.subject_id_masked}，{view.valid_from} 起{until}。",
            file=sys.stderr,
        )
        ctx.print(view.id)
        return EXIT_OK

    return _with_key(args, ctx, work)


def _credit_end(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.hub.credit import end_credit

    def work(store: Any, key: Any) -> int:
        view = end_credit(store, key, args.record, reason=args.reason, actor=ACTOR)
        print(f"已结束失信记录 {view.id}（{view.subject_id_masked}）。", file=sys.stderr)
        ctx.print(view.id)
        return EXIT_OK

    return _with_key(args, ctx, work)


def _credit_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from dataclasses import asdict

    from app.hub.credit import list_credit

    store = _store(args, ctx)
    try:
        views = list_credit(store, include_ended=args.all)
    finally:
        store.dispose()
    if args.json:
        ctx.print_json([{**asdict(v), "active": v.active} for v in views])
        return EXIT_OK
    for v in views:
        state = "有效" if v.active else "已结束" if v.ended_at else "已过期"
        until = v.valid_until or "长期"
        ctx.print(
            f"{v.id}\t{v.subject_id_masked}\t{v.subject_name}\t{v.valid_from}—{until}\t{state}\t{v.reason}"
        )
    return EXIT_OK


def _publish_calendar(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.hub.calendars import publish_calendar

    def work(store: Any, key: Any) -> int:
        year, published = publish_calendar(store, key, args.file, actor=ACTOR)
        if published:
            print(
                f"已发布 {year.year} 年工作日历：假期 {len(year.holidays)} 个，"
                f"调休上班日 {len(year.makeup_workdays)} 天。",
                file=sys.stderr,
            )
        else:
            print(f"{year.year} 年工作日历与已发布的相同，没有重新发布。", file=sys.stderr)
        ctx.print(str(year.year))
        return EXIT_OK

    return _with_key(args, ctx, work)


def _set_freshness(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.hub.calendars import set_freshness

    def work(store: Any, key: Any) -> int:
        changed = set_freshness(store, key, args.warn_days, args.mark_days, actor=ACTOR)
        state = "已发布" if changed else "与已发布的相同，未重新发布"
        print(
            f"数据时效：{args.warn_days} 天未同步提醒，"
            f"{args.mark_days} 天未同步标注指南（{state}）。",
            file=sys.stderr,
        )
        return EXIT_OK

    return _with_key(args, ctx, work)
