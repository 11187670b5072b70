"""One status line rewritten in place on a terminal, and nothing at all anywhere else.

A log file or a pipe must not fill with redraws, so the line draws only when its stream is a terminal.
Redraws are throttled: a fast loop may call update() for every item without flooding the terminal.
"""

from __future__ import annotations

import time
from typing import TextIO

_CLEAR_TO_END = "\x1b[K"


class ProgressLine:
    """A status line rewritten in place on a terminal."""

    def __init__(self, stream: TextIO, *, min_interval: float = 0.1) -> None:
        self._stream = stream
        self._min_interval = min_interval
        self._live = _is_terminal(stream)
        self._last_draw = float("-inf")
        self._drawn = False

    @property
    def live(self) -> bool:
        """Whether the stream is a terminal: only then does update() draw anything."""
        return self._live

    def update(self, text: str) -> None:
        """Redraw the line with *text*, at most once per min_interval (a text that comes sooner is skipped)."""
        if not self._live:
            return
        now = time.monotonic()
        if now - self._last_draw < self._min_interval:
            return
        self._draw(text, now)

    def close(self, final: str | None = None) -> None:
        """Clear the line; print *final* (if any) on its own line, on a terminal or not."""
        if self._live and self._drawn:
            self._stream.write("\r" + _CLEAR_TO_END)
            self._drawn = False
        if final is not None:
            self._stream.write(final + "\n")
        self._stream.flush()

    def _draw(self, text: str, now: float) -> None:
        self._stream.write("\r" + text.replace("\n", " ").replace("\r", " ") + _CLEAR_TO_END)
        self._stream.flush()
        self._last_draw = now
        self._drawn = True


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or stream-like object without a terminal
        return False
