"""Helpers for studio tests (also used by the browser test)."""

from __future__ import annotations

from jiangxin.people.models import Honour, HonourType, Worker


def honour_type(code: str) -> HonourType:
    """The honour type (seeded by a data migration, which a transactional test's flush
    removes, so it is created again from the same list when missing)."""
    from jiangxin.people.honour_types import HONOUR_TYPES

    row = next(r for r in HONOUR_TYPES if r[0] == code)
    kind, _created = HonourType.objects.get_or_create(
        code=code,
        defaults={
            "name": row[1],
            "name_en": row[2],
            "level": row[3],
            "category": row[4],
            "awarding_body": row[5],
            "counts_for_creation_rate": row[6],
        },
    )
    return kind


def honour(worker: Worker, code: str, year: int) -> Honour:
    kind = honour_type(code)
    return Honour.objects.create(
        worker=worker, honour_type=kind, year=year, awarding_body=kind.awarding_body or "—"
    )
