"""Summary statistics and the printed table of a benchmark run (no Django needed)."""

import math
import statistics


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank q-th percentile (0 < q <= 100) of a non-empty list."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise(latencies: list[float], elapsed: float, errors: int = 0) -> dict:
    """Requests per second and latency (milliseconds) of a timed phase of ``elapsed`` seconds."""
    done = len(latencies)
    return {
        "requests": done,
        "errors": errors,
        "seconds": round(elapsed, 3),
        "requests_per_second": round(done / elapsed, 1) if elapsed > 0 else 0.0,
        "p50_ms": round(statistics.median(latencies) * 1000, 2) if done else None,
        "p99_ms": round(percentile(latencies, 99) * 1000, 2) if done else None,
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2) if done else None,
    }


def ratio(value: float | None, baseline: float | None) -> float | None:
    """value / baseline, or None when either is missing or the baseline is zero."""
    if value is None or not baseline:
        return None
    return round(value / baseline, 3)


def percent(value: float | None) -> str:
    """A ratio as a whole percentage ("43%"), or a dash when missing."""
    return "—" if value is None else f"{value:.0%}"


def format_cell(value) -> str:
    """How a value reads in the printed table."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def format_table(headers: list[str], rows: list[list]) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    cells = [headers, *[[format_cell(v) if i else str(v) for i, v in enumerate(r)] for r in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    return "\n".join([line(cells[0]), line(["-" * w for w in widths]), *map(line, cells[1:])])
