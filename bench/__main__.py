"""`make bench`: every benchmark of the project, one after the other, in one run.

Each module prints its own table (medians and percentiles, and the peers it is compared with).
"""

from __future__ import annotations

import importlib

BENCHMARKS = (
    "bench.bench_core",
    "bench.bench_whatif",
    "bench.bench_ml",
    "bench.bench_second_stage",
    "bench.bench_crisis",
    "bench.bench_crisis_room",
    "bench.bench_failover",
    "bench.bench_raid",
    "bench.bench_suites",
)


def main() -> None:
    """Run every benchmark module's `main()`."""
    for name in BENCHMARKS:
        importlib.import_module(name).main()


if __name__ == "__main__":
    main()
