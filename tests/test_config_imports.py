"""The apps stand on their own: they reach Celery through `celery.current_app` or `shared_task`, never through the
project package `config`, so that the project wiring can change without touching them."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("fund", "impactmetrics", "portfolio", "reporting")


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):  # every import, also inside functions
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_no_app_module_imports_the_project_config_package():
    offenders = sorted(
        f"{path.relative_to(ROOT)} imports {module}"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        for module in _imported_modules(path)
        if module == "config" or module.startswith("config.")
    )
    assert offenders == []


def test_the_health_check_is_a_project_level_view():
    from django.urls import resolve

    assert resolve("/healthz").func.__module__ == "config.health"
