"""Readable output of `iomcrawl check`: field diffs a person can act on, the accuracy table, and JSON.

Short values are shown whole (expected, then actual); a body is compared paragraph by paragraph, and a
changed paragraph word by word with ``[-removed-]{+added+}`` marks and a little context, because a
500-word body printed twice hides the one word that changed.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

from iomcrawl.qa.check import CheckRun, FieldDiff, FixtureCheck
from iomcrawl.qa.fixtures import EXPECTED_SUFFIX
from iomcrawl.qa.folders import review_command

CONTEXT_WORDS = 6
SHORT = 100


def show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _words_diff(expected: str, actual: str) -> str:
    """One line: the words both share (trimmed to some context) and the changed runs marked."""
    a, b = expected.split(), actual.split()
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            same = a[i1:i2]
            if len(same) > 2 * CONTEXT_WORDS:
                head = same[:CONTEXT_WORDS] if parts else []
                tail = same[-CONTEXT_WORDS:] if i2 < len(a) or j2 < len(b) else []
                same = [*head, "…", *tail]
            parts.append(" ".join(same))
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(p for p in parts if p)


def _paragraphs(text: str | None) -> list[str]:
    return [" ".join(p.split()) for p in (text or "").split("\n\n") if p.strip()]


def text_lines(expected: str | None, actual: str | None) -> list[str]:
    """A long text compared by paragraphs: `-` only expected, `+` only produced, `~` changed in place."""
    a, b = _paragraphs(expected), _paragraphs(actual)
    lines = [f"expected {len(a)} paragraphs, got {len(b)}"] if len(a) != len(b) else []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = list(zip(range(i1, i2), range(j1, j2), strict=False)) if op == "replace" else []
        for i, j in pairs:
            if difflib.SequenceMatcher(a=a[i].split(), b=b[j].split(), autojunk=False).ratio() >= 0.5:
                lines.append(f"~ ¶{i + 1}: {_words_diff(a[i], b[j])}")
            else:
                lines += [f"- ¶{i + 1}: {a[i]}", f"+ ¶{j + 1}: {b[j]}"]
        lines += [f"- ¶{i + 1}: {a[i]}" for i in range(i1 + len(pairs), i2)]
        lines += [f"+ ¶{j + 1}: {b[j]}" for j in range(j1 + len(pairs), j2)]
    return lines


def diff_lines(diff: FieldDiff) -> list[str]:
    """The lines under a diff's path: missing/added items called out, values shown expected-then-actual."""
    lines = []
    if diff.missing:
        lines.append("missing: " + ", ".join(map(str, diff.missing)))
    if diff.added:
        lines.append("added:   " + ", ".join(map(str, diff.added)))
    exp, act = diff.expected, diff.actual
    long_text = (
        isinstance(exp, str) and isinstance(act, str) and ("\n\n" in exp + act or len(exp + act) > 2 * SHORT)
    )
    if long_text:
        lines += text_lines(exp, act)
    elif not (diff.missing or diff.added) or diff.field in ("people", "records"):
        lines += [f"expected {show(exp)}", f"actual   {show(act)}"]
    return lines


def fixture_lines(check: FixtureCheck) -> list[str]:
    if check.problem:
        return [f"BROKEN {check.name}: {check.problem}"]
    out = [f"FAIL {check.name}"]
    seen_record: int | None = None
    for diff in check.diffs:
        indent = "  "
        if diff.record is not None:
            if diff.record != seen_record:
                out.append(f"  records[{diff.record}] {show(diff.headline)}")
                seen_record = diff.record
            indent = "    "
        out.append(f"{indent}{diff.path.split('].', 1)[-1] if diff.record is not None else diff.path}:")
        out += [f"{indent}  {line}" for line in diff_lines(diff)]
    return out


def accuracy_lines(run: CheckRun) -> list[str]:
    rows = run.accuracy()
    width = max([len("field"), *map(len, rows)])
    out = [f"{'field':<{width}}  stated  right  accuracy"]
    for name, (stated, right) in rows.items():
        out.append(f"{name:<{width}}  {stated:>6}  {right:>5}  {100 * right / stated:>7.1f}%")
    return out


def _review(check: FixtureCheck) -> str:
    """The review command for a fixture, naming the folder its files are in."""
    folder = check.expected_file.parent
    return review_command(check.expected_file.name.removesuffix(EXPECTED_SUFFIX), folder)


def format_run(run: CheckRun) -> str:
    """The whole human report: failures first, then the counts, unreviewed fixtures and the table."""
    lines: list[str] = []
    for check in run.checks:
        if check.status != "match":
            lines += [*fixture_lines(check), ""]
    total = len(run.checks)
    selected = f", -k {run.pattern}" if run.pattern else ""
    lines.append(
        f"{run.count('match')} of {total} fixtures match, {run.count('differ')} differ, "
        f"{run.count('broken')} broken ({run.root}{selected})"
    )
    unreviewed = run.unreviewed()
    if unreviewed:
        lines.append(
            f"{len(unreviewed)} unreviewed (expected file written by iomcrawl, not yet checked by a person):"
        )
        lines += [f"  {c.name}   → read the page, fix the file, then: {_review(c)}" for c in unreviewed]
    if run.accuracy():
        lines += ["", *accuracy_lines(run)]
    return "\n".join(lines) + "\n"


def run_json(run: CheckRun) -> dict[str, Any]:
    """Everything `format_run` says, for scripts: per fixture status and diffs, per field accuracy."""
    return {
        "root": str(run.root),
        "pattern": run.pattern,
        "exit_code": run.exit_code(),
        "counts": {s: run.count(s) for s in ("match", "differ", "broken")},
        "unreviewed": [c.name for c in run.unreviewed()],
        "fields": {
            name: {"stated": stated, "right": right, "accuracy": round(right / stated, 4)}
            for name, (stated, right) in run.accuracy().items()
        },
        "fixtures": [
            {
                "name": c.name,
                "status": c.status,
                "problem": c.problem,
                "reviewed": c.reviewed,
                "outcome": c.result.status if c.result else None,
                "diffs": [d.as_json() for d in c.diffs],
            }
            for c in run.checks
        ],
    }
