"""The write load: an asyncio HTTP/1.1 client that counts every response, in-flight ones included.

wrk stops with requests still in flight; the server finishes and credits them, but wrk never
counts their responses, so "accepted requests × points" could not be compared with the ledger.
This client stops sending at the deadline and waits for every outstanding response.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field


@dataclass
class WriteLoad:
    host: str
    port: int
    path: str
    tokens: list[str]
    slug: str
    tag: str
    statuses: dict[str, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    points: int = 0
    replayed: int = 0  # 201 with Idempotent-Replayed: the keys are unique, so this stays 0
    socket_errors: int = 0
    cache: dict[str, int] = field(default_factory=dict)  # by X-Cache-Status ("none": absent)
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def _request(self) -> bytes:
        n = next(self._counter)
        body = json.dumps({"action": self.slug, "quantity": 1}).encode()
        head = (
            f"POST {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Authorization: Bearer {self.tokens[n % len(self.tokens)]}\r\n"
            f"Idempotency-Key: bench-{self.tag}-{n}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body

    async def _connection(self, deadline: float) -> None:
        reader: asyncio.StreamReader | None = None
        writer: asyncio.StreamWriter | None = None
        while time.monotonic() < deadline:
            try:
                if writer is None or reader is None:
                    reader, writer = await asyncio.open_connection(self.host, self.port)
                started = time.perf_counter()
                writer.write(self._request())
                await writer.drain()
                status, body, close, replayed, cached = await _read_response(reader)
                self.latencies.append(time.perf_counter() - started)
                self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1
                self.cache[cached] = self.cache.get(cached, 0) + 1
                if replayed:
                    self.replayed += 1
                elif status == 201:
                    self.points += _points(body)
                if close:
                    writer.close()
                    writer = None
            except (OSError, asyncio.IncompleteReadError, ValueError):
                self.socket_errors += 1
                if writer is not None:
                    writer.close()
                writer = None
                await asyncio.sleep(0.05)
        if writer is not None:
            writer.close()

    async def run(self, seconds: float, connections: int) -> float:
        started = time.monotonic()
        await asyncio.gather(*(self._connection(started + seconds) for _ in range(connections)))
        return time.monotonic() - started


def _points(body: bytes) -> int:
    """The points the new log earned, as the API reports them (log plus any challenge bonus)."""
    try:
        data = json.loads(body)
    except ValueError:
        return 0
    log = data.get("log", data) if isinstance(data, dict) else {}
    return int(log.get("points", 0)) + int(data.get("challenge_bonus", 0) or 0)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool, bool, str]:
    """(status, body, server closes the connection, an idempotent replay, X-Cache-Status)."""
    status_line = await reader.readuntil(b"\r\n")
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    close = headers.get("connection", "").lower() == "close" or (
        status_line.startswith(b"HTTP/1.0") and "connection" not in headers
    )
    replayed = headers.get("idempotent-replayed", "").lower() == "true"
    cached = headers.get("x-cache-status", "").upper() or "none"
    if "chunked" not in headers.get("transfer-encoding", "").lower():
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        return status, body, close, replayed, cached
    body = b""
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        chunk = await reader.readexactly(size + 2)
        if size == 0:
            return status, body, close, replayed, cached
        body += chunk[:-2]


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
