"""`make bench`: run every bench/bench_*.py and write docs/benchmarks.md.

Each module exposes `TITLE: str` and `run() -> list[Result]`. Pass module names
(e.g. `python -m bench bench_forms`) to run only some; their sections are replaced and
the others kept.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import pkgutil
import platform
import re
import sys
import traceback
from pathlib import Path

from bench.harness import Result

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = """# Benchmarks

Produced by `make bench` (`python -m bench [module ...]`). Each figure is measured
together with a baseline in the same run, because the machines are noisy; compare the
ratio, not the absolute time. Targets come from the issues. Machine of the last run
per section is named in that section.
"""


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def _section(module: str, title: str, results: list[Result]) -> str:
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [
        f"<!-- section:{module} -->",
        f"## {title}",
        "",
        f"`python -m bench {module}` — {when}, {machine}",
        "",
        "| measure | value | baseline | ratio | target | met | notes |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        base = f"{r.baseline_name}: {_fmt(r.baseline_value)} {r.unit}" if r.baseline_name else ""
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(
            f"| {r.name} | {_fmt(r.value)} {r.unit} | {base} | {_fmt(r.ratio)} "
            f"| {r.target} | {met} | {r.notes} |"
        )
    lines.append(f"<!-- end:{module} -->")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Run the selected benchmark modules and update docs/benchmarks.md."""
    here = Path(__file__).resolve().parent
    names = argv or sorted(
        m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")
    )
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else HEADER
    failed = 0
    for name in names:
        print(f"== {name}", flush=True)
        try:
            module = importlib.import_module(f"bench.{name}")
            results: list[Result] = module.run()
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            traceback.print_exc()
            failed += 1
            continue
        for r in results:
            print(f"   {r.name}: {_fmt(r.value)} {r.unit}  ratio={_fmt(r.ratio)}  met={r.met}")
        section = _section(name, module.TITLE, results)
        pattern = re.compile(rf"<!-- section:{name} -->.*?<!-- end:{name} -->\n", re.S)
        if pattern.search(text):
            text = pattern.sub(section.replace("\\", "\\\\"), text)
        else:
            text += "\n" + section
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
