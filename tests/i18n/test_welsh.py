"""Welsh and English: a switch on every page, a person's own language in pages and emails,
and a project's language for those who have chosen none."""

import datetime
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from powercheck.actions import do_open_round
from projects.models import Membership
from reminders.sweep import send_due_reminders


def test_every_page_offers_the_other_language(client, as_user, participant, project):
    assert 'lang="cy">Cymraeg</button>' in client.get(reverse("home")).content.decode()
    page = as_user(participant).get(project.get_absolute_url()).content.decode()
    assert 'lang="cy">Cymraeg</button>' in page
    assert '<html lang="en-GB">' in page


def test_switching_to_welsh_shows_the_site_in_welsh_and_keeps_it_for_the_person(
    as_user, participant, project
):
    client = as_user(participant)
    response = client.post(
        reverse("language-set"),
        {"language": "cy", "next": project.get_absolute_url()},
        follow=True,
    )
    page = response.content.decode()
    assert '<html lang="cy">' in page
    assert "Trosolwg" in page and "Neidio i’r prif gynnwys" in page
    assert 'lang="en-GB">English</button>' in page
    participant.refresh_from_db()
    assert participant.language == "cy"


def test_a_person_who_chose_welsh_sees_welsh_on_another_browser(client, participant, project):
    participant.language = "cy"
    participant.save()
    client.force_login(participant)
    assert "Eich cyfrif" in client.get(project.get_absolute_url()).content.decode()


def test_the_account_page_saves_language_and_easy_read(as_user, participant):
    client = as_user(participant)
    response = client.post(
        reverse("account-preferences"), {"language": "cy", "easy_read": "on"}, follow=True
    )
    assert "Mae eich dewisiadau wedi’u cadw." in response.content.decode()
    participant.refresh_from_db()
    assert (participant.language, participant.easy_read) == ("cy", True)


def test_an_unknown_language_is_refused_and_nothing_changes(as_user, participant):
    response = as_user(participant).post(reverse("account-preferences"), {"language": "xx"})
    assert response.status_code == 422
    assert "There is a problem" in response.content.decode()
    participant.refresh_from_db()
    assert participant.language == ""


def test_emails_are_in_each_members_own_language(project, facilitator, participant):
    participant.language = "cy"
    participant.save()
    do_open_round(
        project=project,
        by=facilitator,
        title="Gwanwyn",
        closes_at=timezone.now() + datetime.timedelta(days=10),
    )
    send_due_reminders()
    [welsh] = [m for m in mail.outbox if m.to == [participant.email]]
    [english] = [m for m in mail.outbox if m.to == [facilitator.email]]
    assert "Mae cylch newydd o’r rhestr wirio ar agor" in welsh.subject
    assert "Nodyn atgoffa yw hwn:" in welsh.body and "Helo," in welsh.body
    assert "A new checklist round is open" in english.subject
    assert "Hello," in english.body


def test_members_who_chose_no_language_are_written_to_in_the_projects(
    project, facilitator, participant
):
    project.language = "cy"
    project.save()
    Membership.objects.filter(user=facilitator).update(reminders_enabled=False)
    do_open_round(
        project=project,
        by=facilitator,
        title="Gwanwyn",
        closes_at=timezone.now() + datetime.timedelta(days=10),
    )
    send_due_reminders()
    [message] = mail.outbox
    assert "Helo," in message.body


def test_what_members_wrote_stays_as_written(as_user, participant, project):
    project.aim = "Make the streets safer for children walking to school."
    project.save()
    participant.language = "cy"
    participant.save()
    page = as_user(participant).get(project.get_absolute_url()).content.decode()
    assert "Make the streets safer for children walking to school." in page
    assert "Beth rydyn ni’n ceisio’i gyflawni" in page


def test_the_charter_is_in_the_projects_language_whoever_asks(
    project, facilitator, django_capture_on_commit_callbacks
):
    import io

    from pypdf import PdfReader

    from charter.actions import do_request_charter

    project.language = "cy"
    project.save()
    with django_capture_on_commit_callbacks(execute=True):
        charter = do_request_charter(project=project, by=facilitator)
    charter.refresh_from_db()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(charter.pdf.read())).pages)
    assert "SIARTER Y PROSIECT" in text
    assert re.search(r"Tudalen \d+ o \d+", text)
    # Asked for again in English, nothing has changed: the same version.
    assert do_request_charter(project=project, by=facilitator).pk == charter.pk
