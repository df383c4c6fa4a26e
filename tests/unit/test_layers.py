"""The layers of docs/architecture.md hold: imports go downward only, no module
imports itself back through others (at module level or inside a function), and
no module grows past one screenful of jobs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "mentorlog"

#: A module may import modules of its own layer or of a lower one.
RANK = {
    "mentorlog": 0,  # __init__: the version
    "mentorlog.errors": 0,
    "mentorlog.model": 1,
    "mentorlog.text": 2,
    "mentorlog.rules": 3,
    "mentorlog.store": 4,
    "mentorlog.render": 5,
    "mentorlog.demo": 6,
    "mentorlog.api": 6,
    "mentorlog.cli": 7,
    "mentorlog.__main__": 8,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(name: str) -> str:
    parts = name.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in RANK:
            return ".".join(parts[:n])
    raise AssertionError(f"{name} belongs to no layer: add it to RANK and docs/architecture.md")


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """Every mentorlog module ``name`` imports, wherever the import statement is."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            # "from mentorlog.x import y" may name the module mentorlog.x.y
            targets = [
                f"{mod}.{a.name}" if f"{mod}.{a.name}" in MODULES else mod for a in node.names
            ]
        else:
            continue
        found.update(t for t in targets if t in MODULES and t != name)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_downward(name: str) -> None:
    mine = RANK[layer(name)]
    upward = sorted(t for t in GRAPH[name] if RANK[layer(t)] > mine)
    assert not upward, f"{name} (layer {layer(name)}) imports from a higher layer: {upward}"


def test_no_import_cycles() -> None:
    """Tarjan's strongly connected components over every import, lazy ones included
    (a package's __init__ importing its own modules is not a cycle)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def edges(v: str) -> list[str]:
        return [w for w in GRAPH[v] if not w.startswith(v + ".")]

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


#: The longest a module may be (lines); past it, split it by job.
MAX_LINES = 400


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[name].name}: {lines} lines; split it by job"
