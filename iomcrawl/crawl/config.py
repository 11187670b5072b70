"""Crawl configuration checks, the settings fingerprint written into every WARC, and exit codes.

A crawl that is set up wrongly (a ``file://`` seed without a root, a missing archive, an anonymous
User-Agent, a size cap outside 10–32 MiB, a JOBDIR written for another output folder) stops before it
fetches anything, with :class:`ConfigError`; ``iomcrawl crawl`` turns that into exit code 2.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

# Exit codes of `iomcrawl crawl` (documented in README.md, "Crawling").
EXIT_SUCCESS = 0  # the crawl ran to its end and every URL it met has a non-error line in pages.jsonl
EXIT_PARTIAL = 1  # it ran to its end, but some URLs ended in error (or an ERROR was logged)
EXIT_CONFIG = 2  # it never started: bad arguments or settings
EXIT_INTERRUPTED = 3  # stopped early (SIGINT/SIGTERM, or a CLOSESPIDER_* limit); resumable with JOBDIR

MIN_MAXSIZE = 10 * 1024 * 1024
MAX_MAXSIZE = 32 * 1024 * 1024

# The settings that decide what a crawl fetches and how: their hash goes into each WARC's warcinfo.
FINGERPRINT_SETTINGS = (
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "DOWNLOAD_TIMEOUT",
    "DOWNLOAD_MAXSIZE",
    "DEPTH_LIMIT",
    "RETRY_TIMES",
    "REDIRECT_MAX_TIMES",
    "IOMCRAWL_SCOPE_DOMAINS",
    "IOMCRAWL_ALLOW",
    "IOMCRAWL_DENY",
    "IOMCRAWL_CRAWL_DELAY_MAX",
)

_CONTACT = re.compile(r"\+?https?://\S+|mailto:\S+|\S+@\S+\.\w+")

# Set when a spider refuses its configuration, so that the CLI can exit with EXIT_CONFIG although
# Scrapy itself only reports a failed bootstrap.
config_errors: list[str] = []


class ConfigError(ValueError):
    """The crawl cannot start as configured; the message says what to change."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        config_errors.append(message)


def check_settings(settings: BaseSettings) -> None:
    """Refuse settings that would make the crawl impolite, unbounded or anonymous."""
    user_agent = settings.get("USER_AGENT") or ""
    if not _CONTACT.search(user_agent):
        raise ConfigError(
            f"USER_AGENT must identify the crawler with a contact URL or address (got {user_agent!r})"
        )
    maxsize = settings.getint("DOWNLOAD_MAXSIZE")
    if not MIN_MAXSIZE <= maxsize <= MAX_MAXSIZE:
        raise ConfigError(f"DOWNLOAD_MAXSIZE must be between 10 and 32 MiB (got {maxsize} bytes)")
    check_output_dir(settings.get("IOMCRAWL_OUTPUT_DIR") or "output")
    for name in ("IOMCRAWL_ALLOW", "IOMCRAWL_DENY"):
        for pattern in settings.getlist(name):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(f"{name}: {pattern!r} is not a regular expression: {exc}") from exc


def check_output_dir(path: str) -> None:
    """Refuse an output folder the crawl could not write (no folder is created: the nearest existing one is
    probed with a temporary file)."""
    hint = "give -s IOMCRAWL_OUTPUT_DIR=DIR a folder you can write"
    folder = Path(path)
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if existing is None or not existing.is_dir():
        raise ConfigError(f"output folder {path}: {existing} is not a folder; {hint}")
    try:  # os.access says yes to root even on a read-only file system
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as exc:
        raise ConfigError(
            f"output folder {path}: cannot write in {existing} ({exc.strerror}); {hint}"
        ) from None


def settings_fingerprint(settings: BaseSettings, extra: dict[str, Any] | None = None) -> str:
    """sha256 over the settings that shape the crawl (plus spider arguments), as ``sha256:HEX``."""
    values = {name: settings.get(name) for name in FINGERPRINT_SETTINGS}
    values.update(extra or {})
    blob = json.dumps(values, sort_keys=True, default=str).encode("utf-8")
    return "sha256:" + hashlib.sha256(blob).hexdigest()


def compile_patterns(patterns: list[str] | tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern in patterns if pattern)
