"""jieba segmentation on policy vocabulary, and server-side highlighting."""

from gongkai.search.highlight import mark, snippet
from gongkai.search.segment import cut, index_tokens, query_words, segment


def test_policy_vocabulary_stays_whole_in_accurate_mode():
    words = cut("岭东区人民政府关于加强行政规范性文件管理的通知")
    assert "行政规范性文件" in words
    assert "政府信息公开" in cut("做好政府信息公开工作")
    assert "依申请公开" in cut("规范依申请公开办理")


def test_index_keeps_the_whole_word_and_its_parts():
    tokens = index_tokens("推进政府信息公开和行政规范性文件清理")
    for token in ("政府信息公开", "政府", "信息", "公开", "行政规范性文件", "行政", "规范", "规范性", "文件"):
        assert token in tokens
    assert "和" not in tokens  # stopword
    assert "〔" not in segment("岭政办发〔2024〕3号") and "2024" in segment("岭政办发〔2024〕3号").split()


def test_query_words_offer_their_parts_as_an_alternative():
    words = query_words("行政规范性文件的管理")
    assert [w.word for w in words] == ["行政规范性文件", "管理"]
    assert {"行政", "规范性", "文件"} <= set(words[0].parts)
    assert words[1].parts == ()


def test_mark_escapes_before_highlighting():
    html = mark("<b>公开</b>与不公开", ["公开"])
    assert html == "&lt;b&gt;<mark>公开</mark>&lt;/b&gt;与不<mark>公开</mark>"


def test_snippet_is_a_window_around_the_first_hit():
    text = "甲" * 200 + "营商环境" + "乙" * 200
    html = snippet(text, ["营商环境"])
    assert html.startswith("…") and html.endswith("…") and "<mark>营商环境</mark>" in html
    assert len(html) < 200


def test_a_query_word_the_index_cut_differently_still_matches_through_its_parts():
    # 行政规范性文件 is indexed as 行政/规范/规范性/文件/…; the query 规范性文件 is one word whose parts match.
    indexed = set(index_tokens("关于加强行政规范性文件管理的通知"))
    (word,) = query_words("规范性文件")
    assert word.word not in indexed and set(word.parts) & indexed


def _whole_text_snippet(text: str, terms: list[str]) -> str:
    """The snippet as it was cut before only the term's neighbourhood was flattened: the whole text flattened."""
    import re

    from gongkai.search.highlight import LEAD_CHARS, SNIPPET_CHARS, _pattern, mark

    flat = re.sub(r"\s+", " ", text).strip()
    pattern = _pattern(terms)
    match = pattern.search(flat) if pattern else None
    start = max(0, match.start() - LEAD_CHARS) if match else 0
    return (("…" if start > 0 else "") + mark(flat[start:start + SNIPPET_CHARS], terms)
            + ("…" if start + SNIPPET_CHARS < len(flat) else ""))


def test_snippet_of_a_long_text_is_the_whole_text_snippet():
    import random

    rng = random.Random(19)
    pieces = ["公开", "营商环境", "关于", "的通知", "政府", " ", "\n", "　", "  \t", "，", "最低生活保障"]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 400)))
        terms = rng.choice([["营商环境"], ["最低生活保障", "保障"], ["不在文中"], []])
        assert snippet(text, terms) == _whole_text_snippet(text, terms), (text, terms)


def test_snippet_flattens_only_around_the_term():
    text = "前文 " * 50_000 + "营商环境" + " 后文" * 50_000  # 300,000 characters
    html = snippet(text, ["营商环境"])
    assert html.startswith("…") and html.endswith("…") and "<mark>营商环境</mark>" in html
    assert "前文 前文" in html and len(html) < 200
