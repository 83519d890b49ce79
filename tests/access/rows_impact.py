import datetime

from tests.factories import ContributionFactory, ImpactEntryFactory

from .matrix import FACILITATORS_DO, FACILITATORS_SEE, LOGIN, MEMBERS_SEE, Row, World, expect

MEMBERS_DO = expect(LOGIN, 404, 302, 302, 302)


def entry(w: World) -> dict:
    return {"slug": w.project.slug, "entry_id": ImpactEntryFactory(project=w.project).pk}


def contribution(w: World) -> dict:
    made = ContributionFactory(project=w.project)
    return {"slug": w.project.slug, "contribution_id": made.pk}


def entry_data(w: World) -> dict:
    return {
        "what_changed": "A dropped kerb",
        "for_whom": "Wheelchair users",
        "changed_on": datetime.date.today().isoformat(),
        "version": 1,
    }


ROWS = [
    Row("impact-list", MEMBERS_SEE),
    Row("impact-mine", MEMBERS_SEE),
    Row("impact-create", FACILITATORS_SEE),
    Row("impact-create", FACILITATORS_DO, method="post", data=entry_data),
    Row("impact-update", FACILITATORS_SEE, kwargs=entry),
    Row("impact-update", FACILITATORS_DO, method="post", kwargs=entry, data=entry_data),
    Row("impact-delete", FACILITATORS_SEE, kwargs=entry),
    Row("impact-delete", FACILITATORS_DO, method="post", kwargs=entry),
    Row("impact-digest", FACILITATORS_DO, method="post", data=lambda w: {"enabled": "on"}),
    Row(
        "impact-my-digest",
        MEMBERS_DO,
        method="post",
        data=lambda w: {"enabled": "on"},
        note="each member changes only their own choice",
    ),
    Row("impact-contributions", FACILITATORS_SEE),
    Row("impact-contribution-create", FACILITATORS_SEE),
    Row(
        "impact-contribution-create",
        FACILITATORS_DO,
        method="post",
        data=lambda w: {"kind": "suggestion", "text": "More benches"},
    ),
    Row("impact-contribution-outcome", FACILITATORS_SEE, kwargs=contribution),
    Row(
        "impact-contribution-outcome",
        FACILITATORS_DO,
        method="post",
        kwargs=contribution,
        data=lambda w: {"outcome": "adopted"},
    ),
]
