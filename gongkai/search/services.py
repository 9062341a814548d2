"""Writes to the search index. The catalogue's publish and withdraw services call these inside
their own transaction, so the index changes exactly when the item does."""

import re
import unicodedata

from django.db import connection, transaction

from gongkai.catalogue.selectors import published
from gongkai.core.events import record_event
from gongkai.core.models import EventType
from gongkai.organs.actors import Actor

from .models import SearchDocument
from .segment import segment

_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "【": "〔", "】": "〕", "(": "〔", ")": "〕",
                           "（": "〔", "）": "〕", "﹝": "〔", "﹞": "〕"})


def doc_no_key(doc_no: str) -> str:
    """A 文号 normalised for exact matching: brackets unified (〔〕), spaces dropped."""
    return re.sub(r"\s+", "", doc_no).translate(_BRACKETS)


def title_key(title: str) -> str:
    """A 名称 normalised for exact matching: NFKC (full-width letters, digits and brackets folded), no
    whitespace, lower case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", title)).lower()[:200]


def document_for(item, *, attachment_texts: list[str] | None = None) -> SearchDocument:
    """The (unsaved) index row of a published item."""
    if attachment_texts is None:
        attachment_texts = [a.text for a in item.attachments.all() if a.text]
    title_side = " ".join(part for part in (item.title, item.doc_no, item.keywords) if part)
    text = "\n".join(part for part in (item.summary, item.body, *attachment_texts) if part)
    return SearchDocument(
        item_id=item.pk, organ_id=item.organ_id, column_id=item.column_id, column_slug=item.column.slug,
        year=item.published_at.year, validity=item.validity, published_at=item.published_at,
        doc_no_key=doc_no_key(item.doc_no)[:60], index_no=item.index_no.upper(), title_key=title_key(item.title),
        title_seg=segment(title_side), body_seg=segment(text), text=text,
    )


def index_item(item) -> SearchDocument:
    """Put a published item into the index (or refresh it)."""
    SearchDocument.objects.filter(item_id=item.pk).delete()
    document = document_for(item)
    document.save(force_insert=True)
    return document


def unindex_item(item) -> None:
    SearchDocument.objects.filter(item_id=item.pk).delete()


@transaction.atomic
def rebuild_index(*, actor: Actor | None = None, progress=None) -> int:
    """Rebuild the whole index from the published items (`manage.py rebuild_search_index`); on PostgreSQL the
    full-text index is created again too, as RUM when the extension can be used."""
    SearchDocument.objects.all().delete()
    items = published().select_related("column").prefetch_related("attachments").order_by("pk")
    total = items.count()
    batch, done = [], 0
    for item in items.iterator(chunk_size=500):
        batch.append(document_for(item))
        if len(batch) >= 500:
            SearchDocument.objects.bulk_create(batch)
            done += len(batch)
            batch = []
            if progress:
                progress(done, total)
    SearchDocument.objects.bulk_create(batch)
    done += len(batch)
    if progress:
        progress(done, total)
    details: dict[str, object] = {"documents": done}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    elif connection.vendor == "postgresql":
        from .fulltext import install_indexes

        details["index"] = install_indexes()  # RUM once the extension is there (installed after migrating)
    record_event(actor=actor, event_type=EventType.SEARCH_INDEX_REBUILT, details=details)
    return done
