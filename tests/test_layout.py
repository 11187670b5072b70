"""The package's layout holds: Scrapy only in iomcrawl/crawl/, the chain self-contained, nothing test-only.

Read from the source with ``ast`` (nothing is imported), so a function-level import counts as much as a
top-level one.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "iomcrawl"
SCRAPY_LAYER = "iomcrawl.crawl"
ENTRY_POINTS = ("iomcrawl.cli", "iomcrawl.crawl.settings")  # the console script; scrapy.cfg's settings
_DOTTED = re.compile(r"^iomcrawl(?:\.\w+)+$")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


@cache
def imports_of(name: str) -> frozenset[str]:
    """Every module this one names: imports anywhere in it, and dotted paths in strings (settings)."""
    tree = ast.parse(modules()[name].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _DOTTED.match(node.value):
            found.add(node.value)
            found.add(node.value.rpartition(".")[0])  # a class path names its module
            found.update(submodules(node.value))  # SPIDER_MODULES: Scrapy walks the package
    return frozenset(found)


def submodules(package: str) -> set[str]:
    return {name for name in modules() if name.startswith(package + ".")}


def project_imports(name: str) -> set[str]:
    known = modules()
    return {target for target in imports_of(name) if target in known}


def reachable() -> set[str]:
    seen: set[str] = set()
    todo = list(ENTRY_POINTS)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(project_imports(name))
        parent = name.rpartition(".")[0]
        if parent:  # importing a submodule runs its package's __init__
            todo.append(parent)
    return seen


def test_every_module_is_used_by_the_command_or_the_crawl() -> None:
    """No module in the package exists only for the tests: test support lives in tests/support/."""
    assert not sorted(set(modules()) - reachable())


@pytest.mark.parametrize("name", sorted(modules()))
def test_scrapy_and_twisted_are_imported_only_by_the_crawl_layer(name: str) -> None:
    if name == SCRAPY_LAYER or name.startswith(SCRAPY_LAYER + "."):
        return
    frameworks = {target.split(".")[0] for target in imports_of(name)} & {"scrapy", "twisted"}
    assert not frameworks, f"{name} imports {sorted(frameworks)}: it belongs in iomcrawl/crawl/"


@pytest.mark.parametrize(
    "name", [name for name in sorted(modules()) if name.startswith("iomcrawl.extraction")]
)
def test_the_extraction_chain_depends_on_nothing_else_of_the_project(name: str) -> None:
    """The chain runs the same in a crawl, in `iomcrawl extract` and in tests: it reaches into no other layer."""
    allowed = ("iomcrawl.extraction", "iomcrawl.codes", "iomcrawl.schema")
    outside = {t for t in project_imports(name) if t != "iomcrawl" and not t.startswith(allowed)}
    assert not outside, f"{name} imports {sorted(outside)}"


def test_the_layout_checks_see_the_package() -> None:
    """Guard against an empty walk passing everything: the map must hold the known layers."""
    names = set(modules())
    assert {"iomcrawl.cli", "iomcrawl.codes", "iomcrawl.crawl.settings", "iomcrawl.extraction.chain"} <= names
    assert "iomcrawl.extraction.chain" in reachable()
    assert "scrapy" in {t.split(".")[0] for t in imports_of("iomcrawl.crawl.runner")}
