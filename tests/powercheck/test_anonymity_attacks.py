"""An anonymous round's promise, tried as an attacker would: "nobody, including facilitators,
can see who answered what".

Each test is one attack, made over HTTP with ordinary accounts (a facilitator, members, a
site administrator) the way someone who wanted to know would try it. Each succeeded before
anonymity was enforced in one place; each must now fail.
"""

import datetime
import html
import json
import re
import time
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from powercheck.models import Answer, Response, Round
from powercheck.scoring import sections_with_questions
from projects.models import Membership, Perspective, Project, Role
from reminders.models import Reminder
from reminders.sweep import send_due_reminders
from tests.factories import MembershipFactory, UserFactory

COMMUNITY, RESEARCHER = Perspective.COMMUNITY, Perspective.RESEARCHER


def signed_in(user) -> Client:
    """A browser of its own, signed in as this person."""
    client = Client()
    client.force_login(user)
    session = client.session
    session["_seen"] = int(time.time())
    session.save()
    return client


@dataclass
class World:
    project: Project
    facilitator: object
    observer: object
    round: Round | None = None

    def join(self, name: str, perspective: str = COMMUNITY, role: str = Role.PARTICIPANT):
        """Someone who can answer the check."""
        user = UserFactory(name=name, email=f"{name.split()[0].lower()}@example.org")
        MembershipFactory(project=self.project, user=user, role=role, perspective=perspective)
        return user

    def open_round(self, title: str = "Spring check") -> Round:
        """The facilitator opens an anonymous round, as on the site."""
        closes_on = timezone.localdate() + datetime.timedelta(days=10)
        response = signed_in(self.facilitator).post(
            reverse("powercheck-round-create", args=[self.project.slug]),
            {"title": title, "closes_on": closes_on.isoformat(), "anonymous": "on"},
        )
        assert response.status_code == 302
        self.round = Round.objects.get(project=self.project, title=title)
        # The news that the round opened goes at once, to everyone who can answer.
        send_due_reminders()
        return self.round

    def close_round(self) -> None:
        url = reverse("powercheck-round-close", args=[self.project.slug, self.round.pk])
        assert signed_in(self.facilitator).post(url).status_code == 302
        self.round.refresh_from_db()

    def results(self, user, query: str = "") -> str:
        url = reverse("powercheck-results", args=[self.project.slug, self.round.pk]) + query
        return page_text(signed_in(user).get(url))

    def exported_round(self) -> dict:
        url = reverse("projects-export", args=[self.project.slug])
        data = json.loads(signed_in(self.facilitator).get(url).content)
        [round] = [r for r in data["power_checks"] if r["title"] == self.round.title]
        return round


@pytest.fixture
def world(db):
    project = Project.objects.create(title="Healthy Streets", slug="healthy-streets")
    facilitator = UserFactory(name="Fatima Okafor", email="fac@example.org")
    observer = UserFactory(name="Olu Observer", email="obs@example.org")
    MembershipFactory(
        project=project, user=facilitator, role=Role.FACILITATOR, perspective=RESEARCHER
    )
    MembershipFactory(project=project, user=observer, role=Role.OBSERVER, perspective="")
    return World(project, facilitator, observer)


def answer_over_http(
    world: World,
    user,
    *,
    score: int,
    comment: str = "",
    helped: str = "",
    hindered: str = "",
    sections: int = 4,
) -> None:
    """A member answers every statement of the first ``sections`` sections with ``score``,
    writes ``comment`` under each of them, and submits, through the pages."""
    client = signed_in(user)
    slug, round = world.project.slug, world.round
    every = sections_with_questions(round.checklist_id, round.project_id)
    for step, section in enumerate(every[:sections], start=1):
        data = {q.field_name: str(score) for q in section.round_questions}
        if comment:
            data |= {q.comment_field_name: f"{comment} ({q.pk})" for q in section.round_questions}
        url = reverse("powercheck-respond", args=[slug, round.pk, step])
        assert client.post(url, data).status_code == 302
    url = reverse("powercheck-respond", args=[slug, round.pk, len(every) + 1])
    assert client.post(url, {"helped": helped, "hindered": hindered}).status_code == 302
    submitted = client.post(reverse("powercheck-check", args=[slug, round.pk]))
    assert submitted.status_code == 302, submitted.content.decode()


