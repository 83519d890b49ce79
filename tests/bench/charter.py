"""The charter of the large project against a plain WeasyPrint document of as many pages.

Each render runs in a process of its own, so that its peak memory is its own:
``python -m tests.bench.charter charter`` gathers and renders the demo project's charter
through ``charter.content`` and ``charter.render``; ``python -m tests.bench.charter reference PAGES`` renders a
plain document of PAGES pages with the same PDF options. Both render once to warm up (fonts,
templates), then ``REPEATS`` times, and print the median seconds, the pages and the
process's peak resident memory as JSON.
"""

import html
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from io import BytesIO

REPEATS = 3
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}

# Plain prose for the reference document: about one A4 page per heading.
PARAGRAPH = (
    "The group meets once a month in the community centre, with food and travel paid for. "
    "Residents, council officers and researchers take turns to chair the meeting, and the "
    "notes go out within a week in large print and easy read. Decisions about the budget "
    "are made by consent: a proposal stands unless someone has a reasoned objection, which "
    "the group then works through together. When the group cannot agree, it votes, and two "
    "thirds of those present must support the proposal. "
)


def peak_rss_kib() -> int:
    """This process's peak resident set size so far, in KiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def count_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


def reference_html(pages: int) -> str:
    """A plain document of ``pages`` A4 pages: a heading and five paragraphs on each."""
    body = "".join(
        f'<section style="break-after: page"><h1>Part {n}</h1>'
        + f"<p>{html.escape(PARAGRAPH)}</p>" * 5
        + "</section>"
        for n in range(1, pages + 1)
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reference</title>'
        "<style>@page { size: A4; margin: 2cm }</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def timed(render: Callable[[], dict]) -> dict:
    """Render once to warm up, then REPEATS times; the median of each timed part."""
    render()
    runs = [render() for _ in range(REPEATS)]
    numbers = {key: round(statistics.median(run[key] for run in runs), 3) for key in runs[0]}
    return numbers | {"peak_rss_kib": peak_rss_kib()}


def render_reference(pages: int) -> dict:
    from weasyprint import HTML

    document = reference_html(pages)

    def render() -> dict:
        began = time.perf_counter()
        pdf = HTML(string=document).write_pdf(**PDF_OPTIONS)
        return {"seconds": time.perf_counter() - began, "pages": count_pages(pdf)}

    return timed(render)


def render_charter() -> dict:
    """Gather the demo project's charter and render it, exactly as the render task does."""
    from django.utils import timezone

    from charter.content import gather_charter
    from charter.render import render_pdf
    from projects.demo import DEMO_SLUG
    from projects.models import Project

    project = Project.objects.get(slug=DEMO_SLUG)

    def render() -> dict:
        began = time.perf_counter()
        content = gather_charter(project)
        gathered = time.perf_counter()
        pdf = render_pdf(content, version=None, generated_at=timezone.now())
        done = time.perf_counter()
        return {
            "seconds": done - began,
            "gather_seconds": gathered - began,
            "pages": count_pages(pdf),
        }

    return timed(render)


def in_own_process(*args: str) -> dict:
    """Run this module with ``args`` in a fresh process and read the numbers it prints."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.charter", *args],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"Rendering {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def measure_charter(project) -> dict:
    """The charter's render against the reference's, each in its own process."""
    charter = in_own_process("charter")
    reference = in_own_process("reference", str(charter["pages"]))
    return {
        "seconds": charter["seconds"],
        "gather_seconds": charter["gather_seconds"],
        "pages": charter["pages"],
        "peak_rss_kib": charter["peak_rss_kib"],
        "rss_before_render_kib": charter["rss_before_render_kib"],
        "reference_seconds": reference["seconds"],
        "reference_pages": reference["pages"],
        "reference_peak_rss_kib": reference["peak_rss_kib"],
        "ratio": round(charter["seconds"] / reference["seconds"], 2),
    }


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    import django

    django.setup()
    started_kib = peak_rss_kib()
    numbers = render_charter() if argv[0] == "charter" else render_reference(int(argv[1]))
    json.dump(numbers | {"rss_before_render_kib": started_kib}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
