"""A loopback TCP proxy in front of the hub, for the fault tests (a real network's failures).

    with Proxy(hub_port) as proxy:           # proxy.url goes to the device's enrolment
        proxy.drop_responses = True          # the hub answers (it committed), the device
                                             # never hears it: the connection just closes
        proxy.on_request = callback          # called with the request's number (1, 2, …)
        proxy.on_response = callback         # … after that response reached the device

It forwards bytes; it understands HTTP only enough to count requests (a request line starts
with a method) and responses (a status line starts with "HTTP/"). Callbacks run on the
proxy's threads (kill a process there: the point is the moment).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from types import TracebackType

_METHODS = (b"GET ", b"POST ", b"PUT ", b"DELETE ", b"HEAD ")


class Proxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.drop_responses = False
        self.on_request: Callable[[int], None] | None = None
        self.on_response: Callable[[int], None] | None = None
        self.requests = 0
        self.responses = 0
        self.dropped = 0
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._server.getsockname()[1])
        self._closing = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
            except OSError:
                client.close()  # the hub is down: the device sees a refused connection
                continue
            upstream.settimeout(None)
            pair = (client, upstream)
            threading.Thread(target=self._forward, args=(*pair, True), daemon=True).start()
            threading.Thread(
                target=self._forward, args=(upstream, client, False), daemon=True
            ).start()

    def _forward(self, source: socket.socket, target: socket.socket, to_hub: bool) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if to_hub:
                    if data.startswith(_METHODS):
                        with self._lock:
                            self.requests += 1
                            number = self.requests
                        target.sendall(data)
                        if self.on_request is not None:
                            self.on_request(number)
                        continue
                    target.sendall(data)
                    continue
                starts = data.startswith(b"HTTP/")
                if self.drop_responses:
                    with self._lock:
                        self.dropped += int(starts)
                    break  # the hub has answered; the device never gets it
                target.sendall(data)
                if starts:
                    with self._lock:
                        self.responses += 1
                        number = self.responses
                    if self.on_response is not None:
                        self.on_response(number)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def close(self) -> None:
        self._closing = True
        self._server.close()

    def __enter__(self) -> Proxy:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
