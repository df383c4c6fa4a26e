"""The report in a real browser: headless Chromium draws it (not blank, the charts in
colour) and prints it to PDF (the names and the charts' titles in the text, one part
a page). Skipped, saying why, when Chromium or poppler's pdftotext is not installed
(.ci/run installs them)."""

from __future__ import annotations

import datetime as dt
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from helpers import mentorlog_in

from mentorlog import demo
from mentorlog.render.charts import FOLLOW_TITLE, MEETINGS_TITLE, STATE_COLOURS

TODAY = dt.date(2027, 3, 1)
BROWSER = next((b for b in ("chromium", "chromium-browser") if shutil.which(b)), None)
FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)

pytestmark = [
    pytest.mark.skipif(
        BROWSER is None, reason="Chromium is not installed (apt-get install chromium)"
    ),
    pytest.mark.skipif(
        shutil.which("pdftotext") is None,
        reason="pdftotext is not installed (apt-get install poppler-utils)",
    ),
]


def browser(tmp: Path, *args: str) -> None:
    assert BROWSER is not None
    profile = tmp / "profile"
    subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={profile}", *args],
        check=True,
        capture_output=True,
        timeout=60,
    )


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB bytes) of an 8-bit RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind_of_filter = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        if kind_of_filter == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind_of_filter == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev, strict=True))
        elif kind_of_filter == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind_of_filter == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 0xFF
        prev = line
        rows.append(bytes(line) if bpp == 3 else bytes(v for i, v in enumerate(line) if i % 4 != 3))
    return width, height, rows


def near(pixel: tuple[int, int, int], colour: str, slack: int = 40) -> bool:
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= slack for a, b in zip(pixel, target, strict=True))


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser") / "demo"
    root.mkdir()
    demo.build(root, TODAY)
    result = mentorlog_in(root, "report", today=TODAY)
    assert result.exit_code == 0, result.output
    return root / "report.html"


def test_screenshot_is_not_blank_and_shows_the_charts(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    browser(tmp_path, "--window-size=900,900", f"--screenshot={shot}", page.as_uri())
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (900, 900)
    pixels = [tuple(row[i : i + 3]) for row in rows[::2] for i in range(0, len(row), 6)]
    ink = sum(1 for px in pixels if min(px) < 200)
    assert ink > 0.02 * len(pixels), f"only {ink} of {len(pixels)} sampled pixels are not white"
    # the meetings chart is drawn: its held (green) and cancelled (red) dots are there
    assert any(near(px, STATE_COLOURS["held"]) for px in pixels)  # type: ignore[arg-type]
    assert any(near(px, STATE_COLOURS["cancelled"]) for px in pixels)  # type: ignore[arg-type]


def test_print_to_pdf_keeps_names_and_charts_one_part_a_page(page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    browser(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf.read_bytes()[:5] == b"%PDF-"

    def text(*pages: str) -> str:
        out = subprocess.run(
            ["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        return " ".join(out.split())

    whole = text()
    for expected in ("Ana Ruiz", "Sam Lee", "91 of 180", MEETINGS_TITLE, FOLLOW_TITLE):
        assert expected in whole, expected
    # the print stylesheet starts each part on a page of its own
    pages = [text("-f", str(n), "-l", str(n)) for n in (1, 2, 3, 4)]
    assert pages[0].startswith("MENTORING PARTNERSHIP REPORT"), pages[0][:80]
    assert pages[1].startswith("Follow-through The items written in meetings"), pages[1][:80]
    assert FOLLOW_TITLE in pages[1]
    assert pages[2].startswith("Goals goal status target"), pages[2][:80]
    assert pages[3].startswith("Reviews No review compiled yet"), pages[3][:80]
