"""Turn seed 002 (FY22-Q3 OKRs, markdown) into fixtures/okr_seed_fy22_q3.json.

Run once by hand: python scripts/okr_seed_to_json.py SEED.md > fixtures/okr_seed_fy22_q3.json
Texts are kept word for word; only markdown markup is removed (links keep their text, the
hidden numbers ``[_N<sub>6</sub>_][n6]`` become ``N6``). A key result shared between
departments becomes one entry, found by its text ignoring case, plus the aliases below.
"""

import json
import re
import sys

from django.utils.text import slugify

HIDDEN = re.compile(r"\[_N<sub>(\d+)</sub>_\]\[n\d+\]")
LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
NOTE = re.compile(r"_\[(.*?)\]_")
EMPHASIS = re.compile(r"(?<!\w)_(\w+)_(?!\w)")

# Wordings the seed gives one key result under several departments.
ALIASES = {
    "generate n6 new business saos among our target accounts": (
        "generate n6 new business sales accepted opportunities among our target accounts"
    ),
    # Customer Engineering's "including N1" sits where Sales has "N0 IARR (N1 Stretch)".
    "including n1": "n0 iarr (n1 stretch)",
}

# code: kind, link, start, target, stretch, scale_max, target placeholder, stretch placeholder
SETTINGS = {
    "n0-iarr-n1-stretch": ("numeric", "", "0", None, None, None, "N0", "N1"),
    "land-n2-large-enterprise-logos-n3": (
        "numeric",
        "large_enterprise_logos",
        "0",
        None,
        None,
        None,
        "N2",
        "N3",
    ),
    "advance-n4-large-enterprise-opportunities-to-stage": (
        "numeric",
        "large_enterprise_stage_4",
        "0",
        None,
        None,
        None,
        "N4",
        "",
    ),
    "generate-n6-new-business-sales-accepted-opportunit": (
        "numeric",
        "target_account_saos",
        "0",
        None,
        None,
        None,
        "N6",
        "",
    ),
    "maximize-overall-monthly-unique-visitors-to-source": ("numeric",),
    "maximize-monthly-community-engagement-and-reach": ("numeric",),
    "maximize-monthly-search-visits": ("numeric",),
    "2x-cloud-weekly-activation-rate-to-n7": ("numeric", "", None, None, None, None, "N7", ""),
    "2x-cloud-weekly-retention-rate-to-n8": ("numeric", "", None, None, None, None, "N8", ""),
    "average-score-of-4-strongly-agree": ("score", "", None, "4", None, "5"),
    "publish-2-articles-focused-on-talentculture-at": ("numeric", "", "0", "2"),
    "100-of-roles-have-a-structured-interview": ("score", "", None, "100", None, "100"),
    "automate-interview-training-and-ensure-that-100": ("score", "", None, "100", None, "100"),
    "final-q3-hiring-is-85-of-the": ("score", "", None, "85", None, "100"),
    "average-time-to-fill-from-date-the-job-is": ("numeric", "", None, "45"),
    "provide-a-strong-candidate-experience-as-indicated": ("score", "", None, "4", None, "5"),
    "secure-100-of-logos-for-q3-renewals": ("score", "", None, "100", None, "100"),
    "resolve-technical-deal-blockers-with-n10": ("numeric", "", "0", None, None, None, "N10"),
    "maintain-100-support-issue-resolution-within-7": ("score", "", None, "100", None, "100"),
    "maximize-roi-on-marketing-spend": ("numeric",),
    "team-specific-onboarding-training-has-been-develop": ("numeric", "", "0", "10"),
    "run-two-wellbeing-related-masterclassesthe-first-o": ("numeric", "", "0", "2"),
    "the-overall-onboarding-experience-is-measured-by": ("score", "", None, "75", None, "100"),
    "launch-modern-health-which-will-offer-each": ("score", "", None, "70", None, "100"),
}
FIELDS = (
    "kind",
    "link",
    "start",
    "target",
    "stretch",
    "scale_max",
    "target_placeholder",
    "stretch_placeholder",
)


def clean(text: str) -> str:
    text = HIDDEN.sub(r"N\1", text)
    text = LINK.sub(r"\1", text)
    text = NOTE.sub(r"[\1]", text)
    text = EMPHASIS.sub(r"\1", text)
    return text.replace("**", "").strip()


def parse(lines):
    departments, department, objective = [], None, None
    for raw in lines:
        line = raw.rstrip("\n")
        stripped = line.strip()
        if not stripped or stripped.startswith(">") or re.match(r"^\[n\d+\]:", stripped):
            continue
        if line.startswith("# "):
            continue
        if line.startswith("## "):
            department = {"name": line[3:].strip(), "why": "", "objectives": []}
            departments.append(department)
            objective = None
            continue
        match = re.match(r"^\s*1\.\s+\*\*(.+)\*\*\s*$", line)
        if match:
            objective = {"title": clean(match.group(1)), "why": "", "key_results": []}
            department["objectives"].append(objective)
            continue
        match = re.match(r"^\s*- (?:KR: )?(.+)$", line)
        if match:
            if objective is None:  # People Ops: bullets under a prose paragraph
                objective = {"title": "", "why": "", "key_results": []}
                department["objectives"].append(objective)
            objective["key_results"].append(clean(match.group(1)))
            continue
        text = clean(stripped.removeprefix("**WHY:**"))
        if department["name"] == "People Ops" and not stripped.startswith("**WHY:**"):
            if stripped.endswith(":"):
                objective = {"title": text, "why": "", "key_results": []}
                department["objectives"].append(objective)
            else:
                department["why"] += "\n\n" + text
            continue
        target = objective if (objective is not None and line.startswith(" ")) else department
        target["why"] = f"{target['why']}\n\n{text}".strip()
    return departments


def build(departments):
    key_results, by_text = [], {}
    for department in departments:
        for objective in department["objectives"]:
            links = []
            for wording in objective["key_results"]:
                key = ALIASES.get(wording.casefold(), wording.casefold())
                if key not in by_text:
                    code = slugify(" ".join(wording.split()[:7]))[:50].strip("-")
                    values = SETTINGS.get(code, ("milestone",))
                    entry = {"code": code, "title": wording}
                    entry.update(dict.fromkeys(FIELDS, None))
                    entry.update(link="", target_placeholder="", stretch_placeholder="")
                    entry.update({f: v for f, v in zip(FIELDS, values, strict=False) if v})
                    key_results.append(entry)
                    by_text[key] = entry
                entry = by_text[key]
                links.append(
                    {"code": entry["code"], "wording": "" if wording == entry["title"] else wording}
                )
            objective["key_results"] = links
    return {"quarter": "FY22-Q3", "key_results": key_results, "departments": departments}


if __name__ == "__main__":
    import django
    from django.conf import settings

    settings.configure()
    django.setup()
    with open(sys.argv[1], encoding="utf-8") as seed:
        data = build(parse(seed))
    unused = set(SETTINGS) - {kr["code"] for kr in data["key_results"]}
    if unused:
        sys.exit(f"settings for codes not in the seed: {sorted(unused)}")
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
