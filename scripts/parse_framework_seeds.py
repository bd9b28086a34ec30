"""Parse the career framework (seed 001) and competency framework (seed 004) into
``fixtures/framework.json``, word for word; a data migration loads that file.

Run from the project folder: ``.venv/bin/python scripts/parse_framework_seeds.py [SEEDS_DIR]``.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "seeds"
OUTPUT = ROOT / "fixtures" / "framework.json"
CAREER_SEED = "001_ab926d54333e6e47.txt"
COMPETENCY_SEED = "004_ce2bbab2d014f478.txt"

LEVELS = ["L1", "L2", "L3", "L4", "L5", "L6"]
# The seed's row heading for each dimension, and the code Pacer stores.
DIMENSIONS = {
    "role_scope": "Role Scope/Execution ",
    "team_impact": "Team/Cross Functional Impact ",
}
BAND = re.compile(r"^(?P<score>[1-5])\s*-\s*(?P<label>.+?)\s+(?P<quota>\S+%\+?)$")
MARKER = re.compile(r"(Meeting Expectations|Exceeding Expectations)")
HEADING_DASH = re.compile(r"^\s*-\s*")
BULLET = re.compile(r"^[-–]\s*")


def quota_bands(lines: list[str]) -> list[dict]:
    """Seed 001's score table: ``1 - Distinguished Performance 130%+`` and so on."""
    start = next(i for i, line in enumerate(lines) if line.startswith("Score Eligibility"))
    bands = []
    for line in lines[start + 1 : start + 6]:
        match = BAND.match(line.strip())
        assert match, f"not a score band: {line!r}"
        bands.append(
            {
                "score": int(match["score"]),
                "label": match["label"],
                "quota_text": match["quota"],
            }
        )
    return bands


def expectations(lines: list[str]) -> list[dict]:
    """Seed 001's two dimension rows: Meeting/Exceeding texts for L1 to L6, in that order."""
    rows = []
    for dimension, heading in DIMENSIONS.items():
        line = next(line for line in lines if line.startswith(heading))
        parts = MARKER.split(line[len(heading) :])
        assert parts[0].strip() == "", f"text before the first level: {parts[0]!r}"
        pairs = list(zip(parts[1::2], parts[2::2], strict=True))
        assert len(pairs) == 2 * len(LEVELS), f"{dimension}: {len(pairs)} texts"
        for index, level in enumerate(LEVELS):
            (meeting_marker, meeting), (exceeding_marker, exceeding) = pairs[
                2 * index : 2 * index + 2
            ]
            assert meeting_marker == "Meeting Expectations", (level, meeting_marker)
            assert exceeding_marker == "Exceeding Expectations", (level, exceeding_marker)
            rows.append(
                {
                    "level": level,
                    "dimension": dimension,
                    "meeting": HEADING_DASH.sub("", meeting).strip(),
                    "exceeding": HEADING_DASH.sub("", exceeding).strip(),
                }
            )
    return rows


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment)).strip()


def competencies(text: str) -> list[dict]:
    """Seed 004's table: categories (with their note), competencies and their behaviours."""
    categories: list[dict] = []
    for row in re.findall(r"<tr>(.*?)</tr>", text, flags=re.DOTALL)[1:]:  # [0] is the header
        cells = re.findall(r"<td([^>]*)>(.*?)</td>", row, flags=re.DOTALL)
        if len(cells) == 3:
            name = re.search(r"<strong>(.*?)</strong>", cells[0][1], flags=re.DOTALL)
            categories.append(
                {
                    "name": html.unescape(name.group(1).strip()),
                    "note": _text(cells[0][1].replace(name.group(0), "")),
                    "competencies": [],
                }
            )
            cells = cells[1:]
        competency, behaviours = (body for _, body in cells)
        items = [BULLET.sub("", _text(part)) for part in behaviours.split("<p>")]
        categories[-1]["competencies"].append(
            {"name": _text(competency), "behaviours": [item for item in items if item]}
        )
    return categories


def main() -> None:
    career = (SEEDS / CAREER_SEED).read_text(encoding="utf-8").splitlines()
    data = {
        "source": {"career": CAREER_SEED, "competency": COMPETENCY_SEED},
        "quota_bands": quota_bands(career),
        "expectations": expectations(career),
        "competency_categories": competencies(
            (SEEDS / COMPETENCY_SEED).read_text(encoding="utf-8")
        ),
    }
    OUTPUT.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    count = sum(len(c["competencies"]) for c in data["competency_categories"])
    print(f"wrote {OUTPUT}: {len(data['expectations'])} expectations, {count} competencies")


if __name__ == "__main__":
    main()
