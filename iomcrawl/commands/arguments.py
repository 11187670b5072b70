"""Argument types shared by several subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def seconds(text: str) -> float:
    """A positive, finite number of seconds (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text!r}")
    return value


def deadline(text: str) -> float:
    """A number of seconds, 0 for no limit (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds (0: no limit), not {text!r}")
    return value


def whole_number(of: str) -> Callable[[str], int]:
    """An argparse type for a count of *of* ('pages', 'workers'): a whole number, 1 or more."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value < 1:
            raise argparse.ArgumentTypeError(f"must be a whole number of {of}, 1 or more, not {text!r}")
        return value

    return parse
