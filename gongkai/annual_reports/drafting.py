"""The first draft of a report's six sections, quoting the computed numbers. Pure.

The clerk edits every word; the draft only makes sure the numbers quoted in the prose are the
numbers in the tables (the checks compare them again before publication). Section 一 covers the
five parts the format asks for (主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障)
and, for a 人民政府, 第五十条's 工作考核、社会评议和责任追究结果.
"""

from __future__ import annotations


def _n(value) -> int:
    return int(value or 0)


def draft_sections(*, organ_name: str, organ_kind: str, year: int, table2: dict, table3: dict, table4: dict,
                   fees_collected_yuan: float = 0.0) -> dict[str, str]:
    new, carried_in = _n(table3["received_new"][6]), _n(table3["carried_in"][6])
    closed, carried_out = _n(table3["total"][6]), _n(table3["carried_out"][6])
    disclosed = _n(table3["disclosed"][6]) + _n(table3["partly_disclosed"][6])
    reviews = _n((table4.get("review") or {}).get("total"))
    suits = _n((table4.get("litigation_direct") or {}).get("total")) + _n(
        (table4.get("litigation_after_review") or {}).get("total"))
    normative = table2.get("normative_documents") or {}
    regulations = table2.get("regulations") or {}

    overview = [
        f"{year}年，{organ_name}认真贯彻《中华人民共和国政府信息公开条例》，坚持“以公开为常态、不公开为例外”，"
        "现将本年度政府信息公开工作情况报告如下。",
        f"（一）主动公开。本年制发规章{_n(regulations.get('issued'))}件、行政规范性文件"
        f"{_n(normative.get('issued'))}件，均按规定主动公开。",
        f"（二）依申请公开。本年新收政府信息公开申请{new}件，上年结转{carried_in}件，办结{closed}件，"
        f"结转下年度继续办理{carried_out}件。",
        "（三）政府信息管理。（请填写政府信息公开审查、动态调整、规范性文件管理等情况。）",
        "（四）政府信息公开平台建设。（请填写政府网站、政务新媒体、政府公报等平台建设情况。）",
        "（五）监督保障。（请填写工作机构、培训、考核等情况。）",
    ]
    if organ_kind == "government":
        overview.append("本年度工作考核、社会评议和责任追究结果：（请填写，《条例》第五十条。）")

    applications = (
        f"本年新收政府信息公开申请{new}件，上年结转{carried_in}件；本年度办结{closed}件，"
        f"其中予以公开和部分公开{disclosed}件；结转下年度继续办理{carried_out}件。具体情况见下表。"
    )
    remedies = f"本年度因政府信息公开工作被申请行政复议{reviews}件，被提起行政诉讼{suits}件。具体情况见下表。"
    if fees_collected_yuan:
        other = f"本年度依据《政府信息公开信息处理费管理办法》收取信息处理费{fees_collected_yuan:g}元。"
    else:
        other = "本年度未收取信息处理费。"
    return {
        "overview": "\n".join(overview),
        "proactive": "本年度主动公开政府信息情况见下表。",
        "applications": applications,
        "remedies": remedies,
        "problems": "",  # the clerk writes the problems and improvements; the checks insist on it
        "other": other,
    }
