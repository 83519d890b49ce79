"""Scores against values worked out by hand (docs/design.md, "The power dynamics check")."""

import datetime

import pytest

from powercheck.actions import do_add_statement, do_close_round
from powercheck.models import Round, Section
from powercheck.results import (
    EVERYONE,
    WITHHELD_TOO_FEW,
    WITHHELD_UNTIL_CLOSED,
    band_of,
    rounded,
)
from powercheck.scoring import disclose, get_results
from projects.models import Perspective
from tests.factories import RoundFactory

from .helpers import answer, statements

COMMUNITY, PROFESSIONAL = Perspective.COMMUNITY, Perspective.RESEARCHER
DK = None  # "don't know"


@pytest.fixture
def round(project):
    """A round that is not anonymous, so that its scores are shown while it is open."""
    return RoundFactory(project=project, anonymous=False)


@pytest.fixture
def answered_round(round):
    """Six submitted responses and a draft; worked through in the test below."""
    s1, s2, s4 = statements(1), statements(2), statements(4)
    a, b = s1[0], s1[1]
    answer(round, {a: 4, b: DK, s2[0]: DK, s4[0]: 1}, perspective=COMMUNITY)
    answer(round, {a: 2, b: 1, s4[0]: 1}, perspective=COMMUNITY)
    answer(round, {a: 0, s4[0]: 1}, perspective=COMMUNITY)
    answer(round, {a: 4, b: 4, s2[0]: 2, s4[0]: 1}, perspective=PROFESSIONAL)
    answer(round, {a: 3, s4[0]: 1}, perspective=Perspective.PRACTITIONER)
    answer(round, {a: 3, b: DK, s4[0]: 1}, perspective=Perspective.ORGANISATION)
    answer(round, {a: 0, b: 0, s4[0]: 4}, perspective=COMMUNITY, submitted=False)
    return round


def test_section_scores_leave_out_dont_know_drafts_and_empty_sections(answered_round):
    results = get_results(answered_round)
    one, two, three, four = results.sections
    # Section 1 answers 4,2,1,0 (community) and 4,4,3,3 (professional): 21/8 = 2.625 → 65.625.
    assert (one.score, one.band, one.respondents) == (66, "Partly shared", 6)
    # Community 7/4 = 1.75 → 43.75; professional 14/4 = 3.5 → 87.5 (halves round up).
    assert (one.community, one.professional, one.gap, one.gap_flagged) == (44, 88, -44, True)
    # Section 2: one scored answer (2 → 50); "don't know" is not a respondent; groups too small.
    assert (two.score, two.respondents, two.community, two.professional) == (50, 1, None, None)
    assert two.gap is None and not two.gap_flagged
    # Section 3: nobody answered.
    assert (three.score, three.band, three.respondents) == (None, "", 0)
    # Section 4: everyone 1 → 25; the draft's 4 does not count.
    assert (four.score, four.band, four.gap) == (25, "Power held by a few", 0)
    # Overall: mean of 65.625, 50 and 25 = 46.875 → 47.
    assert (results.overall, results.band) == (47, "Partly shared")
    assert [s.section.order for s in results.lowest] == [4]
    assert results.suggestions == Section.objects.get(order=4).suggested_actions
    assert [s.section.order for s in results.gaps] == [1]
    assert results.show_groups


def test_participation_counts_submitted_responses_of_members_who_can_answer(answered_round):
    results = get_results(answered_round)
    assert (results.submitted, results.drafts, results.eligible) == (6, 1, 7)
    assert (results.community_respondents, results.professional_respondents) == (3, 3)
    assert results.participation == 86  # 6 of 7


def test_custom_statements_count_in_their_section(round, project):
    other = RoundFactory()  # another project's statement is never part of this round
    section = Section.objects.get(order=3)
    mine = do_add_statement(project=project, section=section, text="Young people set the agenda.")
    do_add_statement(project=other.project, section=section, text="Not ours.")
    assert list(round.questions().filter(section=section).values_list("text", flat=True))[-1] == (
        "Young people set the agenda."
    )
    assert round.questions().count() == 21
    first = statements(3)[0]
    answer(round, {first: 1, mine: 4})
    answer(round, {first: 1, mine: 4})
    answer(round, {first: 1, mine: DK})
    results = get_results(round)
    # (1 + 4 + 1 + 4 + 1) / 5 = 2.2 → 55.
    assert results.sections[2].score == 55
    custom = results.sections[2].questions[-1]
    assert (custom.question, custom.counts, custom.dont_know, custom.score) == (
        mine,
        [0, 0, 0, 0, 2],
        1,
        100,
    )


