"""Scoped reads of workers and honours."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from jiangxin.core.access import get_scoped_or_404, require_perm, scoped, subtree_of, user_scope
from jiangxin.core.pagination import KeysetPage, keyset_page

from .crypto import pii_blind_index
from .domain.verification import verifiable_levels
from .models import Honour, HonourType, SkillPromotion, Worker
from .perms import PeoplePerm

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
    require_perm(user, PeoplePerm.VIEW)
    qs = worker_qs(user).select_related("employer")
    if employer is not None:
        qs = subtree_of(qs, "employer", employer.path)
    if first_line is not None:
        qs = qs.filter(first_line=first_line)
    q = q.strip()
    if resident_id.strip():
        qs = qs.filter(id_hash=pii_blind_index(resident_id.strip()))
    if q:
        qs = qs.filter(name__startswith=q)
    return keyset_page(qs, order=("-id",), cursor=cursor, size=size)


def worker_get(user, pk: int) -> Worker:
    require_perm(user, PeoplePerm.VIEW)
    return get_scoped_or_404(Worker.objects.select_related("employer"), user, "employer", pk=pk)


def worker_by_resident_id(user, resident_id: str) -> Worker | None:
    """One indexed query on the blind index, scoped."""
    return worker_qs(user).filter(id_hash=pii_blind_index(resident_id)).first()


def worker_of_user(user) -> Worker | None:
    if not user.is_authenticated:
        return None
    return Worker.objects.select_related("employer").filter(user=user).first()


def honour_list(user, worker: Worker) -> list[Honour]:
    """Every honour of the worker, whatever its verification state (the worker page
    shows the state; what counts is `Honour.objects.verified()`)."""
    return list(
        scoped(Honour.objects.filter(worker=worker), user, "worker__employer")
        .select_related("honour_type", "certificate")
        .order_by("-year", "id")
    )


def honour_verifier_levels(user) -> frozenset[str]:
    """The honour levels the user's active role verifies (over its scope): none without
    the people-manage permission; else by the kind of the org the role is held at."""
    from jiangxin.orgs.models import Org

    scope = user_scope(user)
    if not scope.has(PeoplePerm.MANAGE) or scope.org_id is None:
        return frozenset()
    org = (
        Org.objects.unscoped("the active role's own org")
        .filter(pk=scope.org_id)
        .only("kind", "depth")
        .first()
    )
    if org is None:
        return frozenset()
    return verifiable_levels(org.kind, is_root=org.depth == 1)


def honours_awaiting_verification_qs(user) -> QuerySet[Honour]:
    """Declared honours the user verifies: of workers in scope, at a level the user's
    org verifies."""
    levels = honour_verifier_levels(user)
    if not levels:
        return Honour.objects.none()
    return scoped(
        Honour.objects.awaiting_verification().filter(honour_type__level__in=levels),
        user,
        "worker__employer",
    )


def honours_awaiting_verification(user, *, cursor: str | None = None, size: int = 50) -> KeysetPage:
    """The verification queue, oldest first, keyset-paged (one query a page)."""
    require_perm(user, PeoplePerm.MANAGE)
    qs = honours_awaiting_verification_qs(user).select_related("worker__employer", "honour_type")
    return keyset_page(qs, order=("id",), cursor=cursor, size=size)


def honour_awaiting_get(user, pk: int) -> Honour:
    """One declared honour the user verifies, else 404."""
    require_perm(user, PeoplePerm.MANAGE)
    return get_scoped_or_404(
        honours_awaiting_verification_qs(user).select_related("worker__employer", "honour_type"),
        user,
        "worker__employer",
        pk=pk,
    )


def honours_awaiting_count(user) -> int:
    return honours_awaiting_verification_qs(user).count()


def promotion_list(worker: Worker) -> list[SkillPromotion]:
    return list(worker.promotions.all())


def honour_type_list() -> list[HonourType]:
    return list(HonourType.objects.filter(is_active=True))


def worker_export_rows(user, *, q: str = "", employer=None, unmasked: bool = False):
    from django.utils.translation import gettext as _

    from .crypto import pii_decrypt

    qs = worker_qs(user).select_related("employer")
    if employer is not None:
        qs = subtree_of(qs, "employer", employer.path)
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
