"""The talent passport: one timeline per worker. Modules add their rows through one
extension point: a function `(workers) -> {worker_id: [PassportEntry, ...]}` registered
with `@passport_source` (one query per source for any number of workers)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

PASSPORT_SOURCES: list[Callable[[list], dict[int, list[PassportEntry]]]] = []


@dataclass(frozen=True)
class PassportEntry:
    when: date
    kind: str  # "honour", "skill", "studio", "competition", "training", "achievement", "mentoring", "subsidy"
    title: str
    detail: str = ""
    document_url: str | None = None  # a certificate to download, when the row has one


def passport_source(fn):
    PASSPORT_SOURCES.append(fn)
    return fn


def passport_timeline(worker) -> list[PassportEntry]:
    entries: list[PassportEntry] = []
    for source in PASSPORT_SOURCES:
        entries += source([worker]).get(worker.pk, [])
    return sorted(entries, key=lambda e: (e.when, e.kind), reverse=True)


def _by_worker(rows: Iterable, make) -> dict[int, list[PassportEntry]]:
    out: dict[int, list[PassportEntry]] = {}
    for row in rows:
        out.setdefault(row.worker_id, []).append(make(row))
    return out


@passport_source
def honours_source(workers) -> dict[int, list[PassportEntry]]:
    from .models import Honour

    rows = Honour.objects.filter(worker__in=workers).select_related("honour_type")
    return _by_worker(
        rows,
        lambda h: PassportEntry(
            when=h.valid_from or date(h.year, 1, 1),
            kind="honour",
            title=h.honour_type.name,
            detail=" ".join(x for x in (h.awarding_body, h.document_number) if x),
        ),
    )


@passport_source
def skills_source(workers) -> dict[int, list[PassportEntry]]:
    from .models import SkillPromotion

    rows = SkillPromotion.objects.filter(worker__in=workers)
    return _by_worker(
        rows,
        lambda p: PassportEntry(
            when=p.date,
            kind="skill",
            title=str(_("Skill level: %(level)s") % {"level": p.get_level_display()}),
            detail=" ".join(x for x in (p.get_evidence_kind_display(), p.evidence_ref) if x),
        ),
    )