TOKENS = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


def page_text(response) -> str:
    assert response.status_code == 200
    return TOKENS.sub("", response.content.decode())


COUNTS = re.compile(r"\d+ of \d+ members who can answer( \(\d+%\))?")


def without_counts(page: str) -> str:
    """What a page says, less how many have answered (which is not who, and is shown)."""
    return COUNTS.sub("", page)


# The reminders list and the outbox


def reminder_pages(world: World) -> dict[str, str]:
    client = signed_in(world.facilitator)
    url = reverse("reminders-list", args=[world.project.slug])
    return {show: page_text(client.get(f"{url}?show={show}")) for show in ("upcoming", "sent")}


def exported_reminders(world: World) -> list:
    data = json.loads(
        signed_in(world.facilitator)
        .get(reverse("projects-export", args=[world.project.slug]))
        .content
    )
    return data["reminders"]


def test_the_reminders_list_does_not_show_who_has_answered(world):
    ada, grace = world.join("Ada Lovelace"), world.join("Grace Hopper")
    world.open_round()
    before, exported_before = reminder_pages(world), exported_reminders(world)

    answer_over_http(world, ada, score=2)

    # The attack: look at the reminders (list and export) again and see whose changed.
    assert reminder_pages(world) == before
    assert exported_reminders(world) == exported_before

    # When the reminders go out, Ada's goes out like everyone else's.
    due_at = Reminder.objects.filter(kind=Reminder.Kind.ROUND_CLOSING).first().due_at
    send_due_reminders(now=due_at)
    sent = reminder_pages(world)["sent"]
    outcomes = {
        name: re.search(rf"{name}</td>\s*<td[^>]*>([^<]*)</td>", sent).group(1)
        for name in (ada.name, grace.name)
    }
    assert outcomes[ada.name] == outcomes[grace.name], outcomes
    assert all(o.startswith("Sent") for o in outcomes.values()), outcomes


def test_the_timeline_does_not_show_who_has_answered_or_when(world):
    ada = world.join("Ada Lovelace")
    world.join("Grace Hopper")
    world.open_round()
    url = reverse("projects-events", args=[world.project.slug])
    before = page_text(signed_in(world.facilitator).get(url))
    answer_over_http(world, ada, score=2, comment="ADA-COMMENT")
    assert page_text(signed_in(world.facilitator).get(url)) == before


# The project export


def test_the_export_of_an_open_round_does_not_hold_a_lone_respondents_answers(world):
    ada = world.join("Ada Lovelace")
    world.join("Grace Hopper")
    world.open_round()
    before = world.exported_round()

    answer_over_http(world, ada, score=0, comment="ADA-COMMENT", helped="ADA-HELPED")

    # The attack: download the project again; the round's new contents are Ada's.
    after = world.exported_round()
    text = json.dumps(after)
    assert "ADA-COMMENT" not in text and "ADA-HELPED" not in text
    assert {k: v for k, v in after.items() if k != "respondents"} == {
        k: v for k, v in before.items() if k != "respondents"
    }


def test_a_persons_own_download_holds_their_answers_and_nobody_elses(world):
    ada, grace = world.join("Ada Lovelace"), world.join("Grace Hopper")
    world.open_round()
    answer_over_http(world, ada, score=1, comment="ADA-COMMENT", sections=1)
    answer_over_http(world, grace, score=3, comment="GRACE-COMMENT", sections=1)
    mine = signed_in(ada).get(reverse("account-data")).content.decode()
    assert "ADA-COMMENT" in mine, "their own answers are theirs to see"
    assert "GRACE-COMMENT" not in mine and "Grace" not in mine


# Differencing the results of an open round


