"""Shared helpers for benchmarks: timing samples, percentiles and result rows.

Every benchmark compares against a baseline measured in the same run, because these
machines are noisy: the ratio is what we track, the absolute figure is context.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    """One measured figure, optionally with its same-run baseline and target."""

    name: str
    value: float
    unit: str
    target: str = ""
    baseline_name: str = ""
    baseline_value: float | None = None
    met: bool | None = None
    notes: str = ""

    @property
    def ratio(self) -> float | None:
        """value / baseline, when there is a baseline."""
        if self.baseline_value is None or self.baseline_value == 0:
            return None
        return self.value / self.baseline_value


def samples(fn: Callable[[], object], *, repeat: int, warmup: int = 3) -> list[float]:
    """Run `fn` `warmup` times untimed, then `repeat` times; seconds per call."""
    for _ in range(warmup):
        fn()
    out: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile (0..100) by nearest rank."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    """The median of `values`."""
    return statistics.median(values)


def ms(seconds: float) -> float:
    """Seconds to milliseconds."""
    return seconds * 1000.0
