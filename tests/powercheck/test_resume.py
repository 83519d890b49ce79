"""A member who stopped part way carries on where they stopped, and is told which statements
are still unanswered, each one a link to it."""

from django.urls import reverse

from powercheck.actions import AnswerInput, do_save_answers
from projects.models import Membership
from tests.factories import RoundFactory
from tests.powercheck.helpers import statements


def save(round, user, questions):
    member = Membership.objects.get(project=round.project, user=user)
    do_save_answers(round=round, member=member, answers=[AnswerInput(q.pk, 2) for q in questions])


def test_continue_goes_to_the_first_section_with_an_unanswered_statement(
    as_user, participant, project
):
    round = RoundFactory(project=project)
    save(round, participant, statements(1) + statements(2)[:1])
    page = as_user(participant).get(reverse("powercheck-index", args=[project.slug]))
    resume = reverse("powercheck-respond", args=[project.slug, round.pk, 2])
    assert f'href="{resume}">Continue your answers' in page.content.decode()


def test_with_every_statement_answered_continue_goes_to_checking_them(
    as_user, participant, project
):
    round = RoundFactory(project=project)
    save(round, participant, [q for section in (1, 2, 3, 4) for q in statements(section)])
    page = as_user(participant).get(reverse("powercheck-index", args=[project.slug]))
    check = reverse("powercheck-check", args=[project.slug, round.pk])
    assert f'href="{check}">Continue your answers' in page.content.decode()


def test_check_your_answers_links_each_unanswered_statement(as_user, participant, project):
    round = RoundFactory(project=project)
    save(round, participant, statements(1) + statements(2) + statements(4))
    page = as_user(participant).get(reverse("powercheck-check", args=[project.slug, round.pk]))
    text = page.content.decode()
    missing = statements(3)
    assert f"You have not answered {len(missing)} statements." in text
    for question in missing:
        url = reverse("powercheck-respond", args=[project.slug, round.pk, 3])
        assert f'<a href="{url}#statement-{question.pk}">' in text
    respond = as_user(participant).get(
        reverse("powercheck-respond", args=[project.slug, round.pk, 3])
    )
    assert f'id="statement-{missing[0].pk}"' in respond.content.decode()
