"""The charter: its content, the PDF, the render task, requests, pages and downloads."""

import datetime
import io
import resource

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agreements import demo as agreements_demo
from agreements.actions import (
    do_add_decision_rule,
    do_add_ground_rule,
    do_agree_to_ground_rules,
    do_save_principles,
)
from agreements.models import DecisionMethod, DecisionRule, Definition, Principle
from charter import tasks
from charter.actions import do_request_charter
from charter.content import content_hash, gather_charter, get_sections
from charter.models import Charter
from charter.render import CharterURLFetcher, render_charter_pdf
from powercheck import demo as powercheck_demo
from powercheck.actions import do_close_round
from projects import demo
from projects.models import Perspective, Project, Role
from stakeholders import demo as stakeholders_demo
from stakeholders.actions import do_invite_stakeholder
from stakeholders.charter import LISTED_AT_MOST
from tests.charter.charter_data import (
    PRIVATE_ANSWERS,
    RESPONDENTS,
    SENSITIVE,
    fill_in_charter,
)
from tests.conftest import wait_for
from tests.factories import (
    CharterFactory,
    CommunicationItemFactory,
    DecisionRuleFactory,
    GoalFactory,
    GroundRuleFactory,
    MembershipFactory,
    RoundFactory,
    StakeholderFactory,
    UserFactory,
)
from tests.powercheck.helpers import answer, statements

