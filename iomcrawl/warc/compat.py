"""warcio 1.8.1 reading ``Content-Encoding: br`` (with Google's ``brotli`` package) and ``zstd`` payloads.

warcio sets an ``unused_data`` attribute on the decompressor it gets from ``brotli.Decompressor()``,
which only brotlipy's objects allow; with ``brotli`` (what Scrapy installs) every brotli-encoded record
fails in ``content_stream()`` and ``warcio check`` crashes (webrecorder/warcio issue #73). Brotli is also
the easy bomb (a few KB to gigabytes), so the replacement caps its output: past :data:`limit` bytes it
returns nothing more, which is all a capped ``read(limit)`` needs.

warcio knows no ``zstd`` at all, so a page a server sent zstd-encoded without being asked would reach
the chain as compressed bytes; :class:`BoundedZstdDecompressor` adds it, capped the same way.

:func:`install` swaps warcio's 'br' decompressor and adds 'zstd' (idempotent).
``python -m iomcrawl.warc.compat check FILES`` runs ``warcio check`` with the fix in place.
"""

from __future__ import annotations

import importlib
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


class BoundedZstdDecompressor:
    """zstd for warcio's BufferedReader, output capped like :class:`BoundedBrotliDecompressor`.

    Frames after the first are decoded too (``unused_data`` of one frame starts the next), as HTTP
    clients do for a body made of several frames.
    """

    def __init__(self) -> None:
        self._inner: Any = _zstd_module().ZstdDecompressor()
        self.unused_data: bytes | None = None
        self._produced = 0

    def decompress(self, data: bytes) -> bytes:
        out = b""
        while self._produced <= limit:
            if self._inner.eof:  # a frame ended: what follows it starts the next one
                data = self._inner.unused_data + data
                if not data:
                    break
                self._inner = _zstd_module().ZstdDecompressor()
            chunk: bytes = self._inner.decompress(data, max_length=limit - self._produced + 1)
            data = b""
            self._produced += len(chunk)
            out += chunk
            if not self._inner.eof and (not chunk or self._inner.needs_input):
                break
        return out

    def flush(self) -> bytes:
        return b""


def _zstd_module() -> Any:
    """The zstd binding Scrapy decodes with (``compression.zstd``, ``backports.zstd`` before Python 3.14)."""
    try:
        return importlib.import_module("compression.zstd")
    except ImportError:
        return importlib.import_module("backports.zstd")


def _has_zstd() -> bool:
    try:
        _zstd_module()
    except ImportError:
        return False
    return True


def install() -> None:
    from warcio.bufferedreaders import BufferedReader

    try:
        import brotli  # noqa: F401
    except ImportError:  # pragma: no cover - Scrapy depends on it
        pass
    else:
        # Ours even where the stock one works (brotlipy): it has no output cap.
        BufferedReader.DECOMPRESSORS["br"] = BoundedBrotliDecompressor
    if _has_zstd():
        BufferedReader.DECOMPRESSORS["zstd"] = BoundedZstdDecompressor


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
