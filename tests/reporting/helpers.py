"""A part registered only for a test, supplying evidence of the kinds other apps will hold."""

import datetime

from projects import parts
from projects.parts import Evidence, ProjectPart


class FakeRecordPart(ProjectPart):
    """Decisions, meetings and impact entries, as the decisions, meetings and impact apps
    will offer them."""

    position = 85
    meetings = 8

    def report_evidence(self, project):
        day = datetime.date(2027, 1, 10)
        meetings = [
            Evidence(
                "meeting",
                str(n),
                f"Workshop {n}",
                f"Workshop {n} was held with 9 people taking part.",
                f"/projects/{project.slug}/meetings/{n}/",
                day + datetime.timedelta(days=14 * n),
                ("working_together",),
                ("methods",),
            )
            for n in range(1, self.meetings + 1)
        ]
        return [
            *meetings,
            Evidence(
                "decision",
                "1",
                "Which streets first",
                "The group decided by consent to start with Market Street.",
                f"/projects/{project.slug}/decisions/1/",
                datetime.date(2027, 2, 1),
                ("governance",),
                ("results",),
            ),
            Evidence(
                "impact",
                "1",
                "Crossing moved",
                "After residents walked the route, the crossing was moved to the school gate.",
                f"/projects/{project.slug}/impact/1/",
                datetime.date(2027, 3, 1),
                ("impact",),
                ("results", "discussion"),
            ),
        ]


def register_fake_part():
    part = FakeRecordPart()
    parts._parts.append(part)
    return part


def unregister(part) -> None:
    parts._parts.remove(part)
