"""Attachments kept between a refused submission and the next one.

A browser forgets the file chosen in a file field each time the page comes back with errors, so an applicant
who mistyped a phone number would have to choose the ID copy again. Each attachment that passed its checks is
kept instead in the shared cache (CACHE_URL: Redis in production) for an hour, under a random token held in
the visitor's session; the form says so beside its field and the next submission uses it unless the applicant
chooses another file or ticks "不使用此文件". Nothing is written to the database or the media storage.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache

from .intake import Upload, upload_error

SESSION_KEY = "apply_pending_uploads"
KEEP_SECONDS = 3600
FIELDS = {"id_copy": "id_copy", "other_file": "other"}  # form field -> Attachment.Kind value


def _cache_key(token: str) -> str:
    return f"gongkai:pending-upload:{token}"


def uploads_from(request) -> list[Upload]:
    """The attachments of this submission: a newly chosen file, else the one kept from the last try
    (unless the applicant asked to drop it)."""
    kept = request.session.get(SESSION_KEY, {})
    result = []
    for field, kind in FIELDS.items():
        f = request.FILES.get(field)
        if f:
            result.append(Upload(kind=kind, name=f.name, data=f.read(), field=field))
        elif field in kept and not request.POST.get(f"drop_{field}"):
            data = cache.get(_cache_key(kept[field]["token"]))
            if data is not None:
                result.append(Upload(kind=kind, name=kept[field]["name"], data=data, field=field))
    return result


def keep(request, uploads: list[Upload]) -> None:
    """After a refused submission: hold every attachment that passed its own checks; forget the rest."""
    kept = {}
    old = request.session.get(SESSION_KEY, {})
    for up in uploads:
        if not up.field or upload_error(up):
            continue
        previous = old.get(up.field)
        if previous and previous["name"] == up.name and previous["size"] == len(up.data):
            token = previous["token"]  # the same file again: keep the entry, refresh its time
        else:
            token = secrets.token_urlsafe(18)
        cache.set(_cache_key(token), up.data, KEEP_SECONDS)
        kept[up.field] = {"token": token, "name": up.name, "size": len(up.data)}
    for field, entry in old.items():
        if field not in kept:
            cache.delete(_cache_key(entry["token"]))
    request.session[SESSION_KEY] = kept


def kept_files(request) -> dict[str, dict]:
    """field -> {"name", "size"} of the attachments held for this visitor (for the form)."""
    return {field: {"name": e["name"], "size": e["size"]} for field, e in request.session.get(SESSION_KEY, {}).items()
            if cache.has_key(_cache_key(e["token"]))}


def clear(request) -> None:
    for entry in request.session.pop(SESSION_KEY, {}).values():
        cache.delete(_cache_key(entry["token"]))
