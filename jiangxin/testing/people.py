"""Test helpers for workers: valid resident ID numbers and registered workers."""

from __future__ import annotations

from datetime import date

from jiangxin.core.validators import resident_id_check_char
from jiangxin.people.models import Worker
from jiangxin.people.services import worker_build


def resident_id(
    n: int, *, region: str = "370102", birth: date = date(1985, 6, 15), female: bool = False
) -> str:
    seq = (n % 50) * 2 + (0 if female else 1) + 100 * ((n // 50) % 9)
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + resident_id_check_char(body)


def make_worker(employer, n: int, *, name: str | None = None, **fields) -> Worker:
    birth = date(1970 + n % 30, 1 + n % 12, 1 + n % 28)
    worker = worker_build(
        resident_id=resident_id(n, birth=birth, female=fields.pop("female", False)),
        name=name or f"职工{n}",
        employer=employer,
        **fields,
    )
    worker.save()
    return worker
