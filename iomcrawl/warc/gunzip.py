"""Gzip bytes served without ``Content-Encoding``, undone the same way live and in replay: capped, forgiving.

The live crawl's compression middleware and the archive replay both use this, so both give the same bytes
and refuse the same bombs. It behaves as Scrapy's own helper does: output read
in 64 KiB steps (the cap is checked before the next step is decompressed), a damaged or cut stream keeps
what decompressed before the damage, and only a stream that yields nothing at all is an error.
"""

from __future__ import annotations

import struct
from gzip import GzipFile
from io import BytesIO

CHUNK_SIZE = 64 * 1024


class GunzipTooLarge(ValueError):
    """The data decompresses to more than the cap: a bomb, or at least not a press release."""

    def __init__(self, size: int, max_size: int) -> None:
        super().__init__(f"{size} bytes decompressed so far, over the cap of {max_size}")
        self.size = size
        self.max_size = max_size


def gunzip(data: bytes, *, max_size: int = 0) -> bytes:
    """The decompressed *data* (``max_size`` 0: no cap); raises only when nothing at all decompresses."""
    reader = GzipFile(fileobj=BytesIO(data))
    output = BytesIO()
    size = 0
    chunk = b"."
    while chunk:
        try:
            chunk = reader.read1(CHUNK_SIZE)
        except (OSError, EOFError, struct.error):  # bad CRC, cut stream, trailing garbage
            if output.getbuffer().nbytes > 0:
                break
            raise
        size += len(chunk)
        if max_size and size > max_size:
            raise GunzipTooLarge(size, max_size)
        output.write(chunk)
    return output.getvalue()
