"""Every regular expression the package keeps runs in linear time on long hostile input.

The patterns are collected, not listed: every compiled pattern at module level in ``iomcrawl`` (walked
with pkgutil), inside the frozen dataclasses, dicts and tuples modules keep (the vocabulary's compiled
sets), and the ones the chain compiles once from the vocabulary at run time. Each is screened with
inputs built from the pattern itself: long runs of its own literals, of their prefixes, of characters
from its classes, and of the characters hostile pages are made of (spaces, tabs, dots, letters, digits,
'at', 'dot', '@', '-', newlines), each run ended by a character no pattern expects. The screen times a
run at two sizes, eight times apart; a pattern whose cost grows much faster than the input is a
candidate, and is measured again (best of three, on inputs grown until timer noise is small) before
the test says it is not linear. Costs are CPU-time ratios measured in the same run, never absolute
times. ``-m slow`` runs the screen on every literal of every pattern and on longer inputs.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import pytest
from support.linear import BOUND, GROWTH, cpu_cost, growth_ratio, scales_linearly

import iomcrawl

PACKAGE_ROOT = Path(iomcrawl.__file__).resolve().parent
ALLOWANCE = 1.5  # seconds a screening run may last (a linear one takes milliseconds): a hang guard
STOP = "\x01"  # ends every run: no pattern expects it, so a match that needs more must give up there

# Runs every pattern meets: the characters hostile pages repeat, alone and mixed.
COMMON_UNITS = (
    " ", "\t", "\n", " \n", "\r\n", ".", "a", "A", "1", "@", "-", "_", "at", "dot", " at ", " dot ",
    "a ", "A ", "1 ", "a.", "A.", "1.", "a-", "a@", ". ", ", ", " -", "a\t", "a\n", "Aa ", "aA", "a1",
    " a", "'", '"', ":", " :", "<a ", "/", "(", ")", "+1 ", "1-",
)  # fmt: skip
# The quick screen's share of them.
CORE_UNITS = (" ", "\t", "\n", ".", "a", "1", "@", "-", "dot", "a ")

# Patterns never applied to page text, or only to a string whose length is capped before the pattern
# sees it: each says where the cap is. Their tests are skipped with that reason.
BOUNDED: dict[str, str] = {
    "iomcrawl.crawl.config._CONTACT": "searched only in the USER_AGENT setting (crawl/config.py), never in a page",
    "iomcrawl.extraction.decoding._META_CHARSET": "searched only in body[:4096] (decoding.py, the charset sniff)",
    "iomcrawl.extraction.releases._TITLE_PARTS": "splits only page titles, which metadata.py reads at most "
    "_MAX_VALUE (400) characters of (_TITLE, _ATTR)",
    "iomcrawl.extraction.phones._PHONE_RUN_RE": "searched only in the 30 characters before an alternate "
    "number (phones.py: _PHONE_RUN_RE.search(work, max(0, m.start() - 30), m.start()))",
}

# Patterns known to grow faster than their input: open defects, each a strict xfail, so the test says
# when one is fixed.
KNOWN_SLOW: dict[str, tuple[str, str]] = {}  # name -> (the run that shows it, what is slow)


# --------------------------------------------------------------------------------------------------
# Collecting the patterns
# --------------------------------------------------------------------------------------------------


def _walk(value: Any, name: str, found: dict[str, re.Pattern[Any]], depth: int = 0) -> None:
    if isinstance(value, re.Pattern):
        found.setdefault(name, value)
    elif depth > 3:
        return
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _walk(getattr(value, field.name), f"{name}.{field.name}", found, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{name}[{key!r}]", found, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for index, item in enumerate(value):
            _walk(item, f"{name}[{index}]", found, depth + 1)


def _defined_here(module: Any, attr: str) -> bool:
    """Whether the module assigns the name itself (an imported pattern is counted where it is made)."""
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return False
    return re.search(rf"^{re.escape(attr)}\s*(?::[^=\n]*)?=", source, re.M) is not None


def _built_at_run_time() -> dict[str, re.Pattern[Any]]:
    """The patterns the chain compiles once from the vocabulary (cached builders and pattern sets)."""
    from iomcrawl.extraction import contacts as contacts_module
    from iomcrawl.extraction import emails, phones
    from iomcrawl.extraction.vocabulary import contacts, pages

    words = contacts.patterns()
    found: dict[str, re.Pattern[Any]] = {}
    _walk(words, "iomcrawl.extraction.vocabulary.contacts.patterns()", found)
    _walk(pages.patterns(), "iomcrawl.extraction.vocabulary.pages.patterns()", found)
    found["iomcrawl.extraction.phones._label_re()"] = phones._label_re()
    found["iomcrawl.extraction.emails._label_before_pattern()"] = emails._label_before_pattern(
        words.email_label
    )
    found["iomcrawl.extraction.emails._bare_at_pattern()"] = emails._bare_at_pattern(
        words.email_initials, words.email_label
    )
    splitter, lead_joiner = contacts_module._field_patterns(words.any_label, words.joiner)
    found["iomcrawl.extraction.contacts._field_patterns()[0]"] = splitter
    found["iomcrawl.extraction.contacts._field_patterns()[1]"] = lead_joiner
    return found


def collect_patterns() -> dict[str, re.Pattern[Any]]:
    """Every compiled pattern the package keeps, by a dotted name saying where it lives."""
    found: dict[str, re.Pattern[Any]] = {}
    for info in pkgutil.walk_packages(iomcrawl.__path__, "iomcrawl."):
        module = importlib.import_module(info.name)
        for attr, value in vars(module).items():
            if inspect.ismodule(value) or inspect.isclass(value) or callable(value):
                continue
            if _defined_here(module, attr):
                _walk(value, f"{info.name}.{attr}", found)
    found.update(_built_at_run_time())
    unique: dict[str, re.Pattern[Any]] = {}
    seen: set[int] = set()
    for name, pattern in sorted(found.items()):
        if id(pattern) not in seen:
            seen.add(id(pattern))
            unique[name] = pattern
    return unique


PATTERNS = collect_patterns()


# --------------------------------------------------------------------------------------------------
# How each pattern is used, and the inputs built from it
# --------------------------------------------------------------------------------------------------

_SOURCE = "\n".join(path.read_text(encoding="utf-8") for path in sorted(PACKAGE_ROOT.rglob("*.py")))


def operation(name: str) -> str:
    """'match' when the package only ever anchors the pattern at a given position (match, fullmatch),
    else 'scan' (search, finditer, findall, sub, split: a try at every position)."""
    attr = re.sub(r"\(\)$", "", name.rsplit(".", 1)[-1])
    attr = re.sub(r"\[.*\]$", "", attr)
    uses = set(re.findall(rf"(?<![\w]){re.escape(attr)}(?:\(\))?\.(\w+)\(", _SOURCE))
    uses &= {"match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split"}
    return "match" if uses and uses <= {"match", "fullmatch"} else "scan"


def runner(pattern: re.Pattern[Any], how: str) -> Callable[[Any], object]:
    if how == "match":
        return pattern.match
    return lambda text: sum(1 for _ in pattern.finditer(text))


def _literals(tree: Any, out: list[str], chars: list[str]) -> None:
    """The literal strings of a parsed pattern (runs of literal characters, in every branch) and one
    character of each class."""
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append("".join(run))
            run.clear()

    for op, arg in tree:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(arg))
            continue
        flush()
        if name == "IN":
            for item_op, item in arg:
                if str(item_op) == "LITERAL":
                    chars.append(chr(item))
                elif str(item_op) == "RANGE":
                    chars.append(chr(item[0]))
                elif str(item_op) == "CATEGORY":
                    chars.append({"CATEGORY_DIGIT": "1", "CATEGORY_SPACE": " "}.get(str(item), "a"))
        elif name == "BRANCH":
            for branch in arg[1]:
                _literals(branch, out, chars)
        elif name == "SUBPATTERN":
            _literals(arg[-1], out, chars)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            _literals(arg[2], out, chars)
        elif name in ("ASSERT", "ASSERT_NOT"):
            _literals(arg[1], out, chars)
    flush()


def units(pattern: re.Pattern[Any], limit: int | None, first: tuple[str, ...] = ()) -> list[str]:
    """The runs to repeat: the common ones, then each literal of the pattern (alone, before a space,
    cut short by its last character, doubled in its last character) and one character of each class.
    `limit` takes that many literals, spread over the pattern (all of them when None)."""
    source = pattern.pattern.decode("latin-1") if isinstance(pattern.pattern, bytes) else pattern.pattern
    literals: list[str] = []
    chars: list[str] = []
    _literals(sre_parse.parse(source, pattern.flags & ~re.ASCII & ~re.LOCALE), literals, chars)
    literals = sorted({lit.strip() for lit in literals if lit.strip()}, key=lambda s: (-len(s), s))
    if limit is not None and len(literals) > limit:
        step = len(literals) / limit
        literals = [literals[int(i * step)] for i in range(limit)]
    made = [*first, *(COMMON_UNITS if limit is None else CORE_UNITS)]
    for lit in literals:
        made += [lit, lit + " ", " " + lit, lit[:-1] + " " if len(lit) > 1 else lit * 2, lit + lit[-1]]
    made += sorted(set(chars) - set(made))
    made += [c + " " for c in sorted(set(chars)) if c.strip()][: 8 if limit else None]
    return list(dict.fromkeys(made))


def text_of(pattern: re.Pattern[Any], unit: str, size: int) -> Any:
    text = unit * max(1, size // len(unit)) + STOP
    if isinstance(pattern.pattern, bytes):  # a byte pattern's own characters are read as latin-1
        return (
            text.encode("latin-1", errors="ignore") if text.isascii() else text.encode("latin-1", "replace")
        )
    return text


# --------------------------------------------------------------------------------------------------
# The screen and the measure
# --------------------------------------------------------------------------------------------------


class Overrun(Exception):
    """A single run outlasted its allowance: far from linear (or exponential)."""


@contextmanager
def allowance(seconds: float) -> Iterator[None]:
    """Stops a run still going after `seconds` (the regex engine checks for signals while it
    backtracks), so a catastrophic pattern fails its test instead of hanging the suite. A wall-clock
    alarm, far above what a linear run takes (milliseconds) even on a loaded machine: a process CPU
    timer would make the CPU clock itself tick-coarse while armed."""

    def stop(signum: int, frame: object) -> None:
        raise Overrun

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def screen(
    pattern: re.Pattern[Any], how: str, size: int, limit: int | None, first: tuple[str, ...] = ()
) -> Iterator[tuple[str, bool]]:
    """The runs on which the pattern may not be linear: one timing at `size` and at GROWTH × `size`
    characters; a cost that grows twice as fast as linear (and reaches half a millisecond) is a
    candidate. Cheap, and noisy on purpose: `measure` decides."""
    run = runner(pattern, how)
    for unit in units(pattern, limit, first):
        try:
            with allowance(ALLOWANCE):
                small = cpu_cost(run, text_of(pattern, unit, size), repeats=1)
                large = cpu_cost(run, text_of(pattern, unit, GROWTH * size), repeats=1)
        except Overrun:
            yield unit, True
            continue
        if large > 2 * GROWTH * small and large > 0.0005:
            yield unit, False


def measure(pattern: re.Pattern[Any], how: str, unit: str) -> tuple[float, float, int]:
    """(small, large, characters): the best of three CPU times, on inputs grown until the small one
    costs a few milliseconds."""
    return growth_ratio(
        runner(pattern, how), lambda n: text_of(pattern, unit, n), base=512, min_cost=0.002, max_base=1 << 17
    )


def slow_runs(
    pattern: re.Pattern[Any],
    how: str,
    size: int,
    limit: int | None,
    *,
    first_only: bool = True,
    first: tuple[str, ...] = (),
) -> list[str]:
    """The runs on which the pattern is not linear (the first one, with `first_only`), each with its
    measured growth."""
    failures: list[str] = []
    for unit, overran in screen(pattern, how, size, limit, first):
        if overran:
            failures.append(f"{unit!r}: not finished after {ALLOWANCE:.0f} s (catastrophic backtracking)")
        else:
            try:
                with allowance(3 * ALLOWANCE):
                    small, large, n = measure(pattern, how, unit)
            except Overrun:
                failures.append(
                    f"{unit!r}: not finished after {3 * ALLOWANCE:.0f} s (catastrophic backtracking)"
                )
            else:
                if not scales_linearly(small, large):
                    failures.append(
                        f"{unit!r} × {n // len(unit)} then × {GROWTH * n // len(unit)}: {small * 1000:.2f} ms"
                        f" -> {large * 1000:.2f} ms ({large / max(small, 1e-9):.0f}×, bound {BOUND}×)"
                    )
        if failures and first_only:
            break
    return failures


def _cases() -> list[Any]:
    cases = []
    for name in PATTERNS:
        marks = []
        if name in KNOWN_SLOW:
            unit, reason = KNOWN_SLOW[name]
            marks.append(pytest.mark.xfail(strict=True, reason=f"{reason}: {unit!r} × n"))
        cases.append(pytest.param(name, marks=marks, id=name.removeprefix("iomcrawl.")))
    return cases


# --------------------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------------------


def test_the_walk_finds_the_patterns_of_every_kind() -> None:
    """The collection reaches module constants, the vocabulary's pattern sets (a frozen dataclass at
    module level and the cached ones) and the patterns built from the vocabulary at run time."""
    names = set(PATTERNS)
    assert len(names) > 150
    assert "iomcrawl.extraction.emails._OBFUSCATED_RE" in names
    assert "iomcrawl.extraction.vocabulary.dates.PATTERNS.day_month_year" in names
    assert "iomcrawl.extraction.vocabulary.pages.patterns().meta" in names
    assert "iomcrawl.extraction.vocabulary.contacts.patterns().intro" in names
    assert "iomcrawl.extraction.phones._label_re()" in names
    assert any(isinstance(p.pattern, bytes) for p in PATTERNS.values())  # decoding's byte patterns
    assert set(BOUNDED) <= names and set(KNOWN_SLOW) <= names  # no stale exemption


def test_the_screen_flags_a_quadratic_pattern_and_passes_a_linear_one() -> None:
    """The test can fail: a run of spaces that must end a line is retried from every space (quadratic),
    and so is a run of spelled-out dots that must end on an '@'; a run that cannot restart inside
    itself is linear."""
    for quadratic in (re.compile(r"[ \t]+$"), re.compile(r"(?:dot|\.)+@")):
        failures = slow_runs(quadratic, "scan", 256, 1)
        assert failures, quadratic.pattern
    for linear in (re.compile(r"[ \t]+"), re.compile(r"(?<!\s)[ \t]+$")):
        assert slow_runs(linear, "scan", 256, 1) == [], linear.pattern


@pytest.mark.parametrize("name", _cases())
def test_pattern_is_linear_on_hostile_runs(name: str) -> None:
    if name in BOUNDED:
        pytest.skip(BOUNDED[name])
    known = (KNOWN_SLOW[name][0],) if name in KNOWN_SLOW else ()
    failures = slow_runs(PATTERNS[name], operation(name), 256, 1, first=known)
    assert failures == [], f"{name} ({operation(name)}) grows faster than its input:\n" + "\n".join(failures)


@pytest.mark.slow
@pytest.mark.parametrize("name", _cases())
def test_pattern_is_linear_on_every_literal(name: str) -> None:
    if name in BOUNDED:
        pytest.skip(BOUNDED[name])
    known = (KNOWN_SLOW[name][0],) if name in KNOWN_SLOW else ()
    failures = slow_runs(PATTERNS[name], operation(name), 2048, None, first_only=bool(known), first=known)
    assert failures == [], f"{name} ({operation(name)}) grows faster than its input:\n" + "\n".join(failures)