def charter_power_section(world: World) -> str:
    url = reverse("charter-preview", args=[world.project.slug])
    page = page_text(signed_in(world.facilitator).get(url))
    return re.search(r'<section class="charter-section" id="power".*?</section>', page, re.S)[0]


def test_results_of_an_open_round_cannot_be_differenced(world):
    people = [world.join(name) for name in ("Ada Lovelace", "Grace Hopper", "Mary Seacole")]
    nell = world.join("Nell Gwyn", perspective=RESEARCHER)
    world.open_round()
    for person in people:
        answer_over_http(world, person, score=3, comment="Fine")
    viewers = {
        "facilitator": world.facilitator,
        "participant": people[0],
        "observer": world.observer,
    }
    before = {role: world.results(user) for role, user in viewers.items()}
    charter_before = charter_power_section(world)

    answer_over_http(world, nell, score=0, comment="NELL-COMMENT", helped="NELL-HELPED")

    # The attack: look again; what changed is what Nell answered.
    for role, user in viewers.items():
        after = world.results(user)
        assert "NELL-COMMENT" not in after and "NELL-HELPED" not in after, role
        assert without_counts(after) == without_counts(before[role]), role
        assert "4 of 5 members who can answer" in after, "participation is still shown"
        assert "shown once it has closed" in after, "the page says when results appear"
    assert without_counts(charter_power_section(world)) == without_counts(charter_before)

    world.close_round()
    closed = world.results(world.facilitator)
    assert "Overall score" in closed and "NELL-COMMENT" in closed


# Deriving a small group from the overall score and the other group's


