"""Which subscriptions a published item answers. Pure: items come in with their column code, organ code, topic
and the set of words of their search document (jieba-segmented, as the index holds them)."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.search.segment import query_words


@dataclass(frozen=True)
class ItemFacts:
    column: str
    organ: str
    topic: str
    words: frozenset[str]


def term_matches(term: str, words: frozenset[str]) -> bool:
    """Every word of the term is in the item (a compound word, or all its dictionary parts) — the search
    page's own rule, so a term subscribed to finds what searching for it would find."""
    wanted = query_words(term)
    return bool(wanted) and all(w.word in words or (w.parts and all(p in words for p in w.parts)) for w in wanted)


def matches(target: str, value: str, item: ItemFacts) -> bool:
    if target == "column":
        return item.column == value
    if target == "organ":
        return item.organ == value
    if target == "topic":
        return item.topic == value or item.topic.startswith(value + "\\")
    if target == "term":
        return term_matches(value, item.words)
    return False
