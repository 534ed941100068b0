"""`make bench`: run every benchmark in this folder (files named bench_*.py) and print their figures.

Benchmarks are not tests: they measure, and their figures go to docs/benchmarks.md by hand after a run.
"""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    selected = sys.argv[1:]
    for path in sorted(HERE.glob("bench_*.py")):
        if selected and path.stem not in selected:
            continue
        print(f"== {path.stem} ==", flush=True)
        runpy.run_path(str(path), run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
