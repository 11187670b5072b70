"""What `iomcrawl extract PATH…` reads, in input order: saved pages, and the captures of web archives.

A PATH is a file (a saved page, or a WARC/ARC archive by its name), a folder (walked recursively, in
sorted order, keeping the files whose name matches one of the globs), or ``-``: a list of such PATHs on
stdin, one a line. A PATH on the command line that does not exist is a usage error before anything is
read; a path listed on stdin that does not exist becomes an error line of its own, as does a file that
cannot be read, so nothing named is ever silently left out.

Archives are read by :class:`iomcrawl.warc.replay.ArchiveReader`, the replay's reader: captures become
pages, captures that are no page (not a 200, not HTML, cut short) and unreadable files become lines of
their own. Archives that follow one another in the input share one reader, so a revisit is resolved
against the others (the archives of a folder, or listed together).
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from iomcrawl.warc.records import ARCHIVE_SUFFIXES

if TYPE_CHECKING:
    from iomcrawl.warc.replay import Event

STDIN = "-"
DEFAULT_GLOBS = ("*.html", "*.htm", "*.xhtml", "*.txt", *(f"*{suffix}" for suffix in ARCHIVE_SUFFIXES))


class InputError(ValueError):
    """A PATH given on the command line that names nothing readable (a usage error, exit 2)."""


@dataclass(frozen=True)
class PageFile:
    """A saved page: HTML bytes as served, or a ``.txt`` text rendering. *url* is its ``--url``."""

    path: str
    url: str | None = None


@dataclass(frozen=True)
class Missing:
    """A path listed on stdin that names nothing."""

    path: str


def is_archive(path: Path) -> bool:
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def check_paths(paths: Iterable[str], globs: tuple[str, ...]) -> None:
    """Raise :class:`InputError` for the first command-line PATH that names nothing to read: no such
    file, a file that cannot be opened, a folder without a file the globs take."""
    for text in paths:
        if text == STDIN:
            continue
        path = Path(text)
        if path.is_dir():
            if next(_matching(path, globs), None) is None:
                raise InputError(f"cannot read {text}: no file in it matches {' '.join(globs)}")
        elif not path.exists():
            raise InputError(f"cannot read {text}: no such file or folder")
        elif not os.access(path, os.R_OK):
            raise InputError(f"cannot read {text}: permission denied")


def matches(path: Path, root: Path, globs: tuple[str, ...]) -> bool:
    """A glob with a ``/`` is matched against the path under the folder, any other against the name."""
    relative = path.relative_to(root).as_posix()
    return any(fnmatch.fnmatch(relative if "/" in glob else path.name, glob) for glob in globs)


def _matching(root: Path, globs: tuple[str, ...]) -> Iterator[Path]:
    """Files under *root* the globs take; a link to nothing is kept too (it becomes an error line)."""
    found = (path for path in root.rglob("*") if path.is_file() or (path.is_symlink() and not path.exists()))
    return (path for path in found if matches(path, root, globs))


def folder_files(root: Path, globs: tuple[str, ...]) -> list[Path]:
    return sorted(_matching(root, globs), key=lambda path: path.relative_to(root).as_posix())


def expand(
    paths: Iterable[str], globs: tuple[str, ...], stdin: TextIO | None = None, url: str | None = None
) -> Iterator[PageFile | Missing | Path]:
    """Each page file (or archive file, as a Path) that *paths* name, in order; ``-`` reads *stdin*."""
    for text in paths:
        if text == STDIN:
            listed = (line.strip() for line in (stdin or ()))
            yield from expand((line for line in listed if line and line != STDIN), globs)
            continue
        path = Path(text)
        if path.is_dir():
            for found in folder_files(path, globs):
                yield found if is_archive(found) else PageFile(str(found))
        elif not path.exists():
            yield Missing(text)
        elif is_archive(path):
            yield path
        else:
            yield PageFile(text, url)


def items(
    found_inputs: Iterable[PageFile | Missing | Path], *, max_bytes: int
) -> Iterator[PageFile | Missing | Event]:
    """The inputs :func:`expand` found, archives opened into their captures (and skips, unreadable files)."""
    archives: list[Path] = []
    for found in found_inputs:
        if isinstance(found, Path):
            archives.append(found)
            continue
        if archives:
            yield from _archive_events(archives, max_bytes)
            archives = []
        yield found
    if archives:
        yield from _archive_events(archives, max_bytes)


def _archive_events(archives: list[Path], max_bytes: int) -> Iterator[Event]:
    from iomcrawl.warc.replay import ArchiveReader  # warcio is loaded only when an archive is read

    yield from ArchiveReader(archives, max_bytes)
