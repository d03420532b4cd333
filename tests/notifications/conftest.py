"""A real webhook receiver on loopback (http.server in a thread) that keeps what it got."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    got: list[Received] = field(default_factory=list)
    # The status of each next answer (popped); 204 once they are used up.
    answers: list[int] = field(default_factory=list)
    location: str = ""


@pytest.fixture
def receiver():
    box = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            size = int(self.headers.get("content-length") or 0)
            box.got.append(
                Received(self.path, {k.lower(): v for k, v in self.headers.items()},
                         self.rfile.read(size))
            )  # fmt: skip
            status = box.answers.pop(0) if box.answers else 204
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", box.location or "http://127.0.0.1:1/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    box.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/servicegap"
    try:
        yield box
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def allow_private(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
