"""`wuzheng hub …`: run the county hub and administer its devices.

    wuzheng hub serve [--db URL] [--host H] [--port P] [--workers N] [--tls-cert F --tls-key F]
    wuzheng hub enrol window CODE --name NAME [--db URL]
    wuzheng hub enrol department CODE [--name NAME] [--db URL]
    wuzheng hub enrol supervisor NAME [--db URL]
    wuzheng hub revoke CODE [--db URL]
    wuzheng hub counts [--json] [--db URL]
    wuzheng hub init-keys [--signing-key FILE]       (and the commands of hub_publish_cmd)

``--db`` is a SQLAlchemy URL (``postgresql+psycopg://user@host/db``) or a file path; by default
``hub.sqlite`` in the data directory; ``--signing-key`` the hub's Ed25519 private key file, by
default ``hub-signing.key`` in the data directory (app/hub/keys.py). ``enrol`` prints the
one-time code as the only line on stdout (single use, valid 24 hours). The hub's modules are
imported only when a hub command runs: a window's other commands never load them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli import EXIT_OK, CliContext

_COUNT_LABELS = {
    "requests": "核验请求",
    "answers": "答复",
    "cases": "办件",
    "resolutions": "证明事项处理",
    "pledges": "承诺",
    "changes": "变更记录",
    "devices": "有效设备",
    "windows": "  其中窗口",
    "departments": "  其中部门",
    "supervisors": "  其中监管员",
    "enrolments_pending": "未使用的注册码",
}


def register(sub: Any) -> None:
    hub = sub.add_parser("hub", help="县级中心：运行服务、注册设备")
    hub_sub = hub.add_subparsers(dest="hub_cmd", parser_class=type(hub))

    def with_db(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.add_argument("--db", help="数据库地址或文件（默认：数据目录中的 hub.sqlite）")
        return parser

    def with_key(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.add_argument(
            "--signing-key", help="签名私钥文件（默认：数据目录中的 hub-signing.key）"
        )
        return parser

    serve = with_db(hub_sub.add_parser("serve", help="运行县级中心（HTTP 服务）"))
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    serve.add_argument("--port", type=int, default=8470, help="端口（默认 8470）")
    serve.add_argument("--workers", type=int, default=1, help="工作进程数（默认 1）")
    serve.add_argument("--tls-cert", type=Path, help="TLS 证书文件（PEM）")
    serve.add_argument("--tls-key", type=Path, help="TLS 私钥文件（PEM）")
    serve.add_argument("--log-level", default="info", choices=["debug", "info", "warning"])
    with_key(serve)
    serve.set_defaults(handler=_serve)

    init_keys = with_key(with_db(hub_sub.add_parser("init-keys", help="生成本中心的签名密钥")))
    init_keys.set_defaults(handler=_init_keys)

    enrol = hub_sub.add_parser("enrol", help="生成一次性注册码（24 小时内有效）")
    enrol_sub = enrol.add_subparsers(dest="device_kind", parser_class=type(hub))
    window = with_db(enrol_sub.add_parser("window", help="窗口"))
    window.add_argument("code", help="窗口编码（办件编号的前缀）")
    window.add_argument("--name", required=True, help="窗口名称")
    department = with_db(enrol_sub.add_parser("department", help="部门（核验方）"))
    department.add_argument("code", help="目录中的部门编码")
    department.add_argument("--name", default="", help="名称（可选）")
    supervisor = with_db(enrol_sub.add_parser("supervisor", help="监管员"))
    supervisor.add_argument("code", metavar="NAME", help="监管员名称")
    for parser in (window, department, supervisor):
        parser.set_defaults(handler=_enrol)

    revoke = with_key(
        with_db(hub_sub.add_parser("revoke", help="吊销一个窗口、部门或监管员的全部设备"))
    )
    revoke.add_argument("code", help="窗口编码、部门编码或监管员名称")
    revoke.set_defaults(handler=_revoke)

    counts = with_db(hub_sub.add_parser("counts", help="中心保存的各类记录数"))
    counts.add_argument("--json", action="store_true", help="以 JSON 输出")
    counts.set_defaults(handler=_counts)

    from app.cli import hub_publish_cmd

    hub_publish_cmd.register(hub_sub, with_db, with_key)


def _url(args: argparse.Namespace, ctx: CliContext) -> str:
    from app.hub.store import database_url

    return database_url(args.db, ctx.directory)


def open_store(args: argparse.Namespace, ctx: CliContext) -> Any:
    return _open(args, ctx)


def _open(args: argparse.Namespace, ctx: CliContext) -> Any:
    from app.hub.store import HubStore

    return HubStore.open(_url(args, ctx))


def key_file(args: argparse.Namespace, ctx: CliContext) -> Path:
    from app.hub.keys import key_path

    return key_path(getattr(args, "signing_key", None), ctx.directory)


def _init_keys(args: argparse.Namespace, ctx: CliContext) -> int:
    import sys

    from app.hub.keys import init_keys

    store = _open(args, ctx)
    try:
        path = key_file(args, ctx)
        key, created = init_keys(store, path)
    finally:
        store.dispose()
    state = "已生成" if created else "已存在"
    print(f"签名密钥{state}：{path}（key id {key.key_id}）", file=sys.stderr)
    ctx.print(key.public_key)
    return EXIT_OK


def _serve(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.errors import UserError
    from app.hub.server import serve

    if not 0 < args.port < 65536:
        raise UserError(f"端口 {args.port} 无效（1–65535）。")
    if not 1 <= args.workers <= 64:
        raise UserError(f"工作进程数 {args.workers} 无效（1–64）。")
    serve(
        _url(args, ctx),
        host=args.host,
        port=args.port,
        workers=args.workers,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        log_level=args.log_level,
        signing_key=key_file(args, ctx),
    )
    return EXIT_OK


def _enrol(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.hub.admin import new_enrolment
    from app.sync.wire import DeviceKind

    store = _open(args, ctx)
    try:
        code = new_enrolment(
            store, DeviceKind(args.device_kind), args.code, getattr(args, "name", "") or ""
        )
    finally:
        store.dispose()
    ctx.print(code)
    return EXIT_OK


def _revoke(args: argparse.Namespace, ctx: CliContext) -> int:
    import sys

    from app.hub.admin import revoke
    from app.hub.keys import HubKeyError, load_key

    store = _open(args, ctx)
    try:
        try:
            signer = load_key(store, key_file(args, ctx))
        except HubKeyError:
            signer = None  # needed only when a revoked device has a key: revoke() says so
        devices, codes = revoke(store, args.code, signer)
    finally:
        store.dispose()
    print(f"已吊销“{args.code}”：设备 {devices} 台，注册码 {codes} 个。", file=sys.stderr)
    return EXIT_OK


def _counts(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.hub.admin import counts

    store = _open(args, ctx)
    try:
        figures = counts(store)
    finally:
        store.dispose()
    if args.json:
        ctx.print_json(figures)
    else:
        for key, label in _COUNT_LABELS.items():
            ctx.print(f"{label}\t{figures[key]}")
    return EXIT_OK
