"""The shape of the code a newcomer relies on: modules use each other's public names only, and no views module
grows past what one reader takes in.

A name with a leading underscore is private to its module; when a second module needs it, it has found a shared basic
that deserves a public name and one home (see portfolio/views/common.py, fund/service_calls.py)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = ("config", "fund", "impactmetrics", "portfolio", "reporting")
VIEWS_MODULE_MAX_LINES = 450
NOT_YET_CHECKED: tuple[str, ...] = ()  # every app is checked


def _project_modules() -> list[Path]:
    """Every .py file of the installed apps and config, outside migrations and tests."""
    return sorted(
        path
        for package in PROJECT_PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
    )


def _checked(path: Path) -> bool:
    return path.relative_to(ROOT).parts[0] not in NOT_YET_CHECKED


def _private_imports(path: Path, root: Path = ROOT) -> list[str]:
    """`from X import _name` lines of one module, inside functions too (dunder names are not private)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{path.relative_to(root)}:{node.lineno} from {node.module} import {alias.name}")
    return found


def _is_views_module(path: Path) -> bool:
    return path.name == "views.py" or path.name.endswith("_views.py") or "views" in path.parent.parts[-1:]


def test_the_walk_sees_the_project():
    paths = {str(p.relative_to(ROOT)) for p in _project_modules()}
    assert "portfolio/views/loans.py" in paths
    assert "fund/service_calls.py" in paths
    assert not any("migrations" in p for p in paths)


def test_no_module_imports_another_modules_private_names():
    offenders = [line for path in _project_modules() if _checked(path) for line in _private_imports(path)]
    assert offenders == [], "\n".join(offenders)


def test_the_check_finds_a_private_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "from django.utils.translation import gettext as _\n"
        "def view():\n"
        "    from portfolio.views.loans import _service_once\n"
    )
    assert _private_imports(module, root=tmp_path) == ["module.py:3 from portfolio.views.loans import _service_once"]


def test_no_views_module_is_over_450_lines():
    views_modules = [path for path in _project_modules() if _is_views_module(path) and _checked(path)]
    assert any(path.parent.name == "views" for path in views_modules)  # the walk sees the views packages
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in views_modules
        if (lines := len(path.read_text().splitlines())) > VIEWS_MODULE_MAX_LINES
    }
    assert too_long == {}


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph(paths: list[Path], root: Path) -> dict[str, set[str]]:
    """{module: the project modules it imports}, counting imports inside functions; `from pkg import name` counts as
    an import of the submodule pkg.name when there is one, else of pkg."""
    modules = {_module_name(path, root): path for path in paths}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or round a loop (Tarjan's strongly connected parts)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_two_modules_import_each_other():
    graph = _import_graph(_project_modules(), ROOT)
    assert "reporting.services" in graph["reporting.tasks"]  # the walk sees real imports
    assert _cycles(graph) == []


def test_the_check_finds_an_import_cycle_through_a_function(tmp_path):
    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "services.py").write_text("def queue():\n    from app.tasks import run\n")
    (package / "tasks.py").write_text("from app import services\n")
    graph = _import_graph(sorted(package.rglob("*.py")), tmp_path)
    assert _cycles(graph) == [["app.services", "app.tasks"]]
