"""Scoped reads of workers and honours."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from jiangxin.core.access import get_scoped_or_404, require_perm, scoped
from jiangxin.core.pagination import KeysetPage, keyset_page
from jiangxin.core.roles import Perm

from .crypto import pii_blind_index
from .models import Honour, HonourType, SkillPromotion, Worker

RESIDENT_ID_RE = re.compile(r"^\d{17}[\dXx]$")


def looks_like_resident_id(text: str) -> bool:
    return bool(RESIDENT_ID_RE.match(text.strip()))


def worker_qs(user) -> QuerySet[Worker]:
    return scoped(Worker.objects.all(), user, "employer")


def worker_list(
    user,
    *,
    q: str = "",
    resident_id: str = "",
    employer=None,
    first_line: bool | None = None,
    cursor: str | None = None,
    size: int = 50,
) -> KeysetPage:
    """Newest first, keyset-paged (page 1,000 costs what page 1 costs). `q` matches the
    start of a name; `resident_id` is an exact lookup through the blind index (callers take
    it from a POST body, never from a URL)."""
    require_perm(user, Perm.PEOPLE_VIEW)
    qs = worker_qs(user).select_related("employer")
    if employer is not None:
        qs = qs.filter(employer__path__startswith=employer.path)
    if first_line is not None:
        qs = qs.filter(first_line=first_line)
    q = q.strip()
    if resident_id.strip():
        qs = qs.filter(id_hash=pii_blind_index(resident_id.strip()))
    if q:
        qs = qs.filter(name__startswith=q)
    return keyset_page(qs, order=("-id",), cursor=cursor, size=size)


def worker_get(user, pk: int) -> Worker:
    require_perm(user, Perm.PEOPLE_VIEW)
    return get_scoped_or_404(Worker.objects.select_related("employer"), user, "employer", pk=pk)


def worker_by_resident_id(user, resident_id: str) -> Worker | None:
    """One indexed query on the blind index, scoped."""
    return worker_qs(user).filter(id_hash=pii_blind_index(resident_id)).first()


def worker_of_user(user) -> Worker | None:
    if not user.is_authenticated:
        return None
    return Worker.objects.select_related("employer").filter(user=user).first()


def honour_list(user, worker: Worker) -> list[Honour]:
    return list(
        scoped(Honour.objects.filter(worker=worker), user, "worker__employer")
        .select_related("honour_type")
        .order_by("-year", "id")
    )


def promotion_list(worker: Worker) -> list[SkillPromotion]:
    return list(worker.promotions.all())


def honour_type_list() -> list[HonourType]:
    return list(HonourType.objects.filter(is_active=True))


def worker_export_rows(user, *, q: str = "", employer=None, unmasked: bool = False):
    from django.utils.translation import gettext as _

    from .crypto import pii_decrypt

    qs = worker_qs(user).select_related("employer")
    if employer is not None:
        qs = qs.filter(employer__path__startswith=employer.path)
    if q:
        qs = (
            qs.filter(id_hash=pii_blind_index(q))
            if RESIDENT_ID_RE.match(q)
            else qs.filter(name__startswith=q)
        )
    yield [
        _("Full name"),
        _("Gender"),
        _("Resident ID number"),
        _("Date of birth"),
        _("Employer"),
        _("Occupation"),
        _("Skill level"),
        _("First-line worker"),
        _("Migrant worker"),
        _("Mobile"),
    ]
    for w in qs.order_by("id").iterator(chunk_size=5000):
        yield [
            w.name,
            w.get_gender_display(),
            pii_decrypt(w.id_cipher) if unmasked else w.id_masked,
            w.birth_date.isoformat(),
            w.employer.name,
            w.occupation,
            w.get_skill_level_display() if w.skill_level else "",
            _("yes") if w.first_line else _("no"),
            _("yes") if w.migrant else _("no"),
            w.mobile,
        ]
