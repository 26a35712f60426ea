"""Draw Klimadyst's icon (a white leaf on green) as SVG, PNGs and favicon.ico, in pure Python.

python scripts/make_icons.py   # writes static/icons/; the results are committed
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
GREEN = (27, 94, 32)  # --green-700
WHITE = (255, 255, 255)
SAMPLES = 3  # supersampling per axis: smooth edges

# The leaf: a lens between two circles along the diagonal, in a unit square.
TIP_A, TIP_B = (0.27, 0.73), (0.75, 0.25)
HALF_WIDTH = 0.15
CORNER = 0.18  # rounded square's corner radius (the maskable icon is full bleed)

Shade = tuple[int, int, int, int]


def _leaf() -> tuple[tuple[float, float], tuple[float, float], float]:
    half = math.dist(TIP_A, TIP_B) / 2
    radius = (half**2 + HALF_WIDTH**2) / (2 * HALF_WIDTH)
    offset = radius - HALF_WIDTH
    mid = ((TIP_A[0] + TIP_B[0]) / 2, (TIP_A[1] + TIP_B[1]) / 2)
    normal = (math.sqrt(0.5), math.sqrt(0.5))
    c1 = (mid[0] + offset * normal[0], mid[1] + offset * normal[1])
    c2 = (mid[0] - offset * normal[0], mid[1] - offset * normal[1])
    return c1, c2, radius


def _segment_distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    ax, ay = b[0] - a[0], b[1] - a[1]
    t = max(0.0, min(1.0, ((p[0] - a[0]) * ax + (p[1] - a[1]) * ay) / (ax * ax + ay * ay)))
    return math.dist(p, (a[0] + t * ax, a[1] + t * ay))


def _in_rounded_square(x: float, y: float) -> bool:
    dx = max(CORNER - x, 0.0, x - (1 - CORNER))
    dy = max(CORNER - y, 0.0, y - (1 - CORNER))
    return dx * dx + dy * dy <= CORNER * CORNER


def painter(*, maskable: bool) -> Callable[[float, float], Shade]:
    """The colour at a point of the unit square; maskable icons keep the leaf in the safe zone."""
    c1, c2, radius = _leaf()
    scale = 0.72 if maskable else 1.0
    stem_end = (0.17, 0.83)

    def paint(x: float, y: float) -> Shade:
        if not maskable and not _in_rounded_square(x, y):
            return (0, 0, 0, 0)
        p = ((x - 0.5) / scale + 0.5, (y - 0.5) / scale + 0.5)
        in_leaf = math.dist(p, c1) < radius and math.dist(p, c2) < radius
        rib = _segment_distance(p, (0.33, 0.67), (0.68, 0.32)) < 0.014
        stem = _segment_distance(p, TIP_A, stem_end) < 0.022
        if (in_leaf and not rib) or stem:
            return (*WHITE, 255)
        return (*GREEN, 255)

    return paint


def render(size: int, paint: Callable[[float, float], Shade]) -> bytes:
    rows = []
    for row in range(size):
        line = bytearray(b"\x00")
        for col in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    r, g, b, a = paint(
                        (col + (sx + 0.5) / SAMPLES) / size, (row + (sy + 0.5) / SAMPLES) / size
                    )
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            alpha = acc[3]
            pixel = [round(c / alpha) if alpha else 0 for c in acc[:3]]
            line += bytes([*pixel, round(alpha / SAMPLES**2)])
        rows.append(bytes(line))
    return png(size, b"".join(rows))


def png(size: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico(image: bytes, size: int) -> bytes:
    """A .ico holding one PNG image (every current browser reads PNG-in-ICO)."""
    entry = struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(image), 6 + 16)
    return struct.pack("<HHH", 0, 1, 1) + entry + image


def svg() -> str:
    c1, c2, radius = _leaf()
    del c1, c2
    r = radius * 100
    ax, ay = TIP_A[0] * 100, TIP_A[1] * 100
    bx, by = TIP_B[0] * 100, TIP_B[1] * 100
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" rx="{CORNER * 100:g}" fill="#1b5e20"/>'
        f'<path fill="#fff" d="M{ax:g} {ay:g}A{r:.2f} {r:.2f} 0 0 1 {bx:g} {by:g}'
        f'A{r:.2f} {r:.2f} 0 0 1 {ax:g} {ay:g}Z"/>'
        '<path stroke="#1b5e20" stroke-width="2.8" stroke-linecap="round" d="M33 67L68 32"/>'
        f'<path stroke="#fff" stroke-width="4.4" stroke-linecap="round" d="M{ax:g} {ay:g}L17 83"/>'
        "</svg>\n"
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon.svg").write_text(svg())
    plain, maskable = painter(maskable=False), painter(maskable=True)
    for name, size, paint in [
        ("icon-192.png", 192, plain),
        ("icon-512.png", 512, plain),
        ("icon-maskable-512.png", 512, maskable),
        ("apple-touch-icon.png", 180, maskable),
    ]:
        (OUT / name).write_bytes(render(size, paint))
    (OUT / "favicon.ico").write_bytes(ico(render(32, plain), 32))


if __name__ == "__main__":
    main()
