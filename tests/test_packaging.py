"""The installed product (`pip install .`): the wheel holds the product's apps and nothing of the demo data set."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = {"config", "fund", "impactmetrics", "portfolio", "reporting"}
# What `pip wheel .` would otherwise trip over or pick up stale: the checkout's environments, caches and build output.
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "test-artifacts"
)


def _wheel_files(tmp_path: Path) -> list[str]:
    # Built from a copy: setuptools builds inside the source folder, and a stale build/ there could add old modules.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    command = [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-w", str(tmp_path / "wheels")]
    result = subprocess.run(
        [*command, "--quiet", "--disable-pip-version-check"],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = (tmp_path / "wheels").glob("sifportfolio-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_the_installed_wheel_contains_the_product_and_no_demo_module(tmp_path):
    files = _wheel_files(tmp_path)

    packages = {name.split("/")[0] for name in files if not name.split("/")[0].endswith(".dist-info")}
    assert packages == PRODUCT  # no demo/, tests/ or bench/
    assert {"fund/access.py", "portfolio/engine/schedule.py", "reporting/__init__.py"} <= set(files)
    # Nothing that seeds demo data: no demo data module, no seed_demo command, no history written past the audit
    # trail. The demo settings profile (SQLite, DEMO_MODE) stays in config/ beside the others; it holds no data.
    demo_modules = sorted(name for name in files if "demo" in name.rsplit("/", 1)[-1] or "historic" in name)
    assert demo_modules == ["config/settings/demo.py"]
