import datetime
from decimal import Decimal

import pytest

from projects import parts
from projects.parts import Involvement, ProjectPart


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Receipts are stored in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


class MeetingsLikePart(ProjectPart):
    """Stands in for a part that records attendance (the meetings app)."""

    def __init__(self, records):
        self.records = records

    def involvement(self, project):
        return [
            Involvement(
                user_id=user_id,
                key=key,
                activity=activity,
                date=day,
                hours=hours,
                description=description,
            )
            for project_id, user_id, key, activity, day, hours, description in self.records
            if project_id == project.pk
        ]


@pytest.fixture
def attendance(monkeypatch):
    """Register a part that says who attended what; returns the list to add records to."""
    records: list = []
    monkeypatch.setattr(parts, "_parts", [*parts._parts, MeetingsLikePart(records)])

    def attended(
        project, user, key, *, hours="2", activity="meeting", description="Steering group"
    ):
        records.append(
            (
                project.pk,
                user.pk,
                key,
                activity,
                datetime.date(2030, 3, 4),
                Decimal(hours),
                description,
            )
        )

    return attended
