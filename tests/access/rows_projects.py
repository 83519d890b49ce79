from projects.models import Membership, Role
from tests.factories import GoalFactory

from .matrix import FACILITATORS_DO, FACILITATORS_SEE, LOGIN, MEMBERS_SEE, Row, World, expect


def goal(w: World) -> dict:
    return {"slug": w.project.slug, "goal_id": GoalFactory(project=w.project).pk}


def participant_membership(w: World) -> dict:
    membership = Membership.objects.get(project=w.project, user=w.users["participant"])
    return {"slug": w.project.slug, "member_id": membership.pk}


ROWS = [
    Row("projects-list", expect(LOGIN, 200, 200, 200, 200), kwargs=lambda w: {}),
    Row("projects-create", expect(LOGIN, 200, 200, 200, 200), kwargs=lambda w: {}),
    Row(
        "projects-create",
        expect(LOGIN, 302, 302, 302, 302),
        method="post",
        kwargs=lambda w: {},
        data=lambda w: {"title": "Another project", "perspective": "researcher"},
        note="anyone signed in may start a project of their own",
    ),
    Row("projects-detail", MEMBERS_SEE),
    Row("projects-goals", MEMBERS_SEE),
    Row("projects-aim", FACILITATORS_SEE),
    Row(
        "projects-aim",
        FACILITATORS_DO,
        method="post",
        data=lambda w: {"aim": "A new aim", "version": w.project.version},
    ),
    Row(
        "projects-goal-create",
        FACILITATORS_DO,
        method="post",
        data=lambda w: {"text": "A goal", "measure": ""},
    ),
    Row("projects-goal-update", FACILITATORS_SEE, kwargs=goal),
    Row(
        "projects-goal-update",
        FACILITATORS_DO,
        method="post",
        kwargs=goal,
        data=lambda w: {"text": "Changed", "measure": ""},
    ),
    Row("projects-goal-delete", FACILITATORS_SEE, kwargs=goal),
    Row("projects-goal-delete", FACILITATORS_DO, method="post", kwargs=goal),
    Row(
        "projects-goal-move",
        FACILITATORS_DO,
        method="post",
        kwargs=lambda w: {**goal(w), "direction": "up"},
    ),
    Row("projects-members", MEMBERS_SEE),
    Row("projects-member-update", FACILITATORS_SEE, kwargs=participant_membership),
    Row(
        "projects-member-update",
        FACILITATORS_DO,
        method="post",
        kwargs=participant_membership,
        data=lambda w: {"role": Role.OBSERVER, "perspective": "community"},
    ),
    Row("projects-member-remove", FACILITATORS_SEE, kwargs=participant_membership),
    Row("projects-member-remove", FACILITATORS_DO, method="post", kwargs=participant_membership),
    Row("projects-events", FACILITATORS_SEE),
    Row("projects-export", FACILITATORS_SEE),
    Row("projects-delete", FACILITATORS_SEE),
    Row(
        "projects-delete",
        FACILITATORS_DO,
        method="post",
        data=lambda w: {"confirm": w.project.title},
    ),
]
