"""The case's letters, as applications sees them. Letters sits above applications (the layering contract,
docs/layers.md): applications never imports letters. It names the letters a case needs by their kind and
status — vocabularies of the 条例's procedure (补正告知书 第三十条, 征求意见 第三十二条, 延期 第三十三条,
说明理由 第三十五条, 答复 第三十六条, 收费 第四十二条), defined here and used by `letters.models` — and calls
the functions letters registers in its `AppConfig.ready` (`register_letters`, the chaser-registry pattern of
`core.chase`): drafting a letter, an organ's letter settings, and the refresh of draft letters whose dates a
recomputed deadline moved. What a sent or served letter does to the case goes the other way: letters calls
`services.on_letter_sent` / `on_letter_served` / `check_letter_signable`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", _("受理回执")
    CORRECTION = "correction", _("补正告知书")
    EXTENSION = "extension", _("延期答复告知书")
    CONSULTATION = "consultation", _("征求意见书")
    FEE = "fee", _("收费通知书")
    REPLY = "reply", _("答复书")
    # 第三十二条、第三十四条: the applicant is told that a consultation started (time not counted).
    CONSULTATION_NOTICE = "consultation_notice", _("征求意见告知书")
    # 第三十二条: the third party whose objection is overridden is told what will be disclosed and why.
    THIRD_PARTY_DECISION = "third_party_decision", _("依申请公开告知书（第三方）")
    # 第三十五条: the applicant is asked for reasons; where they are reasonable, a later date is set.
    REASONS = "reasons", _("说明理由告知书")
    DELAYED_REPLY = "delayed_reply", _("延迟答复告知书")


class LetterStatus(models.TextChoices):
    """`letters.models.Letter.Status`."""

    DRAFT = "draft", _("待签发")  # drafted by the clerk, waiting for the reviewer
    RETURNED = "returned", _("退回修改")  # the reviewer sent it back with a note; the clerk amends it
    WITHDRAWN = "withdrawn", _("已撤回")  # its decision was withdrawn before signing (kept for the record)
    APPROVED = "approved", _("已签发")
    SENT = "sent", _("已发出")  # mailed (交邮) or handed over; 送达 still to be recorded
    SERVED = "served", _("已送达")


# Before the reviewer signs, the clerk may still change the letter (edit, confirm dates, withdraw).
UNSIGNED = (LetterStatus.DRAFT, LetterStatus.RETURNED)

_LETTERS: dict[str, Callable] = {}


def register_letters(*, draft: Callable, settings_of: Callable,
                     refresh_drafts: Callable[[object, dt.date], None]) -> None:
    """Letters' `letter_draft(*, actor, application, kind, …)`, `settings_of(organ)` and
    `refresh_draft_letters(app, today)`, registered once in letters' ready()."""
    _LETTERS.update(draft=draft, settings_of=settings_of, refresh_drafts=refresh_drafts)


def _registered(name: str) -> Callable:
    try:
        return _LETTERS[name]
    except KeyError:
        raise RuntimeError("文书应用（gongkai.letters）未注册：请在 INSTALLED_APPS 中启用。") from None


def letter_draft(**kwargs):
    """Draft a letter of the case (letters.services.letter_draft)."""
    return _registered("draft")(**kwargs)


def settings_of(organ):
    """The organ's letter settings (letters.LetterSettings): 缴纳方式 defaults among them."""
    return _registered("settings_of")(organ)


def refresh_draft_letters(app, today: dt.date) -> None:
    """The case's deadline was recomputed: draft letters stating a date that moved get the new one."""
    _registered("refresh_drafts")(app, today)
