"""The PostgreSQL full-text indexes beside search_searchdocument: RUM where the extension is there, else GIN.

Two generated tsvector columns (migration 0003): `tsv` (名称, 文号, 主题词 weighted A; the body D) and
`title_tsv` (the 名称 side alone), both kept in the row rather than in TOAST (migration 0004), so ranking a match
from its row, or checking one while walking the 发布日期 index, costs no TOAST fetch. RUM (the `rum` extension;
Debian package postgresql-15-rum) keeps each lexeme's positions and weights in the index, so
`ORDER BY tsv <=> query` ranks inside the index — no heap fetch per match to read the tsvector — and the filter
columns (organ, column, year, 有效性) sit in the same index, so a filtered search narrows inside it too. Beside it
a GIN index on `tsv`: GIN's compressed posting lists intersect common words two to three times faster than RUM's
(which carry every position), so the planner finds and counts a bounded tier's matches there (measured on the
search bench at 100,000 items: 政府 & 信息 & 公开 & 指南, 237 matches, 1.6 ms on GIN, 3.1 ms on RUM). Without the
extension (or the right to create it) both indexes are GIN and ranking computes ts_rank: correct, slower at scale.

Used by migrations 0003 and 0004 and by `manage.py rebuild_search_index` (which switches to RUM once the extension is
installed). Plain SQL over a connection; no models.
"""

from django.db import connection as default_connection
from django.db import transaction

RUM_INDEX = "search_searchdocument_tsv_rum"
GIN_INDEX = "search_searchdocument_tsv_gin"
TITLE_RUM_INDEX = "search_searchdocument_title_tsv_rum"
TITLE_GIN_INDEX = "search_searchdocument_title_tsv_gin"
INDEXES = {
    "rum": {
        RUM_INDEX: "USING rum (tsv rum_tsvector_ops, organ_id rum_int8_ops, column_slug rum_varchar_ops, "
                   "year rum_int2_ops, validity rum_varchar_ops)",
        TITLE_RUM_INDEX: "USING rum (title_tsv rum_tsvector_ops)",
        GIN_INDEX: "USING GIN (tsv)",
    },
    "gin": {GIN_INDEX: "USING GIN (tsv)", TITLE_GIN_INDEX: "USING GIN (title_tsv)"},
}
# The planner's estimate of a word's matches ("约 N 条") comes from the commonest lexemes ANALYZE keeps: ten
# times the default, so the commoner words of a large catalogue are estimated from their own frequency.
TSV_STATISTICS = 1000


def enable_rum(connection=None) -> bool:
    """Create the rum extension when the server has it and we may; False (and nothing changed) otherwise."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'rum'")
        if cursor.fetchone() is not None:
            return True
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            return False
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        except Exception:  # noqa: BLE001 — not allowed to create extensions: keep GIN
            return False
        return True


def install_indexes(connection=None) -> str:
    """(Re)create the full-text indexes: "rum" when the extension is usable, else "gin". Returns which."""
    connection = connection or default_connection
    kind = "rum" if enable_rum(connection) else "gin"
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no CREATE INDEX with deferred checks pending
        for name in (*INDEXES["rum"], *INDEXES["gin"]):
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        for name, method in INDEXES[kind].items():
            cursor.execute(f"CREATE INDEX {name} ON search_searchdocument {method}")
    index_kind.cache_clear()
    return kind


class _IndexKind:
    """Which indexes the database has ("rum" or "gin"), read once per database."""

    def __init__(self):
        self._cache: dict[tuple, str] = {}

    def __call__(self, connection=None) -> str:
        connection = connection or default_connection
        settings = connection.settings_dict
        key = (settings.get("HOST"), settings.get("PORT"), settings["NAME"])
        if key not in self._cache:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [RUM_INDEX])
                self._cache[key] = "rum" if cursor.fetchone() else "gin"
        return self._cache[key]

    def cache_clear(self) -> None:
        self._cache.clear()


index_kind = _IndexKind()
