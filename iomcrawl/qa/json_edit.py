"""Change a JSON document in place, as a person would in an editor: only the values that differ are rewritten.

Expected files are written by hand, each in its own layout (one person per line, two-space indents, a
long body on one line). Rewriting a whole file to change one date would make `git diff` show every line
whose layout differs from ``json.dumps``; here the old text is copied wherever its value is unchanged, so
a one-field fix is a one-line diff. New values take the layout of their neighbours.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any

_SPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}


@dataclass
class Node:
    """A value of the document and where it sits in the text; containers know where each element starts."""

    start: int
    end: int
    value: Any
    kind: str = "scalar"  # scalar, object, array
    keys: list[str] = field(default_factory=list)  # object keys, in the text's order
    heads: list[int] = field(default_factory=list)  # where each element starts (an object member's key)
    children: list[Node] = field(default_factory=list)


def _skip(text: str, i: int) -> int:
    match = _SPACE.match(text, i)
    return match.end() if match else i


def _string(text: str, i: int) -> tuple[str, int]:
    match = _STRING.match(text, i)
    if not match:
        raise ValueError(f"a string expected at offset {i}")
    return json.loads(match.group()), match.end()


def _container(text: str, i: int, kind: str) -> tuple[Node, int]:
    close = "}" if kind == "object" else "]"
    node = Node(start=i, end=i, value=None, kind=kind)
    i = _skip(text, i + 1)
    if text[i] == close:
        node.end = i + 1
        node.value = {} if kind == "object" else []
        return node, node.end
    while True:
        node.heads.append(i)
        if kind == "object":
            key, i = _string(text, i)
            i = _skip(text, i)
            if text[i] != ":":
                raise ValueError(f"':' expected at offset {i}")
            node.keys.append(key)
            i = _skip(text, i + 1)
        child, i = _value(text, i)
        node.children.append(child)
        i = _skip(text, i)
        if text[i] == close:
            break
        if text[i] != ",":
            raise ValueError(f"',' or {close!r} expected at offset {i}")
        i = _skip(text, i + 1)
    node.end = i + 1
    values = [c.value for c in node.children]
    node.value = dict(zip(node.keys, values, strict=True)) if kind == "object" else values
    return node, node.end


def _value(text: str, i: int) -> tuple[Node, int]:
    char = text[i : i + 1]
    if char == '"':
        string, end = _string(text, i)
        return Node(i, end, string), end
    if char in ("{", "["):
        return _container(text, i, "object" if char == "{" else "array")
    for word, literal in _LITERALS.items():
        if text.startswith(word, i):
            return Node(i, i + len(word), literal), i + len(word)
    match = _NUMBER.match(text, i)
    if not match:
        raise ValueError(f"a JSON value expected at offset {i}")
    return Node(i, match.end(), json.loads(match.group())), match.end()


def parse(text: str) -> Node:
    """The document's tree of values with their places in `text` (a document json.loads accepts)."""
    node, end = _value(text, _skip(text, 0))
    if _skip(text, end) != len(text):
        raise ValueError(f"extra data at offset {end}")
    return node


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


@dataclass
class _Style:
    """How the document writes new values: its indent step and whether it escapes non-ASCII."""

    text: str
    unit: int
    ascii_only: bool

    @classmethod
    def of(cls, text: str) -> _Style:
        indents = sorted({len(m) for m in re.findall(r"\n([ ]+)\S", text)})
        steps = [b - a for a, b in zip([0, *indents], indents, strict=False) if b > a]
        return cls(text, min(steps or [2]), text.isascii() and "\\u" in text)

    def dump(self, value: Any, indent: str, one_line: bool) -> str:
        """A new value written at a place indented by `indent`; on one line or in the document's indents."""
        if one_line or not isinstance(value, dict | list) or not value:
            return json.dumps(value, ensure_ascii=self.ascii_only)
        text = json.dumps(value, ensure_ascii=self.ascii_only, indent=self.unit)
        return text.replace("\n", "\n" + indent)

    def indent_at(self, offset: int) -> str:
        """The leading spaces of the line `offset` is on."""
        line = self.text[self.text.rfind("\n", 0, offset) + 1 : offset]
        return line[: len(line) - len(line.lstrip(" \t"))]


