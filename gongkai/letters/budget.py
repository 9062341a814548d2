"""Bounds on an organ's letter templates (an insider's nested loops rendered for minutes in the attack run).

The restricted engine of services.py takes its `for` tag and `add` filter from here: every loop counts its
iterations and the characters it writes against one budget per rendering, and `add` refuses to build a
value longer than MAX_VALUE_CHARS. A template over MAX_TEMPLATE_CHARS is refused when saved. Over any bound
the rendering stops with `LetterTooLarge`, which the services turn into a Chinese message.
"""

from __future__ import annotations

from django.template import defaultfilters, defaulttags
from django.template.base import Node

MAX_TEMPLATE_CHARS = 20_000  # a 答复书 template is 1–3 thousand characters
MAX_ITERATIONS = 2_000  # all loops of one rendering together
MAX_OUTPUT_CHARS = 200_000  # what the loops of one rendering may write together
MAX_VALUE_CHARS = 20_000  # one value built with |add


class LetterTooLarge(Exception):
    """A template that would loop or write past the bounds; the message is Chinese."""


_BUDGET = "gongkai_letter_budget"


def _spend(context, *, iterations: int = 0, chars: int = 0) -> None:
    budget = context.render_context.setdefault(_BUDGET, {"iterations": 0, "chars": 0})
    budget["iterations"] += iterations
    budget["chars"] += chars
    if budget["iterations"] > MAX_ITERATIONS:
        raise LetterTooLarge(f"文书模板的循环次数超过{MAX_ITERATIONS}次的上限（嵌套循环过多），无法生成文书。")
    if budget["chars"] > MAX_OUTPUT_CHARS:
        raise LetterTooLarge(f"文书模板生成的内容超过{MAX_OUTPUT_CHARS}字的上限，无法生成文书。")


class BoundedForNode(Node):
    """Django's {% for %}, counting each iteration and the text it writes against the rendering's budget."""

    def __init__(self, inner):
        self.inner = inner
        self.nodelist_loop = inner.nodelist_loop
        self.nodelist_empty = inner.nodelist_empty

    def render(self, context):
        inner = self.inner
        try:
            values = inner.sequence.resolve(context, ignore_failures=True)
        except Exception:  # noqa: BLE001 - let Django's node report it as it would
            return inner.render(context)
        try:
            count = len(values) if values is not None else 0
        except TypeError:
            count = 0
        _spend(context, iterations=count)
        text = inner.render(context)
        _spend(context, chars=len(text))
        return text


def bounded_for(parser, token):
    return BoundedForNode(defaulttags.do_for(parser, token))


def bounded_add(value, arg):
    result = defaultfilters.add(value, arg)
    try:
        size = len(result)
    except TypeError:
        return result
    if size > MAX_VALUE_CHARS:
        raise LetterTooLarge(f"文书模板中用 add 拼接的内容超过{MAX_VALUE_CHARS}字的上限，无法生成文书。")
    return result
