#!/usr/bin/env python3
"""Generate the PWA / favicon PNG icons for Tsunagu (つなぐ).

Standard library only (zlib + struct write the PNGs; no Pillow).

Motif: two interlinked white rings on a green (#1f7a5c) background,
suggesting "connect" (つなぐ). The rings are woven: the right ring passes
over the left one at the top crossing and under it at the bottom crossing,
with a thin background-coloured gap separating them. public/icons/icon.svg
is the hand-written vector version of the same geometry (512 viewBox).

Outputs (relative to the repository root):
    public/icons/icon-192.png        purpose "any": rounded square, transparent corners
    public/icons/icon-512.png
    public/icons/maskable-192.png    purpose "maskable": full bleed, motif in safe zone
    public/icons/maskable-512.png
    public/icons/apple-touch-icon.png  180x180, opaque RGB (iOS rounds it itself)
    public/icons/favicon-32.png      rounded square, slightly bolder strokes

Usage:  python3 scripts/gen_icons.py [output_dir]
"""

from __future__ import annotations

import math
import os
import struct
import sys
import zlib

GREEN = (0x1F, 0x7A, 0x5C)
WHITE = (0xFF, 0xFF, 0xFF)

# Geometry in units of the icon size (0..1). Keep in sync with icon.svg,
# which uses the same numbers multiplied by 512.
RING_OFFSET = 0.11   # horizontal distance of each ring centre from the middle
RING_RADIUS = 0.17   # radius of the ring centre line
RING_WIDTH = 0.065   # stroke width
RING_GAP = 0.022     # gap (background colour) on each side of the top strand
CORNER = 0.225       # corner radius of the rounded square ("any" icons)

SS = 4  # supersampling grid per axis (SS*SS samples per edge pixel)


class Style:
    def __init__(self, rounded: bool, scale: float, width: float = RING_WIDTH,
                 gap: float = RING_GAP):
        self.rounded = rounded   # rounded-square background with transparent corners
        self.scale = scale       # motif scale relative to the base geometry
        self.width = width
        self.gap = gap


def rounded_rect_sdf(x: float, y: float, half: float, radius: float) -> float:
    """Signed distance to a rounded square centred at the origin (negative inside)."""
    qx = abs(x) - (half - radius)
    qy = abs(y) - (half - radius)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    inside = min(max(qx, qy), 0.0)
    return outside + inside - radius


def render(size: int, style: Style) -> list[list[tuple[int, int, int, int]]]:
    """Rasterise the icon; returns rows of straight-alpha RGBA pixels."""
    s = float(size)
    c = s / 2.0
    d = RING_OFFSET * style.scale * s
    r = RING_RADIUS * style.scale * s
    hw = style.width * style.scale * s / 2.0     # half stroke width, pixels
    hg = hw + style.gap * style.scale * s        # half width of stroke + gap
    ax, bx = c - d, c + d                        # ring centres (same y = c)
    corner = CORNER * s

    def sample(x: float, y: float) -> tuple[bool, bool]:
        """Return (background covers point, point is white)."""
        if style.rounded and rounded_rect_sdf(x - c, y - c, c, corner) > 0.0:
            return False, False
        da = abs(math.hypot(x - ax, y - c) - r)
        db = abs(math.hypot(x - bx, y - c) - r)
        in_a, in_b = da <= hw, db <= hw
        if y < c:   # top crossing: ring B on top, gap cut into ring A
            white = in_b or (in_a and db > hg)
        else:       # bottom crossing: ring A on top, gap cut into ring B
            white = in_a or (in_b and da > hg)
        return True, white

    def near_edge(x: float, y: float) -> bool:
        """True if any shape boundary is within ~1px of the pixel centre."""
        lim = 1.0
        if style.rounded and abs(rounded_rect_sdf(x - c, y - c, c, corner)) < lim:
            return True
        da = abs(math.hypot(x - ax, y - c) - r)
        db = abs(math.hypot(x - bx, y - c) - r)
        for dist in (da, db):
            if abs(dist - hw) < lim or abs(dist - hg) < lim:
                return True
        return abs(y - c) < lim  # the top/bottom split line (far from strokes, cheap)

    offsets = [(i + 0.5) / SS for i in range(SS)]
    n = SS * SS
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            cx, cy = px + 0.5, py + 0.5
            if near_edge(cx, cy):
                nbg = nwhite = 0
                for oy in offsets:
                    for ox in offsets:
                        bg, white = sample(px + ox, py + oy)
                        if white:
                            nwhite += 1
                        elif bg:
                            nbg += 1
            else:
                bg, white = sample(cx, cy)
                nwhite = n if white else 0
                nbg = n if (bg and not white) else 0
            cov = nbg + nwhite
            if cov == 0:
                row.append((0, 0, 0, 0))
                continue
            rgb = tuple(
                round((nbg * g + nwhite * w) / cov) for g, w in zip(GREEN, WHITE)
            )
            row.append((*rgb, round(255 * cov / n)))
        rows.append(row)
    return rows


def png_chunk(tag: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + tag + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))


def write_png(path: str, rows, alpha: bool) -> None:
    """Write 8-bit RGBA (colour type 6) or RGB (colour type 2), filter 0 per row."""
    height, width = len(rows), len(rows[0])
    raw = bytearray()
    for row in rows:
        raw.append(0)  # filter type: None
        for (r, g, b, a) in row:
            if alpha:
                raw += bytes((r, g, b, a))
            else:
                # Composite onto the background colour (no transparency allowed).
                raw += bytes(round((v * a + bgv * (255 - a)) / 255)
                             for v, bgv in zip((r, g, b), GREEN))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    data = (b"\x89PNG\r\n\x1a\n"
            + png_chunk(b"IHDR", ihdr)
            + png_chunk(b"IDAT", zlib.compress(bytes(raw), 9))
            + png_chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(data)


def main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "public", "icons")
    out = os.path.normpath(out)
    os.makedirs(out, exist_ok=True)

    any_style = Style(rounded=True, scale=1.0)
    # Maskable: full bleed. The farthest motif point is
    # (offset + radius + width/2) * scale = 0.3125 * 0.85 ≈ 0.266 from the centre,
    # well inside the 0.40 safe-zone circle (central 80%).
    mask_style = Style(rounded=False, scale=0.85)
    # iOS applies its own rounded mask; keep the square opaque, motif as "any".
    apple_style = Style(rounded=False, scale=1.0)
    # Tiny favicon: bigger motif, bolder strokes, wider gap so it stays legible.
    fav_style = Style(rounded=True, scale=1.15, width=0.085, gap=0.03)

    jobs = [
        ("icon-192.png", 192, any_style, True),
        ("icon-512.png", 512, any_style, True),
        ("maskable-192.png", 192, mask_style, True),
        ("maskable-512.png", 512, mask_style, True),
        ("apple-touch-icon.png", 180, apple_style, False),
        ("favicon-32.png", 32, fav_style, True),
    ]
    for name, size, style, alpha in jobs:
        path = os.path.join(out, name)
        write_png(path, render(size, style), alpha)
        print(f"wrote {path} ({size}x{size}, {os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
