"""A short load on loopback: members answering the checklist while facilitators edit.

A bounded number of requests (a few hundred) against gunicorn with production settings and
several workers on PostgreSQL, from a pool of threads. No timing is asserted: what counts is
that nothing fails, nothing is lost and nothing is saved twice.
"""

import http.client
import random
import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from agreements.models import GroundRule
from powercheck.models import Answer, Response, Round
from powercheck.scoring import sections_with_questions
from projects.models import Goal, Perspective, Project, Role
from stakeholders.models import Stakeholder
from tests.conftest import need
from tests.factories import GroundRuleFactory, MembershipFactory, RoundFactory, UserFactory

from .conftest import session_cookie

PARTICIPANTS = 20
FACILITATORS = 2
EDITS_EACH = 8  # rounds of edits per facilitator: a goal, a ground rule, the aim
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_INPUT = re.compile(r'name="version" value="(\d+)"')


@dataclass
class Browser:
    """One person's browser: their cookies and the form token of the last page they opened."""

    port: int
    cookies: dict[str, str]
    statuses: Counter = field(default_factory=Counter)
    csrf: str = ""

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.csrf}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            page = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
        finally:
            conn.close()
        self.statuses[(method, response.status)] += 1
        assert response.status < 500, f"{method} {path}: {response.status}\n{page[:2000]}"
        if token := CSRF_INPUT.search(page):
            self.csrf = token[1]
        return response.status, page

    def get(self, path: str) -> str:
        status, page = self.request("GET", path)
        assert status == 200, (path, status)
        return page

    def post(self, path: str, form: dict) -> int:
        return self.request("POST", path, form)[0]


def browser_for(server, user) -> Browser:
    cookie = session_cookie(user)["Cookie"]
    name, value = cookie.split("=", 1)
    return Browser(port=server.port, cookies={name: value})


def double_click(browser: Browser, path: str, form: dict) -> list[int]:
    """The same form sent twice at once, as an impatient double click does; the statuses."""
    twins = [replace(browser, cookies=dict(browser.cookies), statuses=Counter()) for _ in "ab"]
    together = threading.Barrier(len(twins))

    def send(twin: Browser) -> int:
        together.wait(timeout=60)
        return twin.post(path, form)

    with ThreadPoolExecutor(max_workers=len(twins)) as pool:
        statuses = sorted(pool.map(send, twins))
    for twin in twins:
        browser.statuses.update(twin.statuses)
    return statuses


def answer_the_checklist(
    browser: Browser, project: Project, round: Round, sections, *, impatient: bool
) -> None:
    """Every section, then the reflections, then check and submit, as a member would; an
    impatient member double-clicks the first "Save and continue" and "Submit"."""
    rng = random.Random(browser.cookies["__Host-sessionid"])
    for step, section in enumerate(sections, start=1):
        url = reverse("powercheck-respond", args=[project.slug, round.pk, step])
        browser.get(url)
        answers = {
            q.field_name: rng.choice(["0", "1", "2", "3", "4", "dont-know"]) for q in section
        }
        answers |= {q.comment_field_name: f"Said at step {step}" for q in section[:1]}
        if impatient and step == 1:
            assert double_click(browser, url, answers) == [302, 302]
        else:
            assert browser.post(url, answers) == 302
    url = reverse("powercheck-respond", args=[project.slug, round.pk, len(sections) + 1])
    browser.get(url)
    assert browser.post(url, {"helped": "Being paid for our time", "hindered": ""}) == 302
    check = reverse("powercheck-check", args=[project.slug, round.pk])
    browser.get(check)
    if impatient:
        # The second click is told the answers were already submitted.
        assert double_click(browser, check, {}) == [302, 422]
    else:
        assert browser.post(check, {}) == 302


@dataclass
class Edits:
    """What the facilitators' accepted edits should have left behind."""

    goals: list[str] = field(default_factory=list)
    ground_rules: list[str] = field(default_factory=list)
    aims: list[str] = field(default_factory=list)
    conflicts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Lets the facilitators send the same click at the same moment.
    together: threading.Barrier = field(default_factory=lambda: threading.Barrier(FACILITATORS))


def edit_the_project(browser: Browser, project: Project, who: int, edits: Edits) -> None:
    """Add goals and ground rules and rewrite the aim, racing the other facilitator."""
    suggestions = [str(text) for text in GroundRule.SUGGESTIONS]
    goals, aim_url = (
        reverse(name, args=[project.slug]) for name in ["projects-goals", "projects-aim"]
    )
    for n in range(EDITS_EACH):
        browser.get(goals)
        goal = f"Goal {n} from facilitator {who}"
        assert (
            browser.post(reverse("projects-goal-create", args=[project.slug]), {"text": goal})
            == 302
        )
        # Both facilitators click the same suggestion at the same moment.
        browser.get(reverse("agreements-ground-rules", args=[project.slug]))
        rule = suggestions[n % len(suggestions)]
        edits.together.wait(timeout=60)
        assert (
            browser.post(
                reverse("agreements-ground-rule-create", args=[project.slug]), {"text": rule}
            )
            == 302
        )
        # Both open the aim, then both save their own: one of them is told about the other.
        version = VERSION_INPUT.search(browser.get(aim_url))[1]
        aim = f"Aim {n} from facilitator {who}"
        edits.together.wait(timeout=60)
        status, page = browser.request("POST", aim_url, {"aim": aim, "version": version})
        assert status == 302 or (status == 422 and "Someone else changed this project" in page)
        with edits.lock:
            edits.goals.append(goal)
            edits.ground_rules.append(rule)
            if status == 302:
                edits.aims.append(aim)
            else:
                edits.conflicts += 1