HOSTILE_IMG = '<img src="http://127.0.0.1:9/x">'
HOSTILE_LINK = '<a href="file:///etc/passwd">passwords</a>'


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fetched(monkeypatch) -> list[str]:
    """Every URL WeasyPrint asks the charter's fetcher for, refused or not."""
    urls: list[str] = []
    original = CharterURLFetcher.fetch

    def recording_fetch(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(CharterURLFetcher, "fetch", recording_fetch)
    return urls


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """Charter ids each time a PDF is actually typeset."""
    calls: list[int] = []
    original = tasks.render_charter_pdf

    def counting(charter, content=None):
        calls.append(charter.pk)
        return original(charter, content)

    monkeypatch.setattr(tasks, "render_charter_pdf", counting)
    return calls


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def stored_pdf(charter: Charter) -> bytes:
    with charter.pdf.open("rb") as f:
        return f.read()


@pytest.fixture
def full_project(project, facilitator, participant, observer):
    project.review_date = datetime.date(2027, 3, 1)
    project.start_date = datetime.date(2026, 1, 5)
    project.save()
    GoalFactory(project=project, text="Twenty new benches", measure="Benches counted in June")
    GoalFactory(project=project, text="Safer crossings", measure="")
    return project


@pytest.fixture
def agreed_project(full_project, facilitator, participant, observer):
    """A project with every part of the charter filled in."""
    fill_in_charter(full_project, facilitator, participant)
    return full_project


def section_data(project, section_id: str) -> dict:
    return next(s for s in gather_charter(project)["sections"] if s["id"] == section_id)["data"]


def section_text(text: str, title: str, next_title: str) -> str:
    """The text of one section of the PDF, after the contents page."""
    body = text[text.index("Page 2 of") :]
    start = body.index(title)
    return body[start : body.index(next_title, start)]


# --- The document -----------------------------------------------------------------------


def test_pdf_has_every_section_and_the_projects_real_data(full_project, facilitator):
    facilitator.name = "Fatima Okafor"
    facilitator.save()
    charter = CharterFactory(project=full_project, version=3, status=Charter.Status.QUEUED)
    reader, text = pdf_text(render_charter_pdf(charter))

    for section in get_sections():
        if section.id != "cover":
            assert str(section.title) in text, section.title
    for expected in [
        "Healthy Streets",
        "Northbridge City Council",
        "Version 3",
        "Streets that are safer to walk and play in.",
        "Twenty new benches",
        "Benches counted in June",
        "Safer crossings",
        "Fatima Okafor",
        "Facilitator",
        "Lived experience or community member",
        "5 January 2026",
        "1 March 2027",
        "have not been agreed yet",
        "have not been mapped yet",
        "No power dynamics check has been completed yet",
        "No end date has been set yet.",
    ]:
        assert expected in text, expected
    assert "lorem" not in text.lower()
    assert 3 <= len(reader.pages) <= 8
    assert f"Page 2 of {len(reader.pages)}" in text


def test_contents_gives_the_page_of_each_section(full_project):
    charter = CharterFactory(project=full_project, version=1, status=Charter.Status.QUEUED)
    reader, _ = pdf_text(render_charter_pdf(charter))
    contents = " ".join(reader.pages[1].extract_text().split())
    aim_page = next(n for n, page in enumerate(reader.pages, 1) if "Our aim" in page.extract_text())
    assert "What we are trying to achieve . . ." in contents
    assert f". {aim_page} Principles" in contents


def test_every_section_shows_what_the_project_agreed(agreed_project):
    charter = CharterFactory(project=agreed_project, version=1, status=Charter.Status.QUEUED)
    reader, text = pdf_text(render_charter_pdf(charter))

    expected = {
        ("Principles we commit to", "Who is involved"): [
            "Sharing of power",
            "For our project: Residents hold half the seats on the board.",
            "The facilitators have not yet written what this means for the project.",
            "Elinor Ostrom (1996)",
            "In our own words Residents and the council design our streets together.",
        ],
        ("Who is involved", "How decisions are made"): [
            "Amina Yusuf Market Traders Association Keep informed Inform → Co-produce",
            "Person with lived experience (1)",
            "Manage closely",  # a quadrant of the grid, drawn as vector text
            "Power or influence",
            "2 people and groups mapped",
            "50% with lived experience",
            "Nobody has been mapped as:",
        ],
        ("How decisions are made", "Ground rules"): [
            "the budget The whole group Consent",
            "Decisions about the budget are made by the whole group by consent. "
            "At least half of the members must take part.",
        ],
        ("Ground rules", "Communication plan"): [
            # In order (the list numbers are drawn, not part of the text layer).
            "version 2 of our ground rules. Challenge ideas, not people. "
            "Start and finish meetings on time.",
        ],
        ("Communication plan", "Power dynamics"): [
            "Monthly newsletter about the works market traders Newsletter Also in: Easy read "
            "Every month Next due 2 Mar 2026 Fatima Okafor",
        ],
        ("Power dynamics", "Review dates"): [
            "First month check: closed on",
            "Anonymous round.",
            "6 of 8 members who can answer (75%)",
            "72 out of 100: Shared",
            "3. How the organisations work with the group 38 Power held by a few — 25 50 "
            "-25 (gap of 15 or more)",
            "community members score it 25 points lower than professionals (25 against 50)",
            "Suggested actions for the lowest-scoring section: "
            "How the organisations work with the group (38)",
            "Write down which decisions the group makes",
        ],
        ("Sign-off", "Page"): [
            "Pat Morgan Participant 3 February 2026",
            "7 of the 8 members asked to agree have not agreed to the current ground rules yet.",
        ],
    }
    for (title, next_title), phrases in expected.items():
        section = section_text(text, title, next_title)
        for phrase in phrases:
            assert phrase in section, (title, phrase)
    assert "Fatima Okafor Facilitator" not in section_text(text, "Sign-off", "Page")
    assert "have not been agreed yet" not in text and "have not been mapped yet" not in text
    assert "No power dynamics check" not in text
    assert 6 <= len(reader.pages) <= 14


def test_the_charter_never_shows_sensitive_stakeholder_fields(agreed_project):
    content = gather_charter(agreed_project)
    _, text = pdf_text(render_charter_pdf(CharterFactory(project=agreed_project, version=1)))
    assert "Amina Yusuf" in text
    for value in SENSITIVE:
        assert value not in text and value not in str(content), value
    assert "@" not in text


def test_the_charts_are_drawn_as_vectors_not_pictures(agreed_project):
    data = render_charter_pdf(CharterFactory(project=agreed_project, version=1))
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        objects = page["/Resources"].get_object().get("/XObject", {})
        for xobject in objects.values():
            assert xobject.get_object().get("/Subtype") != "/Image"
    _, text = pdf_text(data)
    assert "Keep satisfied" in text and "Professionals" in text


@pytest.mark.parametrize("anonymous", [True, False])
def test_power_results_show_totals_only_and_nobody_who_answered(agreed_project, anonymous):
    agreed_project.power_rounds.update(anonymous=anonymous)
    power = section_data(agreed_project, "power")
    _, text = pdf_text(render_charter_pdf(CharterFactory(project=agreed_project, version=1)))
    section = section_text(text, "Power dynamics", "Review dates")
    assert "72 out of 100" in section
    for name in RESPONDENTS:
        assert name not in section and name not in str(power), name
    for private in PRIVATE_ANSWERS:
        assert private not in text and private not in str(power), private


def test_a_round_with_fewer_than_three_answers_shows_no_scores(project, facilitator):
    round = RoundFactory(project=project, title="Early days")
    for name in RESPONDENTS[:2]:
        answer(round, {q: 4 for q in statements(1)}, name=name)
    _, text = pdf_text(render_charter_pdf(CharterFactory(project=project, version=1)))
    section = section_text(text, "Power dynamics", "Review dates")
    assert "Early days: still open until" in section
    assert "2 of 3 members who can answer" in section
    assert "Scores are shown once at least 3 people have submitted answers" in section
    assert "out of 100" not in section and "Scores by section" not in section


def test_the_latest_closed_round_is_reported_rather_than_one_still_open(agreed_project):
    RoundFactory(project=agreed_project, title="Second check, still open")
    assert section_data(agreed_project, "power")["round"]["title"] == "First month check"


def test_ground_rules_nobody_has_agreed_to_yet(project, facilitator, participant):
    do_add_ground_rule(project=project, text="Challenge ideas, not people.")
    _, text = pdf_text(render_charter_pdf(CharterFactory(project=project, version=1)))
    section = section_text(text, "Sign-off", "Page")
    assert "Nobody has agreed to the current ground rules (version 1) yet." in section
    assert "2 of the 2 members asked to agree have not agreed" in section


def test_the_large_demo_charter_stays_a_sensible_length(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    project = Project.objects.get()
    demo.add_many_members(project, count=200)
    agreements_demo.add_many_agreements(project, rules=50, items=100)
    stakeholders_demo.add_many_stakeholders(project, count=1000)
    powercheck_demo.add_many_power_responses(project)
    content = gather_charter(project)
    people = next(s for s in content["sections"] if s["id"] == "people")["data"]
    # One chart, however many are mapped: every organisation that has been rated (1,000 and 8
    # of the demo's 9: one is not rated yet); the demo's people are not placed, as the project
    # does not share where people sit.
    assert len(people["grid"]["points"]) == 1008
    reader, text = pdf_text(render_charter_pdf(CharterFactory(project=project, version=1), content))
    assert 18 <= len(reader.pages) <= 35
    assert "work package 46" in text and "Update for street group 96" in text
    # A thousand names are summarised (the grid still has them all), not listed.
    assert "Stakeholder 1000" not in text
    # The 1,009 organisations and the 4 people who agreed to be named.
    assert "names 1013 people and groups, too many to list" in " ".join(text.split())
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    members_table = [p for p in pages if "Name Role Perspective" in p]
    assert len(members_table) >= 3, "the header repeats on each page of the members table"
    assert all("Member" in p for p in members_table)


def test_a_map_of_up_to_150_is_listed_name_by_name(project):
    StakeholderFactory.create_batch(LISTED_AT_MOST - 1, project=project, is_organisation=True)
    StakeholderFactory(project=project, name="Last One In", named_consent_at=timezone.now())
    content = gather_charter(project)
    _reader, text = pdf_text(render_charter_pdf(CharterFactory(project=project), content))
    assert "Last One In" in text and "too many to list" not in text


def test_pdf_metadata_title_author_language_date_and_tags(full_project):
    charter = CharterFactory(project=full_project, version=2, status=Charter.Status.QUEUED)
    reader = PdfReader(io.BytesIO(render_charter_pdf(charter)))
    meta = reader.metadata
    assert meta.title == "Healthy Streets: project charter"
    assert meta.author == "Northbridge City Council"
    assert meta.subject == "Version 2"
    assert meta.creation_date.date() == timezone.localdate()
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert reader.pdf_header == "%PDF-1.7"


def test_a_large_member_list_repeats_its_table_header_on_each_page(project):
    for n in range(120):
        MembershipFactory(project=project, user=UserFactory(name=f"Member {n:03d}"))
    charter = CharterFactory(project=project, version=1, status=Charter.Status.QUEUED)
    reader = PdfReader(io.BytesIO(render_charter_pdf(charter)))
    pages_with_members = [p.extract_text() for p in reader.pages if "Member 0" in p.extract_text()]
    assert len(pages_with_members) >= 2
    assert all("Name Role Perspective" in " ".join(p.split()) for p in pages_with_members)


@pytest.mark.parametrize(
    "field",
    [
        "aim",
        "goal",
        "organisation",
        "member name",
        "stakeholder",
        "ground rule",
        "decision rule",
        "communication item",
        "principle",
    ],
)
def test_user_text_is_printed_literally_and_never_fetched(project, fetched, field):
    hostile = f"{HOSTILE_IMG} and {HOSTILE_LINK}"
    if field == "aim":
        project.aim = hostile
    elif field == "organisation":
        project.organisation = hostile[:200]
    elif field == "goal":
        GoalFactory(project=project, text=hostile)
    elif field == "stakeholder":
        StakeholderFactory(
            project=project,
            name=hostile,
            notes=f"{HOSTILE_LINK} STAKEHOLDER-NOTES-MARKER",
            is_organisation=True,
        )
    elif field == "ground rule":
        do_add_ground_rule(project=project, text=hostile)
    elif field == "decision rule":
        do_add_decision_rule(
            project=project,
            area=hostile,
            who=DecisionRule.Who.NAMED_GROUP,
            who_name=hostile,
            method=DecisionMethod.CONSENSUS,
        )
    elif field == "communication item":
        CommunicationItemFactory(project=project, purpose=hostile, audience=hostile)
    elif field == "principle":
        do_save_principles(
            project=project,
            meanings={Principle.Key.RECIPROCITY: hostile},
            definitions=[],
            own_definition=hostile,
        )
    else:
        MembershipFactory(project=project, user=UserFactory(name=hostile[:150]))
    project.save()
    charter = CharterFactory(project=project, version=1, status=Charter.Status.QUEUED)
    _, text = pdf_text(render_charter_pdf(charter))

    assert "STAKEHOLDER-NOTES-MARKER" not in text

    # Long words may be broken across lines; compare without the spaces.
    assert HOSTILE_IMG.replace(" ", "") in text.replace(" ", "")
    assert "file:///etc/passwd" in text.replace(" ", "")
    assert fetched, "the stylesheet should have been fetched through the charter's fetcher"
    assert all(url.endswith("/static/css/charter.css") for url in fetched), fetched


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://example.org/logo.png",
        "file:///etc/passwd",
        "https://charter.coproduce.invalid/static/../../../etc/passwd",
        "https://charter.coproduce.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://charter.coproduce.invalid/media/charters/1/v1.pdf",
        "https://charter.coproduce.invalid/static/css/nothing-here.css",
        "ftp://example.org/x",
    ],
)
def test_the_fetcher_refuses_everything_but_our_static_files_and_data(url):
    with pytest.raises(ValueError, match=r"may not fetch|disallowed"):
        CharterURLFetcher().fetch(url)


