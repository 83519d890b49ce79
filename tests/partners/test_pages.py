"""The partners page, "My projects" for a partner's people, the to-do, exports, erasure and
the demo."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from partners.models import Answer, Partner, Signatory
from projects.models import Membership, Project
from projects.parts import get_parts
from tests.factories import MembershipFactory, UserFactory

from .helpers import make_partner, make_signatory, send_version
from .test_signing import sign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_an_empty_partners_page_says_what_to_do_next(client, project, facilitator, observer):
    client.force_login(facilitator)
    page = client.get(reverse("partners-list", args=[project.slug])).content.decode()
    assert "No partners yet. Add the organisations the project works with" in page
    assert "Make a version of the charter first" in page
    client.force_login(observer)
    page = client.get(reverse("partners-list", args=[project.slug])).content.decode()
    assert "The facilitators add them." in page


def test_my_projects_shows_a_signatory_what_waits_and_the_latest_signed_version(
    client, project, facilitator, observer
):
    partner = make_partner(project)
    signatory = make_signatory(partner, observer)
    first = send_version(project, by=facilitator, version=1)
    sign(signatory, first.charter, observer)
    from tests.factories import GoalFactory

    GoalFactory(project=project)
    send_version(project, by=facilitator, version=3)
    client.force_login(observer)
    page = client.get(reverse("projects-list")).content.decode()
    assert "Projects your organisation is a partner in" in page
    assert reverse("partners-sign", args=[project.slug, signatory.pk]) in page
    assert "Sign version 3" in page
    assert reverse("charter-version-pdf", args=[project.slug, 1]) in page
    client.force_login(facilitator)
    page = client.get(reverse("projects-list")).content.decode()
    assert "Projects your organisation is a partner in" not in page


def test_the_signatorys_to_do_links_to_signing(client, project, facilitator, observer):
    signatory = make_signatory(make_partner(project), observer)
    request = send_version(project, by=facilitator)
    client.force_login(observer)
    page = client.get(reverse("projects-detail", args=[project.slug])).content.decode()
    assert (
        f"Sign version {request.charter.version} of the charter for Northbridge City Council"
        in page
    )
    assert reverse("partners-sign", args=[project.slug, signatory.pk]) in page


def test_the_partners_page_costs_the_same_queries_for_few_and_many(
    client, project, facilitator, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request = send_version(project, by=facilitator, version=1)
    client.force_login(facilitator)
    url = reverse("partners-list", args=[project.slug])

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return context

    sign(
        make_signatory(make_partner(project, logo=True), facilitator), request.charter, facilitator
    )
    queries()  # the first request after signing in reads the session for the first time
    few = queries()
    for n in range(15):
        user = MembershipFactory(project=project, user=UserFactory()).user
        signatory = make_signatory(make_partner(project, name=f"Partner {n}", logo=True), user)
        if n % 2:
            sign(signatory, request.charter, user)
    assert len(queries()) == len(few)


def test_the_export_holds_partners_signatures_and_reasons(project, facilitator, observer):
    from partners.actions import do_decline

    signatory = make_signatory(make_partner(project), observer)
    request = send_version(project, by=facilitator)
    do_decline(signatory=signatory, charter=request.charter, by=observer, reason="Board in May")
    part = next(p for p in get_parts() if type(p).__module__ == "partners.part")
    exported = json.loads(json.dumps(part.export_project(project), default=str))
    assert exported["partners"][0]["name"] == "Northbridge City Council"
    assert exported["partner_answers"][0]["reason"] == "Board in May"
    mine = part.export_person(observer)
    assert mine["you_sign_for"][0]["partner"] == "Northbridge City Council"
    assert mine["your_answers_to_charters"][0]["decision"] == "declined"


def test_deleting_an_account_erases_what_they_signed(client, project, facilitator, observer):
    from projects.actions import do_delete_account

    signatory = make_signatory(make_partner(project), observer)
    sign(signatory, send_version(project, by=facilitator).charter, observer)
    do_delete_account(user=observer)
    assert not Signatory.objects.exists() and not Answer.objects.exists()
    assert Partner.objects.count() == 1


def test_the_demo_has_three_partners_with_logos_signed_by_two_and_waiting_for_the_third(
    settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    project = Project.objects.get()
    partners = list(project.partners.all())
    assert len(partners) == 3 and all(p.logo and p.logo_alt for p in partners)
    assert all(p.signatories.exists() for p in partners)
    from partners.standing import get_current_request, get_request_standings

    current = get_current_request(project)
    standings = get_request_standings(current, project)
    assert sorted(s.partner.name for s in standings if s.is_signed) == [
        "Northbridge City Council",
        "Northbridge University",
    ]
    waiting = [s for s in standings if not s.is_signed]
    assert [s.partner.name for s in waiting] == ["Healthy Cities Fund"]
    assert waiting[0].waiting[0].user.email == "observer@example.org"
    # The latest version records both signatures and is still a draft.
    from pypdf import PdfReader

    latest = project.charters.filter(status="ready").first()
    with latest.pdf.open("rb") as f:
        text = " ".join(page.extract_text() for page in PdfReader(f).pages)
    assert "DRAFT" in text and "Jo Adeyemi" in " ".join(text.split())


def test_reports_can_cite_each_partner_and_what_it_signed(project, facilitator, observer):
    signatory = make_signatory(make_partner(project), observer)
    make_partner(project, name="Northbridge University", kind="university")
    sign(signatory, send_version(project, by=facilitator, version=1).charter, observer)
    part = next(p for p in get_parts() if type(p).__module__ == "partners.part")
    evidence = {item.title: item for item in part.report_evidence(project)}
    council = evidence["Northbridge City Council"]
    assert council.summary == (
        "Northbridge City Council (Statutory body) is a partner and signed version 1 of the "
        "charter."
    )
    assert council.standards == ("governance", "working_together")
    assert council.gripp2 == ("methods",)
    assert evidence["Northbridge University"].summary == (
        "Northbridge University (University) is a partner in the project."
    )


def test_a_member_linked_to_a_partner_sees_it_on_my_projects(client, project, participant):
    partner = make_partner(project)
    partner.members.add(Membership.objects.get(user=participant))
    client.force_login(participant)
    page = client.get(reverse("projects-list")).content.decode()
    assert "Projects your organisation is a partner in" in page
    assert "Nothing" in page and "None yet" in page