def section_one_scores(page: str) -> tuple[int | None, int | None, int | None]:
    """Section 1's overall, community and professional scores from the results table."""
    row = re.search(r"<th scope=\"row\">1\. [^<]*</th>(.*?)</tr>", page, re.S)[1]
    cells = [html.unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    score, _band, _change, community, professional = cells[:5]
    return tuple(None if v == "—" else int(v) for v in (score, community, professional))


def test_a_group_of_one_cannot_be_worked_out_from_the_other_groups_score(world):
    community = [world.join(name) for name in ("Ada Lovelace", "Grace Hopper", "Mary Seacole")]
    nell = world.join("Nell Gwyn", perspective=RESEARCHER)
    world.open_round()
    for person in community:
        answer_over_http(world, person, score=4, sections=1)
    answer_over_http(world, nell, score=0, sections=1)
    world.close_round()
    overall, community_score, _professional = section_one_scores(world.results(world.facilitator))

    # The attack: Nell, the only professional, scored 4 × overall − 3 × community.
    assert overall is not None, "the section's score is still shown"
    assert community_score is None, (
        f"Nell's score is 4 × {overall} − 3 × {community_score} = "
        f"{4 * overall - 3 * community_score}"
    )


def test_a_person_in_no_group_cannot_be_worked_out_from_both_groups_scores(world):
    people = [(world.join(name), 4) for name in ("Ada Lovelace", "Grace Hopper", "Mary Seacole")]
    people += [
        (world.join(name, perspective=RESEARCHER), 2)
        for name in ("Rosa Parks", "Sami Khan", "Tess Dunmore")
    ]
    people.append((world.join("Una Known", perspective=""), 0))
    world.open_round()
    for person, score in people:
        answer_over_http(world, person, score=score, sections=1)
    world.close_round()
    overall, community_score, professional = section_one_scores(world.results(world.facilitator))

    # The attack: Una scored 7 × overall − 3 × community − 3 × professional.
    assert overall is not None
    assert community_score is None or professional is None, (
        f"Una's score is about {7 * overall - 3 * community_score - 3 * professional}"
    )


# The order of comments and reflections


def test_comments_and_reflections_cannot_be_tied_to_one_person_by_their_place(world):
    names = ["Ada Lovelace", "Grace Hopper", "Mary Seacole", "Nell Gwyn", "Olive Morris"]
    names += ["Rosa Parks"]
    people = [world.join(name) for name in names]
    world.open_round()
    for person in people:  # each writes under every statement of sections 1 and 2
        first = person.name.split()[0].upper()
        answer_over_http(
            world,
            person,
            score=2,
            sections=2,
            comment=f"{first}-COMMENT",
            helped=f"{first}-HELPED",
            hindered=f"{first}-HINDERED",
        )
    world.close_round()
    page = world.results(world.facilitator)
    exported = world.exported_round()

    authors = {name.split()[0].upper() for name in names}
    comments = "".join(  # 60 comments, 50 a page: the attacker reads both pages
        re.search(
            r'id="comments-heading".*?</section>',
            world.results(world.facilitator, f"?comments={n}"),
            re.S,
        )[0]
        for n in (1, 2)
    )
    by_statement: dict[str, list[str]] = {}
    for author, statement in re.findall(r"\b([A-Z]+)-COMMENT \((\d+)\)", comments):
        by_statement.setdefault(statement, []).append(author)
    assert len(by_statement) == 10 and all(set(a) == authors for a in by_statement.values())

    # The attack: the comment in the same place under every statement is one person's.
    for position in range(len(names)):
        at_position = {authors_in_order[position] for authors_in_order in by_statement.values()}
        assert len(at_position) > 1, f"every statement's comment {position + 1} is one person's"
    # ... and in the export too.
    exported_order: dict[str, list[str]] = {}
    for item in exported["comments"]:
        author, statement = re.match(r"([A-Z]+)-COMMENT \((\d+)\)", item["comment"]).groups()
        exported_order.setdefault(statement, []).append(author)
    for position in range(len(names)):
        assert len({order[position] for order in exported_order.values()}) > 1

    # The attack on reflections: what helped and what got in the way, side by side or in
    # the same order, are one person's.
    reflections = re.search(r'id="reflections-heading".*?</section>', page, re.S)[0]
    for item in re.findall(r"<li>.*?</li>", reflections, re.S):
        assert len(set(re.findall(r"\b([A-Z]+)-H(?:ELPED|INDERED)", item))) <= 1, item
    helped = re.findall(r"\b([A-Z]+)-HELPED", reflections)
    hindered = re.findall(r"\b([A-Z]+)-HINDERED", reflections)
    assert set(helped) == set(hindered) == authors
    assert helped != hindered, "the two lists are in the same order of people"


# The admin


@pytest.fixture
def admin_client(db):
    admin = get_user_model().objects.create_superuser("admin@example.org", "pw")
    return signed_in(admin)


def test_the_admin_cannot_filter_an_anonymous_rounds_responses_by_member(world, admin_client):
    ada = world.join("Ada Lovelace")
    world.open_round()
    answer_over_http(world, ada, score=1, sections=1, helped="ADA-HELPED")
    membership = Membership.objects.get(user=ada)
    response = Response.objects.get(member=membership)

    # The attack: the responses list filtered by Ada's membership shows hers, and when.
    listed = page_text(
        admin_client.get(
            reverse("admin:powercheck_response_changelist") + f"?member={membership.pk}"
        )
    )
    assert "0 responses" in listed
    submitted = timezone.localtime(response.submitted_at)
    assert f"{submitted:%H:%M}" not in listed
    opened = admin_client.get(reverse("admin:powercheck_response_change", args=[response.pk]))
    assert "ADA-HELPED" not in opened.content.decode()


def test_the_admin_cannot_list_the_answers_of_one_response(world, admin_client):
    ada = world.join("Ada Lovelace")
    world.open_round()
    answer_over_http(world, ada, score=1, sections=1, comment="ADA-COMMENT")
    response = Response.objects.get(member__user=ada)

    # The attack: the answers list filtered by one response is one person's answers.
    url = reverse("admin:powercheck_answer_changelist")
    for query in (f"?response={response.pk}", f"?response__id__exact={response.pk}", ""):
        listed = page_text(admin_client.get(url + query))
        assert "ADA-COMMENT" not in listed, query
        assert "0 answers" in listed, query
    one = Answer.objects.filter(response=response).first()
    opened = admin_client.get(reverse("admin:powercheck_answer_change", args=[one.pk]))
    assert "ADA-COMMENT" not in opened.content.decode()
