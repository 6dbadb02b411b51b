"""The package's layout: no import cycle, not even through imports inside functions, and no
first-party import in a function without a comment saying why it must wait (issue 18)."""

from __future__ import annotations

import ast
from pathlib import Path

import newsbot

PACKAGE = Path(newsbot.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _module_of(name: str) -> str | None:
    """The first-party module ``name`` imports (a module, or the one defining the name)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(module, line, inside a function) of every first-party import outside ``TYPE_CHECKING``."""
    found: list[tuple[str, int, bool]] = []

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for other in child.orelse:
                    walk(other, in_function)
                continue
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                names = [f"{child.module}.{alias.name}" for alias in child.names]
            for name in names:
                target = _module_of(name) if name.startswith("newsbot.") else None
                if target and target != "newsbot":
                    found.append((target, child.lineno, in_function))
            walk(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    walk(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def _graph() -> dict[str, set[str]]:
    """Module -> the modules importing it runs (their packages too), at any depth of code."""
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for module, path in MODULES.items():
        for target, _, _ in _imports(path):
            parts = target.split(".")
            for end in range(2, len(parts) + 1):
                imported = ".".join(parts[:end])
                # A submodule importing its own package is Python's order, not a cycle.
                if imported != module and not module.startswith(imported + "."):
                    graph[module].add(imported)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return cycles


def test_no_import_cycle_even_through_imports_in_functions() -> None:
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_one() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _says_why(lines: list[str], line: int) -> bool:
    """A comment on the import's line, or above the imports it begins a block of."""
    if "#" in lines[line - 1]:
        return True
    above = line - 2
    while above >= 0 and lines[above].strip().startswith(("from ", "import ")):
        above -= 1
    return above >= 0 and lines[above].strip().startswith("#")


def test_every_import_in_a_function_says_why() -> None:
    """Hoisted to the top, or a comment saying why it waits: the fork server's preload, a heavy
    or optional dependency, the command line's start-up time."""
    silent = []
    for path in sorted(MODULES.values()):
        lines = path.read_text(encoding="utf-8").splitlines()
        for target, line, in_function in _imports(path):
            if in_function and not _says_why(lines, line):
                silent.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert sorted(set(silent)) == []
