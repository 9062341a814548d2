"""考评 scores: a configurable scheme over the indicators. Pure, no database.

Modelled on 国办秘函〔2019〕19号 (evaluation-and-prior-art.md §1.3): any 单项否决 item fails the organ
outright (不合格, nothing else scored); otherwise points are deducted from 100 and below the pass mark
the organ fails. The point values are Gongkai's defaults, not the 国办 sheet's (those are unverified);
settings.GONGKAI_SCORING overrides any part, e.g.::

    GONGKAI_SCORING = {"pass_mark": 70, "veto": {"empty": None},
                       "deductions": {"late_items": {"per": 1, "max": 20}}}

Deduction rules, per indicator:
- count/days: ``{"per": p, "max": m, "allow": a}`` deducts p for each unit above a, at most m;
- rate: ``{"per": p, "max": m, "target": t, "higher_is_better": True}`` deducts p per percentage
  point short of t (or above t when higher_is_better is False); an undefined rate deducts nothing;
- flag: ``{"points": p, "when": True}`` deducts p when the flag has that value.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from .indicators import BY_KEY, OrganFacts, values

DEFAULT_SCHEME: dict = {
    "pass_mark": 60,
    # 单项否决: indicator -> threshold (fails when value ≥ threshold); None switches a rule off.
    "veto": {
        "stale_short": 5,  # 栏目不更新（一）: ≥5 动态要闻/通知公告/政策文件 columns not updated
        "long_stale": 10,  # 栏目不更新（二）: ≥10 columns long stale
        "empty": 5,  # 栏目不更新（三）: ≥5 空白栏目
        "consultations_unanswered": 1,  # 互动回应差: one 政务咨询 unanswered past three months
    },
    "deductions": {
        "stale_short": {"per": 2, "max": 8},
        "empty": {"per": 2, "max": 8},
        "items_without_date": {"per": 1, "max": 5},
        "policies_without_interpretation": {"per": 1, "max": 10},
        "normative_without_validity": {"per": 1, "max": 5},
        "late_items": {"per": 0.5, "max": 10},
        "on_time_rate": {"per": 0.5, "max": 20, "target": 1.0},
        "overdue_open": {"per": 2, "max": 10},
        "remedies_corrected_rate": {"per": 0.2, "max": 10, "target": 0.0, "higher_is_better": False},
        "redo_late": {"per": 2, "max": 10},
        "report_published": {"points": 20, "when": False},
        "report_late": {"points": 10, "when": True},
        "report_errors": {"per": 2, "max": 10},
        "report_warnings": {"per": 0.5, "max": 5},
    },
}


def _merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def scheme(override: dict | None = None) -> dict:
    """The default scheme updated with `override` (or settings.GONGKAI_SCORING)."""
    if override is None:
        from django.conf import settings

        override = getattr(settings, "GONGKAI_SCORING", {}) if settings.configured else {}
    merged = _merge(DEFAULT_SCHEME, override or {})
    unknown = (set(merged["veto"]) | set(merged["deductions"])) - set(BY_KEY)
    if unknown:
        raise ValueError(f"GONGKAI_SCORING 中有未知的指标：{'、'.join(sorted(unknown))}")
    return merged


def deduction(rule: dict, kind: str, value) -> float:
    """Points one rule deducts for one value (see the module docstring)."""
    if value is None:
        return 0.0
    if kind == "flag":
        return float(rule["points"]) if bool(value) == rule.get("when", True) else 0.0
    if kind == "rate":
        target = rule.get("target", 1.0)
        short = (target - value) if rule.get("higher_is_better", True) else (value - target)
        amount = max(0.0, short * 100) * rule["per"]
    else:
        amount = max(0, value - rule.get("allow", 0)) * rule["per"]
    return float(min(rule.get("max", amount), amount))


@dataclass
class Score:
    facts: OrganFacts
    values: dict
    score: float
    passed: bool
    vetoes: list[str] = field(default_factory=list)  # the 单项否决 reasons
    deductions: dict[str, float] = field(default_factory=dict)
    rank: int = 0

    @property
    def verdict(self) -> str:
        return "合格" if self.passed else "不合格"


def score(facts: OrganFacts, rules: dict) -> Score:
    vals = values(facts)
    vetoes = [f"{BY_KEY[key].label}{vals[key]}个（≥{limit}，单项否决）"
              for key, limit in rules["veto"].items() if limit is not None and (vals[key] or 0) >= limit]
    taken = {}
    for key, rule in rules["deductions"].items():
        amount = deduction(rule, BY_KEY[key].kind, vals[key])
        if amount:
            taken[key] = round(amount, 2)
    points = 0.0 if vetoes else max(0.0, round(100 - sum(taken.values()), 1))
    return Score(facts, vals, points, not vetoes and points >= rules["pass_mark"], vetoes, taken)


def ranked(all_facts: list[OrganFacts], rules: dict | None = None) -> list[Score]:
    """Scores, best first: vetoed organs last, ties by score share a rank (1, 2, 2, 4)."""
    rules = rules or scheme()
    scores = sorted((score(f, rules) for f in all_facts), key=lambda s: (bool(s.vetoes), -s.score, s.facts.path,
                                                                        s.facts.name))
    previous = None
    for position, s in enumerate(scores, start=1):
        key = (bool(s.vetoes), s.score)
        s.rank = previous[1] if previous and previous[0] == key else position
        previous = (key, s.rank)
    return scores
