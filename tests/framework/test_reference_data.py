"""`migrate` loads the career framework (seed 001) and competency framework (seed 004) word
for word."""

import re
from pathlib import Path

import pytest

from framework.models import (
    Behaviour,
    Competency,
    CompetencyCategory,
    LevelExpectation,
    QuotaBand,
)

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
CAREER = SEEDS / "001_ab926d54333e6e47.txt"
COMPETENCY = SEEDS / "004_ce2bbab2d014f478.txt"
needs_seeds = pytest.mark.skipif(not CAREER.exists(), reason=f"{SEEDS} is not on this machine")


def test_every_level_has_both_dimensions():
    pairs = set(LevelExpectation.objects.values_list("level", "dimension"))
    assert pairs == {
        (level, dimension)
        for level in ("L1", "L2", "L3", "L4", "L5", "L6")
        for dimension in ("role_scope", "team_impact")
    }


def test_l1_role_scope_meeting_text_is_the_seed_text():
    text = LevelExpectation.objects.get(level="L1", dimension="role_scope").meeting
    assert text == (
        "Key Competencies: Demonstrates a basic understanding of Sourcegraph's products and "
        "sales processes, efficiently completes routine tasks with close guidance from "
        "leadership. Independence: Begins to participate in managing account teams but heavily "
        "relies on leadership for direction and decision-making. Executes very low-complexity "
        "deals effectively, primarily focusing on volume and frequently seeking assistance."
    )


def test_l6_team_impact_exceeding_text_is_the_seed_text():
    text = LevelExpectation.objects.get(level="L6", dimension="team_impact").exceeding
    assert text.startswith("Drives future best practices for the team and company")
    assert text.endswith(
        "- Mentors junior teammates (L1-L5) and/or cross-functional teammates in Technical "
        "Success/other teams; sharing new ideas and approaches with the enterprise team."
    )


def test_l2_team_impact_exceeding_text_is_the_seed_text():
    text = LevelExpectation.objects.get(level="L2", dimension="team_impact").exceeding
    assert text == (
        "Mentors SDRs/L1 transitioning into closing roles, providing guidance and sharing best "
        "practices.- Actively participates in cross-functional projects, enhancing "
        "collaboration and driving better customer outcomes."
    )


def test_quota_bands_are_the_seed_table():
    bands = list(QuotaBand.objects.values_list("score", "label", "quota_text"))
    assert bands == [
        (1, "Distinguished Performance", "130%+"),
        (2, "Superior Performance", "111-129%"),
        (3, "Meeting High Bar", "80-110%"),
        (4, "Partial Successful Performance", "<80%"),
        (5, "Unsuccessful Performance", "<40%"),
    ]


def test_competency_framework_has_three_categories_and_eighteen_competencies():
    per_category = {
        category.name: [c.name for c in category.competencies.all()]
        for category in CompetencyCategory.objects.all()
    }
    assert list(per_category) == ["Sales Foundations", "Sales Process", "Will - Values Alignment"]
    assert per_category["Sales Foundations"] == [
        "Value Selling",
        "Domain Knowledge",
        "Preparation",
        "Meeting Excellence",
    ]
    assert len(per_category["Sales Process"]) == 7
    assert len(per_category["Will - Values Alignment"]) == 7
    assert Competency.objects.get(name="Territory & Account Planning").behaviours.count() == 4


def test_pipeline_generation_behaviours_are_the_seed_text_in_order():
    behaviours = [
        b.text for b in Competency.objects.get(name="Pipeline Generation").behaviours.all()
    ]
    assert len(behaviours) == 7
    assert behaviours[0] == (
        "Develops of a strong pipeline through active outreach and engagement, and effective "
        "planning with SDRs"
    )
    assert behaviours[5] == "Holds self accountable to 3x as a minimum"


@needs_seeds
def test_every_level_text_appears_word_for_word_in_seed_001():
    seed = CAREER.read_text(encoding="utf-8")
    for expectation in LevelExpectation.objects.all():
        assert expectation.meeting in seed, expectation
        assert expectation.exceeding in seed, expectation


@needs_seeds
def test_every_behaviour_of_seed_004_is_loaded_word_for_word():
    seed = COMPETENCY.read_text(encoding="utf-8")
    bullets = re.findall(r"^(?:\s*<td>)?[-–] (.+?)\s*$", seed, flags=re.MULTILINE)
    assert sorted(Behaviour.objects.values_list("text", flat=True)) == sorted(bullets)
    assert len(bullets) == 96