@pytest.fixture
def busy_project(transactional_db):
    need(
        connection.vendor == "postgresql",
        "the load test runs against PostgreSQL, as in production (set DATABASE_URL)",
    )
    project = Project.objects.create(title="Healthy Streets", slug="healthy-streets")
    GroundRuleFactory(project=project, text="Listen to each other.", order=0)
    members = [
        MembershipFactory(
            project=project,
            role=Role.FACILITATOR,
            user=UserFactory(email=f"facilitator{n}@example.org"),
            perspective=Perspective.RESEARCHER,
        ).user
        for n in range(FACILITATORS)
    ]
    members += [
        MembershipFactory(
            project=project,
            role=Role.PARTICIPANT,
            user=UserFactory(email=f"participant{n}@example.org"),
            perspective=Perspective.COMMUNITY if n % 2 else Perspective.PRACTITIONER,
        ).user
        for n in range(PARTICIPANTS)
    ]
    return project, members[:FACILITATORS], members[FACILITATORS:]


def test_members_answer_while_facilitators_edit(app_server, busy_project):
    project, facilitators, participants = busy_project
    round = RoundFactory(project=project, title="Spring check")
    sections = [s.round_questions for s in sections_with_questions(round.checklist_id, project.pk)]
    server = app_server(workers=2, threads=4, CONN_MAX_AGE="60")
    edits = Edits()
    answering = [browser_for(server, user) for user in participants]
    editing = [browser_for(server, user) for user in facilitators]

    with ThreadPoolExecutor(max_workers=8) as pool:
        jobs = [
            pool.submit(answer_the_checklist, b, project, round, sections, impatient=n % 2 == 0)
            for n, b in enumerate(answering)
        ]
        jobs += [pool.submit(edit_the_project, b, project, n, edits) for n, b in enumerate(editing)]
        for job in jobs:
            job.result()

    requests = sum(sum(b.statuses.values()) for b in answering + editing)
    assert 300 <= requests <= 600, requests
    # Every member submitted exactly once, with one answer to every statement.
    questions = sum(len(section) for section in sections)
    responses = Response.objects.filter(round=round)
    assert responses.count() == PARTICIPANTS
    assert all(r.submitted_at is not None for r in responses)
    assert set(responses.values_list("member__user", flat=True)) == {u.pk for u in participants}
    assert Answer.objects.filter(response__round=round).count() == PARTICIPANTS * questions
    # Every goal added is there once; the same suggestion clicked twice is one ground rule.
    assert sorted(Goal.objects.values_list("text", flat=True)) == sorted(edits.goals)
    rules = list(GroundRule.objects.filter(project=project).values_list("text", flat=True))
    assert sorted(rules) == sorted({"Listen to each other.", *edits.ground_rules})
    project.refresh_from_db()
    assert project.ground_rules_version == len(set(edits.ground_rules))
    # Of each pair of saves of the aim from the same version, exactly one was taken, and
    # none was lost: each made one new version, and the last one taken stands.
    assert len(edits.aims) == edits.conflicts == EDITS_EACH
    assert project.version == 1 + len(edits.aims)
    assert project.aim in edits.aims


def test_confirming_an_import_twice_at_once_adds_it_once(app_server, busy_project, client):
    """A double click on "Add these stakeholders" sends the same import twice, at once."""
    project, facilitators, _participants = busy_project
    client.force_login(facilitators[0])
    csv = SimpleUploadedFile("map.csv", b"name,category\nAsha Patel,carer\nDr Lee,researcher\n")
    preview = client.post(reverse("stakeholders-import", args=[project.slug]), {"file": csv})
    server = app_server(workers=2, threads=2)
    session = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    browsers = [Browser(port=server.port, cookies=dict(session)) for _ in range(2)]
    for browser in browsers:
        browser.get(preview["Location"])
    together = threading.Barrier(len(browsers))

    def confirm(browser: Browser) -> int:
        together.wait(timeout=60)
        return browser.post(preview["Location"], {})

    with ThreadPoolExecutor(max_workers=len(browsers)) as pool:
        assert list(pool.map(confirm, browsers)) == [302, 302]
    assert sorted(Stakeholder.objects.values_list("name", flat=True)) == ["Asha Patel", "Dr Lee"]
