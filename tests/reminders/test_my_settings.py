"""A member changes how they take part themselves: their perspective, on their own settings page."""

from django.urls import reverse

from projects.models import AuditEvent, Membership


def test_a_member_changes_their_own_perspective(as_user, participant, project):
    client = as_user(participant)
    url = reverse("reminders-my-settings", args=[project.slug])
    page = client.get(url).content.decode()
    assert "Which of these describes you best in this project?" in page
    response = client.post(
        reverse("reminders-my-perspective", args=[project.slug]),
        {"perspective": "organisation"},
        follow=True,
    )
    assert "Your perspective was saved." in response.content.decode()
    membership = Membership.objects.get(user=participant, project=project)
    assert membership.perspective == "organisation"
    assert AuditEvent.objects.filter(verb="role changed", project=project).exists()


def test_an_unknown_perspective_is_refused_and_nothing_changes(as_user, participant, project):
    before = Membership.objects.get(user=participant, project=project).perspective
    response = as_user(participant).post(
        reverse("reminders-my-perspective", args=[project.slug]), {"perspective": "boss"}
    )
    assert response.status_code == 422
    assert "There is a problem" in response.content.decode()
    assert Membership.objects.get(user=participant, project=project).perspective == before


def test_saving_the_perspective_unchanged_records_nothing(as_user, participant, project):
    membership = Membership.objects.get(user=participant, project=project)
    before = AuditEvent.objects.count()
    as_user(participant).post(
        reverse("reminders-my-perspective", args=[project.slug]),
        {"perspective": membership.perspective},
    )
    assert AuditEvent.objects.count() == before
