"""A tiny SMTP server on 127.0.0.1 for tests: records messages, can be told to refuse DATA."""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Handler(socketserver.StreamRequestHandler):
    server: StubSmtpServer

    def _reply(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")

    def handle(self) -> None:
        self._reply("220 stub ESMTP ready")
        in_data, lines = False, []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            if in_data:
                if line.rstrip(b"\r\n") == b".":
                    in_data = False
                    if self.server.refuse_data:
                        self._reply("554 5.0.0 Transaction failed")
                    else:
                        self.server.messages.append(b"".join(lines))
                        self._reply("250 2.0.0 queued")
                    lines = []
                else:
                    lines.append(line[1:] if line.startswith(b"..") else line)
                continue
            command = line.strip().split(b" ")[0].upper()
            if command == b"EHLO":
                self.wfile.write(b"250-stub\r\n250 8BITMIME\r\n")
            elif command in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                self._reply("250 OK")
            elif command == b"DATA":
                in_data = True
                self._reply("354 go ahead")
            elif command == b"QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("502 not implemented")


class StubSmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.messages: list[bytes] = []
        self.refuse_data = False

    @property
    def port(self) -> int:
        return int(self.server_address[1])


@contextmanager
def smtp_stub() -> Iterator[StubSmtpServer]:
    server = StubSmtpServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def closed_port() -> int:
    """A loopback port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
