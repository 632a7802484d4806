"""The import graph of schemas/, transforms/ and pipeline/: no circle of modules, no import against the layers.

``schemas`` imports nothing of ours, ``transforms`` only ``schemas``, ``pipeline`` both (docs/architecture.md,
*The rooms*). Imports inside functions count as much as those at the top: a circle closed by a lazy import
still ties the modules together. A module's ``if __name__ == "__main__":`` block does not count: it runs only
when the file is started as a script, as a module of another name.
"""
from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

PACKAGES = ("schemas", "transforms", "pipeline")
LAYER = {"schemas": 0, "transforms": 1, "pipeline": 2}


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            parts = path.relative_to(REPO).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _is_script_block(node: ast.AST) -> bool:
    return (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name) and node.test.left.id == "__name__")


def _imported_names(tree: ast.Module) -> list[str]:
    """Every module name an import statement names (``from a import b`` names ``a.b``, which may be a module)."""
    names: list[str] = []
    pending: list[ast.AST] = [node for node in tree.body if not _is_script_block(node)]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [f"{node.module}.{alias.name}" for alias in node.names]
        pending.extend(ast.iter_child_nodes(node))
    return names


def import_graph() -> dict[str, set[str]]:
    modules = _modules()

    def ours(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for name, path in modules.items():
        targets = {ours(imported) for imported in _imported_names(ast.parse(path.read_text(encoding="utf-8")))}
        graph[name] = {target for target in targets if target and target != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

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
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_checker_finds_a_circle_and_leaves_a_line_alone() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_the_checker_sees_imports_inside_functions_and_skips_the_script_block() -> None:
    tree = ast.parse("import os\ndef f():\n    from pipeline.cli import main\n"
                     "if __name__ == '__main__':\n    from pipeline.run import run_job\n")
    assert sorted(_imported_names(tree)) == ["os", "pipeline.cli.main"]


def test_no_circle_of_modules() -> None:
    assert circles(import_graph()) == []


def test_no_import_against_the_layers() -> None:
    against = sorted(f"{module} -> {target}" for module, targets in import_graph().items() for target in targets
                     if LAYER[target.split(".")[0]] > LAYER[module.split(".")[0]])
    assert against == []


def test_no_test_module_imports_another() -> None:
    """What several test modules share lives in conftest.py or tests/synthetic.py, not in one of them."""
    found = sorted(f"{path.name} -> {name}" for path in (REPO / "tests").glob("*.py")
                   for name in _imported_names(ast.parse(path.read_text(encoding="utf-8")))
                   if name.startswith("tests.test_"))
    assert found == []
