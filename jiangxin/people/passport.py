"""The talent passport: one timeline per worker. Modules add their rows through one
extension point: a function `(workers) -> {worker_id: [PassportEntry, ...]}` that the
module declares in its `module.py` (`passport_sources=[dotted path, …]`, read through
core/modules.py; one query per source for any number of workers).

An entry may carry the document that proves it (`document`, an IssuedDocument: a
selection's award certificate, a studio's naming certificate …) or a `document_url` to
download it from; the worker page and the passport page link it, the PDF prints its
verification address. An entry that is not final yet (`pending`: a declared honour, an
achievement not yet accepted) shows on the pages marked so, and never in the PDF."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiangxin.core.modules import passport_sources

# The sections of the passport, in the order the PDF prints them (unknown kinds last).
SECTIONS: dict[str, Any] = {
    "honour": _("Honours"),
    "skill": _("Skill levels"),
    "studio": _("Innovation studios"),
    "achievement": _("Innovation achievements"),
    "patent": _("Patents"),
    "competition": _("Skill competitions"),
    "training": _("Training"),
    "mentoring": _("Mentoring"),
    "subsidy": _("Subsidies"),
}


@dataclass(frozen=True)
class PassportEntry:
    when: date
    kind: str  # a key of SECTIONS: "honour", "skill", "studio", "achievement" …
    title: str
    detail: str = ""
    pending: bool = False  # not final yet: shown marked on the pages, left out of the PDF
    pending_label: str = ""  # what the pages say about it ("declared, awaiting verification")
    year_only: bool = False  # `when` is only known to the year
    document: Any = None  # an IssuedDocument proving the entry (certificate)
    document_url: str | None = None  # where to download it, when not the document's PDF

    @property
    def download_url(self) -> str | None:
        if self.document_url:
            return self.document_url
        if self.document is not None:
            return reverse("documents:pdf", kwargs={"uuid": self.document.uuid})
        return None

    @property
    def when_display(self) -> str:
        return str(self.when.year) if self.year_only else self.when.isoformat()


def passport_timeline(worker) -> list[PassportEntry]:
    entries: list[PassportEntry] = []
    for source in passport_sources():
        entries += source([worker]).get(worker.pk, [])
    return sorted(entries, key=lambda e: (e.when, e.kind), reverse=True)


def passport_sections(entries: Iterable[PassportEntry]) -> list[tuple[str, list[PassportEntry]]]:
    """The final entries grouped by section (in SECTIONS order), newest first in each:
    what the PDF holds."""
    groups: dict[str, list[PassportEntry]] = {}
    for e in entries:
        if not e.pending:
            groups.setdefault(e.kind, []).append(e)
    order = list(SECTIONS)
    kinds = sorted(groups, key=lambda k: (order.index(k) if k in order else len(order), k))
    return [
        (str(SECTIONS.get(k, k)), sorted(groups[k], key=lambda e: e.when, reverse=True))
        for k in kinds
    ]


def passport_facts(worker, timeline: list[PassportEntry], *, verify_url_of) -> list[list[str]]:
    """What the passport PDF and its verification page hold: the worker's employer,
    occupation and skill level, then every final entry, section by section, each with
    its date and, when a document proves it, that document's verification address
    (`verify_url_of(document)`)."""
    facts = [
        [gettext("Employer"), worker.employer.name],
        [gettext("Occupation"), worker.occupation or "—"],
        [gettext("Skill level"), worker.get_skill_level_display() if worker.skill_level else "—"],
    ]
    for heading, entries in passport_sections(timeline):
        for e in entries:
            text = " ".join(x for x in (e.title, e.detail) if x)
            if e.document is not None:
                text += "\n" + gettext("Verify the certificate: %(url)s") % {
                    "url": verify_url_of(e.document)
                }
            elif e.document_url:
                text += "\n" + e.document_url
            facts.append([f"{heading} · {e.when_display}", text])
    return facts


def _by_worker(rows: Iterable, make) -> dict[int, list[PassportEntry]]:
    out: dict[int, list[PassportEntry]] = {}
    for row in rows:
        out.setdefault(row.worker_id, []).append(make(row))
    return out


def honours_source(workers) -> dict[int, list[PassportEntry]]:
    """Verified honours, and declared ones marked pending (rejected ones are left out)."""
    from .enums import HonourStatus
    from .models import Honour

    rows = (
        Honour.objects.filter(worker__in=workers)
        .exclude(status=HonourStatus.REJECTED)
        .select_related("honour_type", "certificate")
    )
    return _by_worker(
        rows,
        lambda h: PassportEntry(
            when=h.valid_from or date(h.year, 1, 1),
            year_only=h.valid_from is None,
            kind="honour",
            title=h.honour_type.name,
            detail=" ".join(x for x in (h.awarding_body, h.document_number) if x),
            pending=h.status != HonourStatus.VERIFIED,
            pending_label=str(_("Declared, awaiting verification")),
            document=h.certificate,
        ),
    )


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
