"""考评 scores: the 考评办法 (a scheme over the indicators) and the score it gives. Pure, no database.

Modelled on 国办秘函〔2019〕19号 (evaluation-and-prior-art.md §1.3): any 单项否决 item fails the organ
outright (不合格, nothing else scored); otherwise points are deducted from 100, and below the pass mark
the organ fails; an organ above `bonus_above` (80, "高于80分的进入加分环节") adds its 加分. An organ with
no data in the period is 不参评: shown, never ranked, never 合格.

The scheme is data: the supervisor edits it per period in the browser (services.scheme_save, one
SchemeVersion per change); `DEFAULT_SCHEME` updated with settings.GONGKAI_SCORING seeds a period that
has none. Its shape::

    {"pass_mark": 60, "bonus_above": 80,
     "veto": {"empty": 5, ...},                      # 单项否决: fails when value ≥ threshold
     "deductions": {"late_items": {"per": 0.5, "max": 10}, ...},
     "bonus": [{"key": "third_party", "label": "第三方评估结果优秀", "max": 5}, ...]}

Deduction rules, per indicator kind:
- count/days: ``{"per": p, "max": m, "allow": a}`` deducts p for each unit above a, at most m;
- rate: ``{"per": p, "max": m, "target": t, "higher_is_better": True}`` deducts p per percentage
  point short of t (or above t when higher_is_better is False); an undefined rate deducts nothing;
- flag: ``{"points": p, "when": True}`` deducts p when the flag has that value.
An indicator with neither a veto nor a deduction is shown but not scored ("not in use").

The defaults count cases, not rates: one late reply out of one must not cost the whole rate's cap, and an
overdue case still unanswered costs more than one answered late (2 points plus 0.1 per working day it
stays overdue, against 1), so answering late always raises the score.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from .indicators import BY_KEY, INDICATORS, OrganFacts, has_data, values

DEFAULT_SCHEME: dict = {
    "pass_mark": 60,
    # 国办秘函〔2019〕19号: 扣分 below 60 fails; above 80 the 加分 items count.
    "bonus_above": 80,
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
        "policies_without_interpretation": {"per": 1, "max": 10},
        "normative_without_validity": {"per": 1, "max": 5},
        "late_items": {"per": 0.5, "max": 10},
        "late_replies": {"per": 1, "max": 15},
        "overdue_open": {"per": 2, "max": 20},
        "overdue_days": {"per": 0.1, "max": 10},
        "remedies_corrected": {"per": 2, "max": 10},
        "redo_late": {"per": 2, "max": 10},
        "report_published": {"points": 20, "when": False},
        "report_late": {"points": 10, "when": True},
        "report_errors": {"per": 2, "max": 10},
        "report_warnings": {"per": 0.5, "max": 5},
        "rectification_overdue": {"per": 2, "max": 10},
    },
    "bonus": [
        {"key": "third_party", "label": "第三方评估结果为优秀", "max": 5},
        {"key": "innovation", "label": "政务公开工作经验被上级推广", "max": 5},
    ],
}

# Indicators that were retired: a stored 考评办法 (SchemeVersion.rules, kept as written) may still name them,
# and is read without them. "items_without_date" (无发布日期信息) counted published items without a 发布日期,
# which the catalogue's constraint item_published_has_date_and_index_no forbids, so it was always 0 and
# never cost a point: dropping it moves no stored or recomputed score.
RETIRED_INDICATORS = frozenset({"items_without_date"})

MAX_POINTS = 100  # no single rule, cap or item exceeds the whole score
MAX_BONUS_ITEMS = 10
_BONUS_KEY = re.compile(r"^[a-z][a-z0-9_]{0,29}$")


class SchemeError(ValueError):
    """A scheme that cannot be used; `messages` are Chinese, one per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("；".join(messages))
        self.messages = messages


def _merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def scheme(override: dict | None = None) -> dict:
    """The seed scheme: the defaults updated with `override` (or settings.GONGKAI_SCORING), validated."""
    if override is None:
        from django.conf import settings

        override = getattr(settings, "GONGKAI_SCORING", {}) if settings.configured else {}
    merged = _merge(DEFAULT_SCHEME, override or {})
    unknown = (set(merged["veto"]) | set(merged["deductions"])) - set(BY_KEY)
    if unknown:
        raise ValueError(f"GONGKAI_SCORING 中有未知的指标：{'、'.join(sorted(unknown))}")
    return validate_scheme(merged)


def _number(value, label: str, errors: list[str], *, lo: float = 0, hi: float = MAX_POINTS) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors.append(f"{label}应为数字。")
        return None
    if not lo <= value <= hi:
        errors.append(f"{label}应在{lo:g}至{hi:g}之间。")
        return None
    return int(value) if float(value).is_integer() else float(value)


def without_retired(rules: dict) -> dict:
    """A stored scheme as it is read today: the rules of RETIRED_INDICATORS left out."""
    if not any(key in RETIRED_INDICATORS for part in ("veto", "deductions") for key in rules.get(part) or {}):
        return rules
    return {**rules, **{part: {k: v for k, v in (rules.get(part) or {}).items() if k not in RETIRED_INDICATORS}
                        for part in ("veto", "deductions")}}


