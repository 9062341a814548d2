"""The one gap-free counter service: numbers that must never repeat or skip (受理编号, 文书编号, 督办通知编号,
留言编号, the serial of the 索引号), one `core.models.Sequence` row per key, read and written under a
row lock inside the caller's transaction, so concurrent writers queue and a rolled-back number is given
again."""

from django.db import IntegrityError, transaction

from .models import Sequence


def _locked(key: str) -> Sequence:
    if not Sequence.objects.filter(key=key).exists():
        try:
            with transaction.atomic():
                Sequence.objects.create(key=key, value=0)
        except IntegrityError:
            pass  # another writer created it first
    return Sequence.objects.select_for_update().get(key=key)


def next_in_sequence(key: str) -> int:
    """The next value of a gap-free counter, under a row lock (safe with concurrent writers)."""
    with transaction.atomic():
        seq = _locked(key)
        seq.value += 1
        seq.save(update_fields=["value"])
        return seq.value


def advance_sequence(key: str, at_least: int) -> int:
    """Move a counter past a number taken elsewhere (an imported 索引号): its value becomes at least
    `at_least`, never lower. Returns the value."""
    with transaction.atomic():
        seq = _locked(key)
        if seq.value < at_least:
            seq.value = at_least
            seq.save(update_fields=["value"])
        return seq.value
