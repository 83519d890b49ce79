"""The report as it stands, as plain values: each item's latest version, what it drew on and
what it lacks. The page, the Word, Markdown and PDF files are all made from this."""

import hashlib
import json

from projects.models import Project

from .models import Report, ReportVersion
from .standards import report_items


def get_report(project: Project) -> Report:
    """The project's report (made the first time it is asked for)."""
    report, _created = Report.objects.get_or_create(project=project)
    report.project = project
    return report


def find_report(project: Project) -> Report:
    """The project's report, or an unsaved one if it has none yet (reading makes no rows)."""
    report = Report.objects.filter(project=project).first() or Report(project=project)
    report.project = project
    return report


def item_versions(report: Report) -> dict[str, list[ReportVersion]]:
    """Every version of each item of the report, latest first, in one query."""
    versions: dict[str, list[ReportVersion]] = {}
    if report.pk is None:
        return versions
    for version in report.versions.select_related("by").order_by("item", "-number"):
        versions.setdefault(version.item, []).append(version)
    return versions


def current_versions(report: Report) -> dict[str, ReportVersion]:
    """The latest version of each item of the report."""
    return {item: versions[0] for item, versions in item_versions(report).items()}


def sources_of(versions: list[ReportVersion]) -> list[dict]:
    """What the latest draft of an item drew on, each source once: an edited item still says
    where its sentences came from."""
    draft = next((version for version in versions if version.drafted), None)
    if draft is None:
        return []
    seen = {}
    for sentence in draft.sentences:
        seen.setdefault(sentence["url"] + sentence["title"], sentence)
    return [{"title": s["title"], "url": s["url"]} for s in seen.values()]


def report_content(report: Report) -> dict:
    """Every item of the report in order, as plain values (no times, so that an unchanged
    report hashes the same)."""
    versions = item_versions(report)
    items = []
    for item in report_items(report.long_form):
        history = versions.get(item.key, [])
        version = history[0] if history else None
        items.append(
            {
                "key": item.key,
                "title": str(item.title),
                "asks": str(item.asks),
                "number": version.number if version else 0,
                "drafted": version.drafted if version else False,
                "sentences": version.sentences if version and version.drafted else [],
                "gaps": version.gaps if version else [],
                "text": version.text if version else "",
                "sources": sources_of(history),
            }
        )
    project = report.project
    return {
        "project": {"title": project.title, "organisation": project.organisation},
        "long_form": report.long_form,
        "items": items,
        "drafted": bool(versions),
    }


def content_hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()
