"""Chinese word segmentation with jieba, the same way at index time and at query time. Pure.

Index: `jieba.cut_for_search` (every word plus the dictionary words inside it, so 政府信息公开 is
indexed as 政府, 信息, 公开, 政府信息公开). Query: `jieba.cut` (accurate mode); each query word
matches either itself or all of its parts, so a word the index cut differently is still found.
HMM (new-word discovery) is off on both sides: the same text is always cut the same way.
"""

import re
import threading
from dataclasses import dataclass

# Policy vocabulary jieba's dictionary lacks or cuts badly.
POLICY_WORDS = (
    "政府信息公开", "政务公开", "主动公开", "依申请公开", "不予公开", "部分公开", "行政规范性文件", "规范性文件",
    "政策解读", "索引号", "文号", "年度报告", "信息公开指南", "公开指南", "法定主动公开内容", "政府信息",
    "行政许可", "行政处罚", "行政强制", "行政复议", "行政诉讼", "行政事业性收费", "政府集中采购", "重大建设项目",
    "统一社会信用代码", "组织机构代码", "工作机构", "征求意见", "营商环境", "一网通办", "放管服", "双随机",
    "一公开", "退役军人", "医疗保障", "城乡居民", "最低生活保障", "突发公共事件", "应急预案", "人民政府",
)
STOPWORDS = frozenset("的 了 和 与 及 或 在 是 对 等 为 之 其 于 以 把 被 由 从 向 也 而 并 就 都 这 那".split())
_WORD = re.compile(r"[^\W_]+")  # letters and digits, any script; punctuation and underscores dropped

_lock = threading.Lock()
_tokenizer = None


def tokenizer():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                t = jieba.Tokenizer()
                for word in POLICY_WORDS:
                    t.add_word(word, freq=200000)
                t.initialize()
                _tokenizer = t
    return _tokenizer


def _clean(token: str) -> str:
    return "".join(_WORD.findall(token)).lower()


def index_tokens(text: str) -> list[str]:
    """The tokens stored in the index for `text`, in order."""
    tokens = []
    for raw in tokenizer().cut_for_search(text, HMM=False):
        token = _clean(raw)
        if token and token not in STOPWORDS:
            tokens.append(token)
    return tokens


def segment(text: str) -> str:
    """`text` as the index stores it: tokens joined by spaces."""
    return " ".join(index_tokens(text))


def cut(text: str) -> list[str]:
    """Accurate-mode words (punctuation dropped), for tests and the query side."""
    return [w for w in (_clean(raw) for raw in tokenizer().cut(text, HMM=False)) if w]


@dataclass(frozen=True)
class QueryWord:
    word: str
    parts: tuple[str, ...]  # the dictionary words inside it (empty when it has none)

    @property
    def terms(self) -> tuple[str, ...]:
        return (self.word, *self.parts)


def query_words(query: str) -> list[QueryWord]:
    """The words a query must match (all of them), each with its parts as an alternative."""
    words: list[QueryWord] = []
    seen = set()
    cut_words = cut(query)
    meaningful = [w for w in cut_words if w not in STOPWORDS] or cut_words
    for word in meaningful:
        if word in seen:
            continue
        seen.add(word)
        parts = tuple(dict.fromkeys(
            p for p in (_clean(raw) for raw in tokenizer().cut_for_search(word, HMM=False))
            if p and p != word and len(p) >= 2 and p not in STOPWORDS
        ))
        words.append(QueryWord(word, parts))
    return words


def highlight_terms(words: list[QueryWord]) -> list[str]:
    """Every string worth marking in a snippet, longest first."""
    return sorted({t for w in words for t in w.terms}, key=len, reverse=True)
