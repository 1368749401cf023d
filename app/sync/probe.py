"""A quick reachability check of the hub (a TCP connect), for the window's status bar."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit


class HubState(StrEnum):
    NOT_CONFIGURED = "not_configured"
    REACHABLE = "reachable"
    UNREACHABLE = "unreachable"
    INVALID = "invalid"


@dataclass(frozen=True)
class HubStatus:
    state: HubState
    address: str = ""
    detail: str = ""


def parse_hub_address(address: str) -> tuple[str, int] | None:
    """(host, port) of ``http://host:port``, ``https://host`` or ``host:port``; None if invalid."""
    address = address.strip()
    if not address or " " in address:
        return None
    text = address if "://" in address else f"http://{address}"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def probe_hub(address: str, timeout: float = 2.0) -> HubStatus:
    """Whether a TCP connection to the hub can be opened within ``timeout`` seconds."""
    if not address.strip():
        return HubStatus(HubState.NOT_CONFIGURED)
    target = parse_hub_address(address)
    if target is None:
        return HubStatus(HubState.INVALID, address, "地址格式不正确")
    try:
        with socket.create_connection(target, timeout=timeout):
            return HubStatus(HubState.REACHABLE, address)
    except OSError as exc:
        return HubStatus(HubState.UNREACHABLE, address, exc.strerror or type(exc).__name__)