def validate_scheme(rules: dict) -> dict:
    """The scheme checked and normalised (numbers in range, known indicators, rules that fit each
    indicator's kind, bonus items named once); raises SchemeError with every problem in Chinese.
    Rules of retired indicators (a scheme copied from an older version) are dropped, not refused."""
    errors: list[str] = []
    if not isinstance(rules, dict):
        raise SchemeError(["考评办法格式无效。"])
    rules = without_retired(rules)
    out: dict = {"veto": {}, "deductions": {}, "bonus": []}
    out["pass_mark"] = _number(rules.get("pass_mark", 60), "合格分数线", errors)
    out["bonus_above"] = _number(rules.get("bonus_above", 80), "加分起点", errors)
    for key, limit in (rules.get("veto") or {}).items():
        indicator = BY_KEY.get(key)
        if indicator is None:
            errors.append(f"单项否决中有未知的指标“{key}”。")
        elif limit is not None:
            if indicator.kind not in ("count", "days"):
                errors.append(f"“{indicator.label}”不是计数指标，不能设单项否决。")
            elif (n := _number(limit, f"“{indicator.label}”的单项否决数", errors, lo=1, hi=1000)) is not None:
                out["veto"][key] = int(n)
    for key, rule in (rules.get("deductions") or {}).items():
        indicator = BY_KEY.get(key)
        if indicator is None:
            errors.append(f"扣分规则中有未知的指标“{key}”。")
            continue
        if rule is None:
            continue
        label = f"“{indicator.label}”"
        clean: dict = {}
        if indicator.kind == "flag":
            clean["points"] = _number(rule.get("points"), f"{label}的扣分", errors)
            clean["when"] = bool(rule.get("when", True))
        else:
            clean["per"] = _number(rule.get("per"), f"{label}的单位扣分", errors)
            clean["max"] = _number(rule.get("max", MAX_POINTS), f"{label}的扣分上限", errors)
            if indicator.kind == "rate":
                clean["target"] = _number(rule.get("target", 1.0), f"{label}的目标比例", errors, hi=1)
                clean["higher_is_better"] = bool(rule.get("higher_is_better", True))
            elif rule.get("allow"):
                clean["allow"] = _number(rule.get("allow"), f"{label}的免扣数量", errors, hi=1000)
        out["deductions"][key] = clean
    seen: set[str] = set()
    for item in rules.get("bonus") or []:
        key, name = str(item.get("key", "")), str(item.get("label", "")).strip()
        if not _BONUS_KEY.match(key) or key in seen:
            errors.append(f"加分项“{name or key}”的代码无效或重复。")
            continue
        if not name or len(name) > 60:
            errors.append("每个加分项须有名称（不超过60字）。")
            continue
        seen.add(key)
        out["bonus"].append({"key": key, "label": name, "max": _number(item.get("max"), f"加分项“{name}”的上限",
                                                                         errors, hi=30)})
    if len(out["bonus"]) > MAX_BONUS_ITEMS:
        errors.append(f"加分项不能超过{MAX_BONUS_ITEMS}个。")
    if errors:
        raise SchemeError(errors)
    return out


def in_use(rules: dict) -> list[str]:
    """The indicators the scheme scores (a veto or a deduction), in the indicators' order."""
    used = set(rules["veto"]) | set(rules["deductions"])
    return [i.key for i in INDICATORS if i.key in used]


# --- the 评分细则 as text ------------------------------------------------------------------------

def _n(x) -> str:
    return f"{x:g}"


def rule_text(key: str, rule: dict | None) -> str:
    """One deduction rule in words: "每件扣2分，最多扣20分"."""
    if not rule:
        return ""
    indicator = BY_KEY[key]
    if indicator.kind == "flag":
        when = "为“是”时" if rule.get("when", True) else "为“否”时"
        return f"{when}扣{_n(rule['points'])}分"
    if indicator.kind == "rate":
        target = rule.get("target", 1.0) * 100
        side = "低于" if rule.get("higher_is_better", True) else "高于"
        return f"{side}{_n(target)}%的，每个百分点扣{_n(rule['per'])}分，最多扣{_n(rule['max'])}分"
    allow = f"超过{_n(rule['allow'])}{indicator.unit}后" if rule.get("allow") else ""
    return f"{allow}每{indicator.unit}扣{_n(rule['per'])}分，最多扣{_n(rule['max'])}分"


def veto_text(key: str, limit: int | None) -> str:
    return f"达到{limit}{BY_KEY[key].unit}单项否决" if limit else ""


def scheme_lines(rules: dict) -> list[dict]:
    """The 评分细则: one line per indicator in use (group, label, veto, deduction, source), for the
    dashboard, the Excel sheet and the PDF."""
    return [{"indicator": BY_KEY[key], "veto": veto_text(key, rules["veto"].get(key)),
             "deduction": rule_text(key, rules["deductions"].get(key))} for key in in_use(rules)]


