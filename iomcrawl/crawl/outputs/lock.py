"""One crawl at a time per output folder and per JOBDIR.

Two crawls writing to the same ``IOMCRAWL_OUTPUT_DIR`` (or resuming the same JOBDIR) would append to the
same ``.part`` files, take each other's open WARC for a killed run's and repair it, and publish a summary
of neither. :class:`FolderLock` takes an exclusive ``flock`` on ``FOLDER/.iomcrawl.lock`` before the crawl
starts; a second crawl is refused with a :class:`~iomcrawl.crawl.config.ConfigError` (exit code 2). The
kernel releases the lock when the process ends, however it ends (SIGKILL included), so a killed crawl
never leaves a stale lock behind and can be resumed at once.
"""

from __future__ import annotations

import os
from pathlib import Path

from iomcrawl.crawl.config import ConfigError

try:
    import fcntl
except ImportError:  # pragma: no cover - not a POSIX system: no locking
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = ".iomcrawl.lock"

_held: dict[Path, int] = {}  # folder -> fd of its lock file, held for the life of the process


class FolderLock:
    """The exclusive lock of one folder; :meth:`acquire` raises ConfigError when another crawl holds it."""

    def __init__(self, folder: str | Path, what: str) -> None:
        self.folder = Path(folder).resolve()
        self.what = what  # the setting that names the folder, for the message
        self.path = self.folder / LOCK_FILE

    def acquire(self) -> None:
        if fcntl is None or self.folder in _held:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise ConfigError(
                f"another crawl (pid {holder}) is using {self.what} {self.folder}: "
                f"wait for it to end, or give this crawl another {self.what}"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        _held[self.folder] = fd
