"""How easy the participant pages are to read, measured with textstat's Flesch reading ease
(0–100, higher is easier): at least 80 for the easy-read versions, at least 60 for the
standard texts a participant reads. The figures are in the README."""

import html
import re

import pytest
import textstat
from django.urls import reverse

from agreements.actions import do_add_ground_rule
from powercheck import wording
from tests.factories import RoundFactory
from tests.powercheck.helpers import answer, statements

EASY, STANDARD = 80, 60


def ease(text: str) -> float:
    return textstat.flesch_reading_ease(text)


def sentences(lines: list[str]) -> str:
    """Lines as sentences: an easy-read line is one idea, read as one sentence."""
    return " ".join(line if line.endswith((".", "?", "!")) else line + "." for line in lines)


def text_of(fragment: str) -> list[str]:
    """The lines of text in an HTML fragment, without tags."""
    fragment = re.sub(r"<(br|/p|/li|/h\d|/legend|/dt|/dd|/th|/td)\b[^>]*>", "\n", fragment)
    plain = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return [" ".join(line.split()) for line in plain.splitlines() if line.strip()]


def easy_blocks(page: str) -> list[str]:
    blocks = re.findall(r'<section class="easy-read".*?</section>', page, re.S)
    blocks += re.findall(r'<legend class="easy-statement">.*?</legend>', page, re.S)
    blocks += re.findall(r'<ul class="easy-points">.*?</ul>', page, re.S)
    return blocks


def main_text(page: str) -> list[str]:
    """What the page itself says: its main content after the project menu, without the list
    of sources (titles of papers, not text to read)."""
    start = page.index(">", page.index('id="content"')) + 1
    lines = text_of(page[start : page.index("</main>")])
    return lines[: lines.index("Sources")] if "Sources" in lines else lines


@pytest.fixture
def pages(as_user, participant, project, facilitator):
    """The pages a participant reads and answers, with simple words where members wrote."""
    project.title, project.aim = "Safe streets", "We want safe streets for all of us."
    project.save()
    do_add_ground_rule(project=project, text="We listen to each other.")
    open_round = RoundFactory(project=project, title="Spring check")
    closed = RoundFactory(project=project, title="Last year", status="closed")
    for score in (1, 2, 3):
        answer(closed, {q: score for section in (1, 2, 3, 4) for q in statements(section)})
    client = as_user(participant)
    urls = [
        project.get_absolute_url(),
        reverse("agreements-ground-rules", args=[project.slug]),
        reverse("powercheck-index", args=[project.slug]),
        *(
            reverse("powercheck-respond", args=[project.slug, open_round.pk, n])
            for n in (1, 2, 3, 4)
        ),
        reverse("powercheck-check", args=[project.slug, open_round.pk]),
        reverse("powercheck-results", args=[project.slug, closed.pk]),
        reverse("home"),
    ]

    def read(*, easy: bool) -> dict[str, str]:
        participant.easy_read = easy
        participant.save()
        return {url: client.get(url).content.decode() for url in urls}

    return read


def test_the_easy_read_checklist_statements_score_at_least_80():
    for standard, easy in wording.EASY_READ.items():
        assert ease(sentences(easy.splitlines())) >= EASY, (standard, easy)
    everything = sentences(
        [line for easy in wording.EASY_READ.values() for line in easy.splitlines()]
    )
    assert ease(everything) >= EASY


def test_every_easy_read_page_scores_at_least_80(pages):
    found = 0
    for url, page in pages(easy=True).items():
        for block in easy_blocks(page):
            found += 1
            lines = [re.sub(r"^\d+\.\s*", "", line) for line in text_of(block)]
            assert ease(sentences(lines)) >= EASY, (url, lines, ease(sentences(lines)))
    assert found >= 8


def test_the_standard_checklist_scores_at_least_60():
    assert ease(" ".join(wording.SECTION_TITLES + wording.STATEMENTS)) >= STANDARD
    assert "institutional structures" not in " ".join(wording.SECTION_TITLES)


def test_the_standard_participant_pages_score_at_least_60(pages):
    for url, page in pages(easy=False).items():
        assert "easy-read" not in page
        lines = main_text(page)
        assert ease(sentences(lines)) >= STANDARD, (url, ease(sentences(lines)))
