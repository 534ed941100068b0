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
    return path.name == "views.py" or "views" in path.parent.parts[-1:]


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
