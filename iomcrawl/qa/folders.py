"""Where fixtures live, and the exact command that signs one off: shared by `fixture`, `check` and the files.

`fixture add --dir` and `fixture review --dir` name the same folder, the one a fixture's files are in, so
the review command printed after a capture (or by `check` for an unreviewed fixture) runs as printed.
Kept apart from the chain so building the command line stays cheap.
"""

from __future__ import annotations

import shlex
from pathlib import Path

FIXTURE_DIR = Path("fixtures/pages")


def review_command(name: str, directory: Path) -> str:
    """`iomcrawl fixture review NAME`, with ``--dir`` when `directory` is not the default, shell-quoted."""
    words = ["iomcrawl", "fixture", "review", name]
    if Path(directory) != FIXTURE_DIR:
        words += ["--dir", str(directory)]
    return shlex.join(words)
