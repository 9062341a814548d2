"""Draft letters follow a recomputed deadline (the working-day calendar changed): registered with
`applications.correspondence` in letters' `AppConfig.ready`, called by `applications.recompute` inside the
same transaction when a case's 答复期限 moved."""

from __future__ import annotations

import datetime as dt

from gongkai.applications import selectors
from gongkai.applications.clock import ClockEvent, Kind, cn

from .models import Letter, LetterKind
from .services import DATED_LETTERS, letter_dates


def refresh_draft_letters(app, today: dt.date) -> None:
    """A draft stating the 答复期限 gets the recomputed date (the text replaced where it appears); a
    confirmation given for the old date no longer holds. Signed letters are never touched."""
    for letter in app.letters.filter(status__in=Letter.UNSIGNED, kind__in=list(DATED_LETTERS)):
        old = (letter.extra or {}).get("dates") or []
        pending = ()
        if letter.kind == LetterKind.EXTENSION:  # the date the extension will give: original + its days
            pending = (ClockEvent(Kind.EXTENSION_GRANTED, today, int(letter.extra.get("days", 0))),)
        due = selectors.clock_for(app, today=today, extra_events=pending).due
        new = letter_dates(letter.kind, due)
        if not old or not new or old == new:
            continue
        letter.body = letter.body.replace(old[0]["text"], cn(due.due))
        letter.extra = {k: v for k, v in {**letter.extra, "dates": new}.items() if k != "dates_confirmed"}
        letter.save(update_fields=["body", "extra", "updated_at"])