def _render(style: _Style, node: Node, new: Any, one_line: bool = False) -> str:
    """The text `node` becomes when its value is `new`: the old text wherever the value is unchanged.

    `one_line`: the value sits in a container written on one line, so a new value is written so too."""
    old = style.text[node.start : node.end]
    if _canon(node.value) == _canon(new) and type(node.value) is type(new):
        return old
    if node.kind == "object" and isinstance(new, dict) and node.children:
        return _rebuild_object(style, node, new)
    if node.kind == "array" and isinstance(new, list) and node.children and new:
        return _rebuild_array(style, node, new)
    one_line = one_line or (node.kind != "scalar" and bool(node.children) and "\n" not in old)
    return style.dump(new, style.indent_at(node.start), one_line)


def _rebuild(style: _Style, node: Node, pieces: list[tuple[int | None, str]]) -> str:
    """Join element texts; `pieces` is (old element index or None for a new one, text) in the new order.

    Two elements that were neighbours keep the separator they had; any other pair gets the container's
    usual one (the first separator it has, else one after its opening)."""
    text = style.text
    if not pieces:
        return "{}" if node.kind == "object" else "[]"
    first, last = node.heads[0], node.children[-1].end
    opening, closing = text[node.start : first], text[last : node.end]
    if len(node.children) > 1:
        usual = text[node.children[0].end : node.heads[1]]
    elif "\n" in opening:
        usual = ",\n" + opening.rsplit("\n", 1)[1]
    else:
        usual = ", "
    out = [opening]
    previous: int | None = None
    for n, (index, piece) in enumerate(pieces):
        if n and index is not None and previous is not None and index == previous + 1:
            out.append(text[node.children[previous].end : node.heads[index]])
        elif n:
            out.append(usual)
        out.append(piece)
        previous = index
    out.append(closing)
    return "".join(out)


def _one_line_elements(style: _Style, node: Node) -> bool:
    """Whether the container's elements are each written on one line (new ones are written alike)."""
    inner = style.text[node.start : node.end]
    if "\n" not in inner:
        return True
    spans = [style.text[h : c.end] for h, c in zip(node.heads, node.children, strict=True)]
    return not any("\n" in s for s in spans) and any(c.kind != "scalar" for c in node.children)


def _rebuild_object(style: _Style, node: Node, new: dict[str, Any]) -> str:
    """Members kept in their order (those `new` lacks left out), new members after them."""
    one_line = "\n" not in style.text[node.start : node.end]
    pieces: list[tuple[int | None, str]] = []
    for i, (key, child) in enumerate(zip(node.keys, node.children, strict=True)):
        if key in new:
            head = style.text[node.heads[i] : child.start]
            pieces.append((i, head + _render(style, child, new[key], one_line)))
    indent = style.indent_at(node.heads[0])
    for key, value in new.items():
        if key not in node.keys:
            item = style.dump(value, indent, one_line)
            pieces.append((None, json.dumps(key, ensure_ascii=style.ascii_only) + ": " + item))
    return _rebuild(style, node, pieces)


def _rebuild_array(style: _Style, node: Node, new: list[Any]) -> str:
    """Unchanged elements are copied, changed ones edited in place, the rest written anew."""
    old_keys = [_canon(c.value) for c in node.children]
    new_keys = [_canon(v) for v in new]
    one_line = _one_line_elements(style, node)
    indent = style.indent_at(node.heads[0])
    pieces: list[tuple[int | None, str]] = []
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        paired = min(i2 - i1, j2 - j1) if op == "replace" else (i2 - i1 if op == "equal" else 0)
        for k in range(paired):
            pieces.append((i1 + k, _render(style, node.children[i1 + k], new[j1 + k], one_line)))
        for value in new[j1 + paired : j2]:
            pieces.append((None, style.dump(value, indent, one_line)))
    return _rebuild(style, node, pieces)


def edit(text: str, new: Any) -> str:
    """`text` (a JSON document) changed so that it holds `new`, with every unchanged value's text kept."""
    style = _Style.of(text)
    root = parse(text)
    return text[: root.start] + _render(style, root, new) + text[root.end :]