def test_nothing_is_scored_until_three_people_submit(round):
    answer(round, {statements(1)[0]: 4})
    answer(round, {statements(1)[0]: 0})
    answer(round, {statements(1)[0]: 2}, submitted=False)
    results = get_results(round)
    assert not results.enough
    assert results.overall is None
    assert all(s.score is None and not s.questions for s in results.sections)
    assert results.lowest == [] and results.suggestions == []


def test_change_since_the_previous_round(project):
    earlier = RoundFactory(
        project=project,
        opens_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC),
    )
    later = RoundFactory(project=project, anonymous=False)
    a = statements(1)[0]
    for _ in range(3):
        answer(earlier, {a: 2})  # 50
    for score in (3, 3, 2):
        answer(later, {a: score})  # 8/3 = 2.667 → 66.67 → 67
    results = get_results(later)
    assert results.previous_round == earlier
    assert (results.sections[0].score, results.sections[0].change) == (67, 17)
    assert (results.overall, results.overall_change) == (67, 17)
    assert results.sections[1].change is None
    assert get_results(earlier).previous_round is None


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "Power held by a few"),
        (39, "Power held by a few"),
        (40, "Partly shared"),
        (69, "Partly shared"),
        (70, "Shared"),
        (100, "Shared"),
    ],
)
def test_bands(score, band):
    assert band_of(score) == band


def test_halves_round_up():
    assert (rounded(62.5), rounded(43.75), rounded(87.5), rounded(None)) == (63, 44, 88, None)


def test_an_anonymous_round_is_scored_only_once_it_has_closed(project):
    round = RoundFactory(project=project, anonymous=True)
    for score in (4, 4, 2):
        answer(round, {statements(1)[0]: score})
    results = get_results(round)
    assert (results.submitted, results.enough, results.until_closed) == (3, False, True)
    assert results.overall is None and all(s.score is None for s in results.sections)
    results = get_results(do_close_round(round=round))
    assert (results.enough, results.until_closed, results.sections[0].score) == (True, False, 83)


ANYTIME = datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("among", "groups", "shown"),
    [
        (6, {"community": 3, "professional": 3}, {"community", "professional"}),
        # Three community members and one professional: the professional's answers would be
        # the total less the community members'.
        (4, {"community": 3, "professional": 1}, set()),
        # One person in neither group: showing both would show that person's answers.
        (7, {"community": 3, "professional": 3}, {"community"}),
        (9, {"community": 3, "professional": 3}, {"community", "professional"}),
        (8, {"community": 5, "professional": 2}, {"community"}),
        # A group that is everyone has nobody outside it: it is the total, not a group.
        (5, {"community": 5, "professional": 0}, set()),
        (2, {"community": 1, "professional": 1}, set()),
    ],
)
def test_a_group_is_shown_only_if_it_and_everyone_outside_it_number_three(among, groups, shown):
    round = Round(anonymous=True, status=Round.Status.CLOSED, closes_at=ANYTIME)
    disclosure = disclose(round, submitted=9, among=among, groups=groups)
    assert EVERYONE in disclosure
    assert set(disclosure.shown) - {EVERYONE} == shown


@pytest.mark.parametrize(
    ("anonymous", "status", "submitted", "shown", "withheld"),
    [
        (True, Round.Status.OPEN, 10, False, WITHHELD_UNTIL_CLOSED),
        (True, Round.Status.OPEN, 1, False, WITHHELD_UNTIL_CLOSED),
        (True, Round.Status.CLOSED, 2, False, WITHHELD_TOO_FEW),
        (True, Round.Status.CLOSED, 3, True, ""),
        (False, Round.Status.OPEN, 2, False, WITHHELD_TOO_FEW),
        (False, Round.Status.OPEN, 3, True, ""),
    ],
)
def test_what_a_round_shows_depends_on_anonymity_closing_and_three_answers(
    anonymous, status, submitted, shown, withheld
):
    round = Round(anonymous=anonymous, status=status, closes_at=ANYTIME)
    disclosure = disclose(round, submitted=submitted)
    assert (EVERYONE in disclosure, disclosure.withheld) == (shown, withheld)
