"""The archive reader shared by replay and QA: Scrapy-free, and gunzipping exactly as the live crawl does."""

from __future__ import annotations

import gzip
import pkgutil
import subprocess
import sys

import pytest
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip as scrapy_gunzip

import iomcrawl.qa
import iomcrawl.warc
from iomcrawl.warc.gunzip import CHUNK_SIZE, GunzipTooLarge, gunzip

PAGE = b"<html><body>" + b"press release text " * 9000 + b"</body></html>"  # several 64 KiB chunks
WHOLE = gzip.compress(PAGE, mtime=0)
BAD_CRC = WHOLE[:-8] + bytes([WHOLE[-8] ^ 0xFF]) + WHOLE[-7:]

GZIP_INPUTS = {
    "whole": WHOLE,
    "two members": WHOLE + gzip.compress(b"<p>more</p>", mtime=0),
    "cut in the trailer": WHOLE[:-4],
    "cut mid-stream": WHOLE[: len(WHOLE) // 2],
    "cut in the header": WHOLE[:5],
    "bad crc": BAD_CRC,
    "trailing garbage": WHOLE + b"garbage",
    "trailing zeros": WHOLE + b"\0" * 16,
    "not gzip": b"\x1f\x8bnot really gzip",
    "empty member": gzip.compress(b"", mtime=0),
    "noise after the magic": b"\x1f\x8b\x08\x00" + bytes(range(64)),
}


def outcome(function: object, data: bytes, max_size: int) -> tuple[str, bytes | str]:
    try:
        return "ok", function(data, max_size=max_size)  # type: ignore[operator]
    except (GunzipTooLarge, _DecompressionMaxSizeExceeded):
        return "too-large", ""
    except Exception as exc:
        return "error", type(exc).__name__


@pytest.mark.parametrize("name", sorted(GZIP_INPUTS))
@pytest.mark.parametrize(
    "max_size", [0, 10, CHUNK_SIZE, len(PAGE) - 1, len(PAGE), len(PAGE) + 1, 10 * 1024 * 1024]
)
def test_gunzip_gives_what_the_live_crawls_gunzip_gives(name: str, max_size: int) -> None:
    data = GZIP_INPUTS[name]
    assert outcome(gunzip, data, max_size) == outcome(scrapy_gunzip, data, max_size)


def test_gunzip_stops_a_bomb_at_the_cap() -> None:
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024), mtime=0)
    with pytest.raises(GunzipTooLarge):
        gunzip(bomb, max_size=10 * 1024 * 1024)


def modules(package: object) -> list[str]:
    return [info.name for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]  # type: ignore[attr-defined]


def test_archive_reading_and_qa_do_not_import_scrapy() -> None:
    names = modules(iomcrawl.warc) + modules(iomcrawl.qa)
    code = f"import importlib, sys\nfor name in {names!r}: importlib.import_module(name)\nprint(sorted(m for m in sys.modules if m.split('.')[0] in ('scrapy', 'twisted')))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
