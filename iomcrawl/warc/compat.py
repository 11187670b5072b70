"""A fix for warcio 1.8.1 reading ``Content-Encoding: br`` payloads with Google's ``brotli`` package.

warcio sets an ``unused_data`` attribute on the decompressor it gets from ``brotli.Decompressor()``,
which only brotlipy's objects allow; with ``brotli`` (what Scrapy installs) every brotli-encoded record
fails in ``content_stream()`` and ``warcio check`` crashes (webrecorder/warcio issue #73). Brotli is also
the easy bomb (a few KB to gigabytes), so the replacement caps its output: past :data:`limit` bytes it
returns nothing more, which is all a capped ``read(limit)`` needs.

:func:`install` swaps warcio's 'br' decompressor (idempotent). ``python -m iomcrawl.warc.compat check FILES`` runs ``warcio check`` with the fix in place.
"""

from __future__ import annotations

import sys
from typing import Any

limit = 64 * 1024 * 1024  # bytes of decompressed output, per record


class BoundedBrotliDecompressor:
    """The interface warcio's BufferedReader uses (decompress, unused_data, flush), output capped."""

    def __init__(self) -> None:
        import brotli

        self._inner: Any = brotli.Decompressor()
        self.unused_data: bytes | None = None
        self._produced = 0

    def decompress(self, data: bytes) -> bytes:
        if self._produced > limit:
            return b""
        room = limit - self._produced + 1
        out: bytes = self._inner.process(data, output_buffer_limit=room)
        while len(out) < room and not self._inner.can_accept_more_data() and not self._inner.is_finished():
            more = self._inner.process(b"", output_buffer_limit=room - len(out))
            if not more:
                break
            out += more
        self._produced += len(out)
        return out

    def flush(self) -> bytes:
        return b""


def install() -> None:
    try:
        import brotli  # noqa: F401
    except ImportError:  # pragma: no cover - Scrapy depends on it
        return
    from warcio.bufferedreaders import BufferedReader

    # Ours even where the stock one works (brotlipy): it has no output cap.
    BufferedReader.DECOMPRESSORS["br"] = BoundedBrotliDecompressor


def main(argv: list[str]) -> int:
    install()
    from warcio.cli import main as warcio_main

    try:
        warcio_main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