def scheme_summary(rules: dict) -> str:
    bonus = "、".join(f"{b['label']}（最多加{_n(b['max'])}分）" for b in rules["bonus"])
    return (f"有单项否决项的直接评为不合格，不再计分；其余从100分扣分，低于{_n(rules['pass_mark'])}分为不合格；"
            f"扣分后高于{_n(rules['bonus_above'])}分的，计入加分项" + (f"：{bonus}" if bonus else "（本期未设加分项）")
            + "。人工加分、扣分须写明理由，逐项列出。没有任何可考评数据的机关为不参评，不排名、不评定合格。")


# --- scores ------------------------------------------------------------------------------------

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


NOT_RATED = "不参评"


@dataclass
class Score:
    facts: OrganFacts
    values: dict
    score: float | None  # None when 不参评
    passed: bool
    vetoes: list[str] = field(default_factory=list)  # the 单项否决 reasons
    deductions: dict[str, float] = field(default_factory=dict)
    rank: int | None = None
    participating: bool = True
    bonus: float = 0.0  # 加分 counted (after its caps and the bonus_above rule)
    penalty: float = 0.0  # manual 扣分
    adjustments: list[dict] = field(default_factory=list)  # the manual items, each with "counted"

    @property
    def verdict(self) -> str:
        if not self.participating:
            return NOT_RATED
        return "合格" if self.passed else "不合格"

    @property
    def deducted(self) -> float:
        return round(sum(self.deductions.values()), 2)


def _bonus(adjustments, rules: dict) -> tuple[float, list[dict]]:
    """The bonus each item allows (its cap across entries), and every adjustment marked counted or not."""
    caps = {b["key"]: float(b["max"]) for b in rules["bonus"]}
    used: dict[str, float] = {}
    marked, total = [], 0.0
    for a in adjustments:
        a = dict(a)
        if a["kind"] == "bonus":
            room = caps.get(a.get("item", ""), 0.0) - used.get(a.get("item", ""), 0.0)
            counted = max(0.0, min(float(a["points"]), room))
            used[a.get("item", "")] = used.get(a.get("item", ""), 0.0) + counted
            total += counted
            a["counted"] = round(counted, 2)
        else:
            a["counted"] = float(a["points"])
        marked.append(a)
    return total, marked


def score(facts: OrganFacts, rules: dict, *, adjustments=(), participating: bool | None = None) -> Score:
    vals = values(facts)
    if participating is None:
        participating = has_data(facts)
    if not participating:
        return Score(facts, vals, None, False, participating=False,
                     adjustments=[{**a, "counted": 0.0} for a in adjustments])
    vetoes = [f"{BY_KEY[key].label}{vals[key]}{BY_KEY[key].unit}（≥{limit}，单项否决）"
              for key, limit in rules["veto"].items() if limit is not None and (vals[key] or 0) >= limit]
    taken = {}
    for key, rule in rules["deductions"].items():
        amount = deduction(rule, BY_KEY[key].kind, vals[key])
        if amount:
            taken[key] = round(amount, 2)
    bonus, marked = _bonus(adjustments, rules)
    penalty = sum(float(a["points"]) for a in adjustments if a["kind"] == "penalty")
    if vetoes:
        marked = [{**a, "counted": 0.0} for a in marked]
        return Score(facts, vals, 0.0, False, vetoes, taken, participating=True, adjustments=marked)
    base = 100 - sum(taken.values()) - penalty
    if base <= rules["bonus_above"]:
        bonus = 0.0
        marked = [{**a, "counted": 0.0} if a["kind"] == "bonus" else a for a in marked]
    points = max(0.0, round(base + bonus, 1))
    return Score(facts, vals, points, points >= rules["pass_mark"], [], taken, participating=True,
                 bonus=round(bonus, 2), penalty=round(penalty, 2), adjustments=marked)


def rank(scores: list[Score]) -> list[Score]:
    """Scores in rank order: rated organs best first (vetoed ones last among them, ties by score share a
    rank: 1, 2, 2, 4), then the 不参评 ones, unranked."""
    rated = sorted((s for s in scores if s.participating),
                   key=lambda s: (bool(s.vetoes), -(s.score or 0), s.facts.path, s.facts.name))
    previous = None
    for position, s in enumerate(rated, start=1):
        key = (bool(s.vetoes), s.score)
        s.rank = previous[1] if previous and previous[0] == key else position
        previous = (key, s.rank)
    rest = sorted((s for s in scores if not s.participating), key=lambda s: (s.facts.path, s.facts.name))
    for s in rest:
        s.rank = None
    return rated + rest


def ranked(all_facts: list[OrganFacts], rules: dict | None = None, *, adjustments: dict | None = None,
           participating: dict | None = None) -> list[Score]:
    """Score every organ (`adjustments`: organ id → its manual items; `participating`: organ id → bool,
    else has_data) and rank them."""
    rules = rules or scheme()
    adjustments, participating = adjustments or {}, participating or {}
    return rank([score(f, rules, adjustments=adjustments.get(f.organ_id, ()),
                       participating=participating.get(f.organ_id)) for f in all_facts])