def test_the_fetcher_serves_our_stylesheet_and_data_urls():
    css = CharterURLFetcher().fetch("https://charter.coproduce.invalid/static/css/charter.css")
    assert b"@page" in css.read()
    data = CharterURLFetcher().fetch("data:text/plain;base64,aGVsbG8=")
    assert data.read() == b"hello"


def test_content_hash_changes_with_the_content_and_not_otherwise(project, facilitator):
    before = content_hash(gather_charter(project))
    assert content_hash(gather_charter(project)) == before
    goal = GoalFactory(project=project, text="A new goal")
    changed = content_hash(gather_charter(project))
    assert changed != before
    goal.delete()
    assert content_hash(gather_charter(project)) == before


def add_stakeholder(project):
    StakeholderFactory(project=project, name="Derek Hall")


def move_stakeholder(project):
    project.stakeholders.update(power=5)


def agree_to_ground_rules(project):
    do_agree_to_ground_rules(membership=project.memberships.get(user__name="Fatima Okafor"))


def change_decision_rule(project):
    project.decision_rules.update(method=DecisionMethod.UNANIMITY)


def add_communication_item(project):
    CommunicationItemFactory(project=project, purpose="Text message before each meeting")


def write_what_a_principle_means(project):
    Principle.objects.create(project=project, key=Principle.Key.RECIPROCITY, meaning="Paid.")


