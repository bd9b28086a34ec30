"""Forms for the rating and assessment pages: input parsing only, rules live in ``rules``."""

from __future__ import annotations

from django import forms

from people.models import Level

from .models import Assessment, CompetencyScore, Rating
from .rules import SCORES


class RatingForm(forms.ModelForm):
    """The manager's two dimension assessments, each with written examples of impact."""

    role_scope = forms.ChoiceField(choices=Assessment.choices, widget=forms.RadioSelect)
    team_impact = forms.ChoiceField(choices=Assessment.choices, widget=forms.RadioSelect)

    class Meta:
        model = Rating
        fields = ["role_scope", "role_scope_examples", "team_impact", "team_impact_examples"]
        labels = {
            "role_scope": "Role Scope/Execution",
            "role_scope_examples": "Examples of impact (Role Scope/Execution)",
            "team_impact": "Team/Cross-Functional Impact",
            "team_impact_examples": "Examples of impact (Team/Cross-Functional Impact)",
        }
        widgets = {
            "role_scope_examples": forms.Textarea(attrs={"rows": 4}),
            "team_impact_examples": forms.Textarea(attrs={"rows": 4}),
        }


class FinalScoreForm(forms.Form):
    """Leadership's final score and its rationale."""

    final_score = forms.TypedChoiceField(
        choices=[(s, str(s)) for s in SCORES], coerce=int, widget=forms.RadioSelect
    )
    rationale = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CalibrationFilter(forms.Form):
    manager = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(required=False, choices=[("", "All levels"), *Level.choices])

    def __init__(self, *args, managers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].choices = [("", "All managers")] + [(m.id, m.name) for m in managers]


def competency_scores(data, competency_ids) -> tuple[dict[int, tuple[int, str]], list[str]]:
    """Read ``score-<id>`` and ``comment-<id>`` for each competency; blanks are skipped."""
    scores, errors = {}, []
    valid = {str(value) for value in CompetencyScore.values}
    for competency_id in competency_ids:
        raw = (data.get(f"score-{competency_id}") or "").strip()
        if not raw:
            continue
        if raw not in valid:
            errors.append(f"Unknown score {raw!r}.")
            continue
        scores[competency_id] = (int(raw), data.get(f"comment-{competency_id}", ""))
    return scores, errors
