"""The catalogue's hook for whoever indexes published items: catalogue does not call search (search sits
above it). Search registers its writers in its `AppConfig.ready` (`register_indexer`); the catalogue's
publish, update, withdraw and import services call `index_item` / `unindex_item` inside their own
transaction, so the index changes exactly when the item does.
"""

from __future__ import annotations

from collections.abc import Callable

_INDEXERS: dict[str, tuple[Callable[[object], object], Callable[[object], object]]] = {}


def register_indexer(key: str, *, index: Callable[[object], object], unindex: Callable[[object], object]) -> None:
    """`index(item)` puts a published item into an index (or refreshes it); `unindex(item)` drops it."""
    _INDEXERS[key] = (index, unindex)


def index_item(item) -> None:
    """A published item is new or changed: every registered index takes it."""
    for index, _unindex in _INDEXERS.values():
        index(item)


def unindex_item(item) -> None:
    """An item is no longer public: every registered index drops it."""
    for _index, unindex in _INDEXERS.values():
        unindex(item)