def answer_the_open_round(project):
    round = RoundFactory(project=project, title="Second check")
    for _ in range(3):
        answer(round, {q: 0 for q in statements(2)})
    do_close_round(round=round)


@pytest.mark.parametrize(
    "change",
    [
        add_stakeholder,
        move_stakeholder,
        agree_to_ground_rules,
        change_decision_rule,
        add_communication_item,
        write_what_a_principle_means,
        answer_the_open_round,
    ],
)
def test_content_hash_changes_with_each_section_of_the_agreements(agreed_project, change):
    before = content_hash(gather_charter(agreed_project))
    change(agreed_project)
    agreed_project.refresh_from_db()
    assert content_hash(gather_charter(agreed_project)) != before


def test_content_hash_ignores_what_the_charter_never_shows(agreed_project):
    before = content_hash(gather_charter(agreed_project))
    agreed_project.stakeholders.update(
        access_needs="Large print", notes="Prefers mornings", email="new@example.org"
    )
    assert content_hash(gather_charter(agreed_project)) == before


# A few for each part's sections: the decision log, what has changed, the payment policy and
# its rates, the partners and who signed for each, the ratings across self-assessments.
GATHER_QUERIES = 32


@pytest.mark.parametrize("rows", [3, 30])
def test_gathering_the_charter_takes_the_same_queries_however_many_rows(
    project, facilitator, rows, django_assert_num_queries
):
    do_save_principles(
        project=project,
        meanings={Principle.Key.RECIPROCITY: "Paid."},
        definitions=[Definition.NIHR],
        own_definition="",
    )
    round = RoundFactory(project=project)
    for n in range(rows):
        member = MembershipFactory(project=project)
        GoalFactory(project=project)
        DecisionRuleFactory(project=project)
        GroundRuleFactory(project=project)
        CommunicationItemFactory(project=project, owner=member)
        stakeholder = StakeholderFactory(
            project=project,
            category="carer",
            interest=n % 5 + 1,
            named_consent_at=timezone.now() if n % 3 else None,
        )
        if n % 2:
            do_invite_stakeholder(stakeholder=stakeholder, role=Role.PARTICIPANT, invited_by=None)
        answer(round, {q: n % 5 for q in statements(n % 4 + 1)})
    project.ground_rules_version = 1
    project.save()
    for membership in project.memberships.all()[: rows // 2]:
        do_agree_to_ground_rules(membership=membership)
    do_close_round(round=round)
    with django_assert_num_queries(GATHER_QUERIES):
        content = gather_charter(project)
    people = next(s for s in content["sections"] if s["id"] == "people")["data"]
    assert people["stakeholder_count"] == rows


# --- The task ---------------------------------------------------------------------------


def test_the_task_renders_once_when_run_twice(project, facilitator, renders):
    charter = do_request_charter(project=project, by=facilitator, enqueue=False)
    assert tasks.render_charter.apply(args=[charter.pk]).get() == "rendered"
    assert tasks.render_charter.apply(args=[charter.pk]).get() == "nothing to do"
    charter.refresh_from_db()
    assert renders == [charter.pk]
    assert charter.status == Charter.Status.READY and charter.attempts == 1
    assert stored_pdf(charter).startswith(b"%PDF-")
    assert charter.rendered_at is not None


def test_a_request_enqueues_the_render_only_on_commit(
    project, facilitator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        charter = do_request_charter(project=project, by=facilitator)
        assert Charter.objects.get().status == Charter.Status.QUEUED
    assert len(callbacks) == 1
    charter.refresh_from_db()
    assert charter.is_ready


def test_transient_errors_are_retried_then_succeed(project, facilitator, monkeypatch):
    charter = do_request_charter(project=project, by=facilitator, enqueue=False)
    original, failures = tasks.render_charter_pdf, [OperationalError("server closed")]

    def flaky(charter, content=None):
        if failures:
            raise failures.pop()
        return original(charter, content)

    monkeypatch.setattr(tasks, "render_charter_pdf", flaky)
    tasks.render_charter.apply(args=[charter.pk])
    charter.refresh_from_db()
    assert charter.status == Charter.Status.READY
    assert charter.attempts == 2 and charter.error == ""


def test_a_render_that_keeps_failing_ends_failed_with_the_reason(project, facilitator, monkeypatch):
    charter = do_request_charter(project=project, by=facilitator, enqueue=False)

    def down(charter, content=None):
        raise OperationalError("could not connect")

    monkeypatch.setattr(tasks, "render_charter_pdf", down)
    tasks.render_charter.apply(args=[charter.pk])
    charter.refresh_from_db()
    assert charter.status == Charter.Status.FAILED
    assert charter.attempts == tasks.MAX_RETRIES + 1
    assert "could not be reached" in charter.error


def test_a_broken_render_fails_at_once_with_the_error(project, facilitator, monkeypatch):
    charter = do_request_charter(project=project, by=facilitator, enqueue=False)

    def broken(charter, content=None):
        raise ValueError("bad layout")

    monkeypatch.setattr(tasks, "render_charter_pdf", broken)
    assert tasks.render_charter.apply(args=[charter.pk]).get() == "failed"
    charter.refresh_from_db()
    assert (charter.status, charter.attempts) == (Charter.Status.FAILED, 1)
    assert "ValueError: bad layout" in charter.error


def test_a_charter_whose_worker_keeps_dying_is_given_up(project, facilitator, renders):
    charter = do_request_charter(project=project, by=facilitator, enqueue=False)
    Charter.objects.filter(pk=charter.pk).update(
        status=Charter.Status.RENDERING, attempts=tasks.MAX_ATTEMPTS
    )
    tasks.render_charter.apply(args=[charter.pk])
    charter.refresh_from_db()
    assert charter.status == Charter.Status.FAILED and renders == []
    assert "stopped unexpectedly" in charter.error


def test_the_memory_cap_stops_a_large_allocation_and_is_lifted_after():
    before = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(MemoryError), tasks.memory_cap(64 * 1024 * 1024):
        bytearray(512 * 1024 * 1024)
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert len(bytearray(128 * 1024 * 1024)) == 128 * 1024 * 1024


def test_retry_delays_grow_and_are_capped():
    assert [tasks.retry_delay(n) for n in range(7)] == [10, 20, 40, 80, 160, 300, 300]


# --- Requesting a charter ---------------------------------------------------------------


def test_each_change_gets_the_next_version_and_no_change_gets_the_same(
    project, facilitator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = do_request_charter(project=project, by=facilitator)
    first.refresh_from_db()
    assert (first.version, first.is_ready) == (1, True)
    assert do_request_charter(project=project, by=facilitator) == first
    GoalFactory(project=project, text="Something new")
    second = do_request_charter(project=project, by=facilitator)
    assert second.version == 2
    assert Charter.objects.count() == 2


def test_the_request_reads_the_sections_before_it_locks_the_project(project, facilitator):
    if not connection.features.has_select_for_update:
        pytest.skip("this database has no row locks (SQLite): nothing waits on the project")
    DecisionRuleFactory(project=project)
    with CaptureQueriesContext(connection) as queries:
        do_request_charter(project=project, by=facilitator, enqueue=False)
    sql = [query["sql"] for query in queries.captured_queries]
    lock = next(n for n, q in enumerate(sql) if "FOR UPDATE" in q and "projects_project" in q)
    assert any("agreements_decisionrule" in q for q in sql[:lock]), "read before the lock"
    assert not any("agreements_decisionrule" in q for q in sql[lock:]), "not read under it"


def test_a_double_click_does_not_make_two_versions(
    project, facilitator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        first = do_request_charter(project=project, by=facilitator)
    assert do_request_charter(project=project, by=facilitator) == first
    assert Charter.objects.count() == 1


def test_trying_again_after_a_failure_reuses_the_version(
    project, facilitator, django_capture_on_commit_callbacks
):
    failed = CharterFactory(
        project=project, version=4, status=Charter.Status.FAILED, pdf="", error="Boom", attempts=4
    )
    with django_capture_on_commit_callbacks(execute=True):
        again = do_request_charter(project=project, by=facilitator)
    assert again.pk == failed.pk and again.version == 4
    again.refresh_from_db()
    assert again.is_ready and again.error == "" and again.attempts == 1


def test_a_stuck_charter_can_be_tried_again(project, facilitator):
    stuck = CharterFactory(project=project, version=1, status=Charter.Status.RENDERING, pdf="")
    Charter.objects.filter(pk=stuck.pk).update(
        updated_at=timezone.now() - Charter.STUCK_AFTER - datetime.timedelta(minutes=1)
    )
    stuck.refresh_from_db()
    assert stuck.is_stuck and not stuck.is_pending
    assert do_request_charter(project=project, by=facilitator).pk == stuck.pk


def test_the_command_renders_through_the_same_code(project, tmp_path, renders):
    out = tmp_path / "charter.pdf"
    stdout = io.StringIO()
    call_command("render_charter", project.slug, "-o", str(out), stdout=stdout)
    assert out.read_bytes().startswith(b"%PDF-")
    assert "version 1" in stdout.getvalue()
    charter = Charter.objects.get()
    assert charter.is_ready and renders == [charter.pk]
    call_command("render_charter", project.slug, "-o", str(out), stdout=io.StringIO())
    assert Charter.objects.count() == 1 and len(renders) == 1


def test_the_command_refuses_an_unknown_slug(db, tmp_path):
    with pytest.raises(CommandError, match="No project has the slug"):
        call_command("render_charter", "nope", "-o", str(tmp_path / "x.pdf"))


# --- Pages and downloads ----------------------------------------------------------------


def charter_page(client, project, **headers) -> str:
    return client.get(reverse("charter-index", args=[project.slug]), **headers).content.decode()


def test_empty_charter_page_says_what_to_do(as_user, project, facilitator, participant):
    page = charter_page(as_user(facilitator), project)
    assert "No charter has been made yet" in page and "Generate charter" in page
    page = charter_page(as_user(participant), project)
    assert "The facilitators will make one" in page and "Generate charter" not in page


def test_generate_without_javascript_makes_a_version_and_redirects(
    as_user, project, facilitator, django_capture_on_commit_callbacks
):
    client = as_user(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("charter-generate", args=[project.slug]))
    assert response["Location"] == reverse("charter-index", args=[project.slug])
    page = client.get(response["Location"]).content.decode()
    assert "Version 1 was made on" in page
    assert "Download the charter (PDF, version 1)" in page


def test_generate_with_htmx_returns_the_status_and_the_versions(
    as_user, project, facilitator, django_capture_on_commit_callbacks
):
    client = as_user(facilitator)
    url = reverse("charter-generate", args=[project.slug])
    with django_capture_on_commit_callbacks(execute=True):
        html = client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="charter-status"' in html and "<h1>" not in html
    assert 'hx-swap-oob="true"' in html and "Version 1 is waiting to be made" in html
    assert 'hx-trigger="every 2s"' in html
    html = client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Nothing has changed since version 1" in html
    assert "Version 1 was made on" in html and "every 2s" not in html
    assert Charter.objects.count() == 1


def test_a_pending_charter_polls_and_a_ready_one_stops(as_user, project, facilitator):
    charter = CharterFactory(project=project, version=1, status=Charter.Status.QUEUED, pdf="")
    client = as_user(facilitator)
    html = charter_page(client, project, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in html and "Version 1 is waiting to be made" in html
    assert "Generate charter" not in html
    Charter.objects.filter(pk=charter.pk).update(status=Charter.Status.RENDERING)
    assert "Version 1 is being made" in charter_page(client, project, HTTP_HX_REQUEST="true")
    Charter.objects.filter(pk=charter.pk).update(status=Charter.Status.READY)
    html = charter_page(client, project, HTTP_HX_REQUEST="true")
    assert "every 2s" not in html


def test_a_failed_charter_shows_the_reason_and_try_again(as_user, project, facilitator):
    CharterFactory(
        project=project,
        version=1,
        status=Charter.Status.FAILED,
        pdf="",
        error="Making the PDF took longer than 120 seconds, so it was stopped.",
    )
    page = charter_page(as_user(facilitator), project)
    assert "Version 1 could not be made" in page
    assert "took longer than 120 seconds" in page
    assert "Try again" in page


def test_versions_are_listed_with_dates_and_downloads(as_user, project, observer):
    CharterFactory(project=project, version=1)
    CharterFactory(project=project, version=2, status=Charter.Status.FAILED, pdf="")
    page = charter_page(as_user(observer), project)
    assert reverse("charter-version-pdf", args=[project.slug, 1]) in page
    assert reverse("charter-version-pdf", args=[project.slug, 2]) not in page
    assert timezone.localtime().strftime("%-d %b %Y") in page
    assert "Version 2 could not be made" in page


@pytest.mark.parametrize("versions", [2, 30])
def test_charter_page_query_count_does_not_grow(
    as_user, project, facilitator, versions, django_assert_num_queries
):
    for n in range(versions):
        CharterFactory(project=project, version=n + 1, requested_by=facilitator)
    client = as_user(facilitator)
    with django_assert_num_queries(8):  # the 8th compares the project with the latest version
        client.get(reverse("charter-index", args=[project.slug]))


def test_download_is_the_latest_ready_version_named_for_project_and_version(
    as_user, project, participant
):
    CharterFactory(project=project, version=1, pdf__data=b"%PDF-1.7 first")
    CharterFactory(project=project, version=2, pdf__data=b"%PDF-1.7 second")
    CharterFactory(project=project, version=3, status=Charter.Status.RENDERING, pdf="")
    response = as_user(participant).get(reverse("charter-pdf", args=[project.slug]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="healthy-streets-charter-v2.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.7 second"
    assert "private" in response["Cache-Control"]


def test_an_earlier_version_can_be_downloaded(as_user, project, observer):
    CharterFactory(project=project, version=1, pdf__data=b"%PDF-1.7 first")
    CharterFactory(project=project, version=2)
    response = as_user(observer).get(reverse("charter-version-pdf", args=[project.slug, 1]))
    assert b"".join(response.streaming_content) == b"%PDF-1.7 first"
    assert "healthy-streets-charter-v1.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize("status", [Charter.Status.QUEUED, Charter.Status.FAILED, None])
def test_no_ready_charter_means_404(as_user, project, participant, status):
    if status:
        CharterFactory(project=project, version=1, status=status, pdf="")
    client = as_user(participant)
    assert client.get(reverse("charter-pdf", args=[project.slug])).status_code == 404
    url = reverse("charter-version-pdf", args=[project.slug, 1])
    assert client.get(url).status_code == 404


def test_charter_files_are_not_served_from_a_public_url(client, project, media_root):
    charter = CharterFactory(project=project, version=1)
    assert client.get(f"/media/{charter.pdf.name}").status_code == 404


def test_preview_shows_the_same_content_as_a_web_page(as_user, full_project, facilitator):
    GoalFactory(project=full_project, text=HOSTILE_IMG)
    page = as_user(facilitator).get(reverse("charter-preview", args=[full_project.slug]))
    html = page.content.decode()
    for section in get_sections()[1:]:
        assert str(section.title) in html
    assert "Twenty new benches" in html and "Preview, not yet a version" in html
    assert "&lt;img src=&quot;http://127.0.0.1:9/x&quot;&gt;" in html
    assert HOSTILE_IMG not in html


def test_overview_shows_the_charter_step_state(as_user, project, facilitator):
    client = as_user(facilitator)
    url = reverse("projects-detail", args=[project.slug])
    charter_url = reverse("charter-index", args=[project.slug])
    html = client.get(url).content.decode()
    assert f'<a href="{charter_url}">Charter</a>' in html
    assert "Coming next" not in html  # every step is real now
    CharterFactory(project=project, version=1, status=Charter.Status.QUEUED, pdf="")
    assert "tag--in-progress" in client.get(url).content.decode()
    CharterFactory(project=project, version=2)
    assert html.count("tag--done") < client.get(url).content.decode().count("tag--done")


def test_members_without_a_name_are_not_shown_by_email(project):
    MembershipFactory(
        project=project,
        role=Role.PARTICIPANT,
        perspective=Perspective.COMMUNITY,
        user=UserFactory(name="", email="private@example.org"),
    )
    people = next(s for s in gather_charter(project)["sections"] if s["id"] == "people")
    assert "private@example.org" not in str(people["data"])


# --- A real worker ----------------------------------------------------------------------


@pytest.mark.services
def test_generate_to_download_through_a_real_worker(celery_worker, as_user, project, facilitator):
    GoalFactory(project=project, text="Twenty new benches")
    client = as_user(facilitator)
    client.post(reverse("charter-generate", args=[project.slug]))

    def charter_is_ready():
        """the worker to render the charter"""
        return Charter.objects.filter(status=Charter.Status.READY).first()

    charter = wait_for(charter_is_ready, timeout=60)
    assert "render_charter" in celery_worker.log.read_text()
    response = client.get(reverse("charter-pdf", args=[project.slug]))
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF-1.7")
    reader, text = pdf_text(data)
    assert 2 <= len(reader.pages) <= 8
    assert "Twenty new benches" in text
    assert charter.filename in response["Content-Disposition"]
