"""Scoped reads of achievements, their completers, patents, benefit and attachments, the
benefit totals that never double-count, and duplicate detection."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from jiangxin.core.access import get_scoped_or_404, require_perm, scoped, subtree_of, user_scope
from jiangxin.core.pagination import KeysetPage, keyset_page
from jiangxin.core.search import search_filter, search_ids, tokenize
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org
from jiangxin.people.crypto import pii_blind_index
from jiangxin.people.models import Worker
from jiangxin.studios.enums import StudioStatus

from .enums import AchievementStatus
from .models import Achievement, Attachment, BenefitEntry, Completer, Patent
from .perms import AchievementPerm

SEARCH_KIND = "achievement"
RESIDENT_ID_RE = re.compile(r"^\d{17}[\dXx]$")
MONEY = DecimalField(max_digits=20, decimal_places=2)
ZERO = Decimal("0.00")


# --- benefit totals ---------------------------------------------------------------------


@dataclass(frozen=True)
class BenefitTotals:
    claimed: Decimal
    certified: Decimal
    achievements: int  # achievements with at least one entry counted


def benefit_total(achievements: QuerySet[Achievement], year: int | None = None) -> BenefitTotals:
    """Sum the benefit ledger over a set of achievements, each achievement exactly once.

    `achievements` may come from any view — a studio's, an enterprise subtree's, or a
    completer's — and may even repeat an achievement (a join over several completers of
    one achievement yields it once per completer). The entries are selected by
    `achievement_id IN (SELECT DISTINCT id …)`, a set, so a repeat never repeats a sum."""
    ids = achievements.order_by().values("pk").distinct()
    entries = BenefitEntry.objects.filter(achievement_id__in=ids)
    if year is not None:
        entries = entries.filter(year=year)
    agg = entries.aggregate(
        claimed=Coalesce(Sum("claimed_yuan"), Value(ZERO), output_field=MONEY),
        certified=Coalesce(Sum("certified_yuan"), Value(ZERO), output_field=MONEY),
        achievements=Count("achievement", distinct=True),
    )
    return BenefitTotals(
        claimed=Decimal(agg["claimed"]).quantize(ZERO),
        certified=Decimal(agg["certified"]).quantize(ZERO),
        achievements=agg["achievements"],
    )


def _benefit_sum(field: str) -> Coalesce:
    sub = (
        BenefitEntry.objects.filter(achievement=OuterRef("pk"))
        .order_by()
        .values("achievement")
        .annotate(total=Sum(field))
        .values("total")[:1]
    )
    return Coalesce(Subquery(sub, output_field=MONEY), Value(ZERO), output_field=MONEY)


# --- achievements -----------------------------------------------------------------------


def achievement_qs(user) -> QuerySet[Achievement]:
    return scoped(Achievement.objects.all(), user, "enterprise")


def _filtered(
    user,
    *,
    kind: str = "",
    status: str = "",
    year: int | None = None,
    q: str = "",
    enterprise: Org | None = None,
    studio=None,
) -> QuerySet[Achievement]:
    qs = achievement_qs(user)
    if enterprise is not None:
        qs = subtree_of(qs, "enterprise", enterprise.path)
    if studio is not None:
        qs = qs.filter(studio=studio)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(completed_on__year=year)
    q = q.strip()
    if q:
        qs = search_filter(qs, SEARCH_KIND, q, user=user)
    return qs


def achievement_list(
    user,
    *,
    kind: str = "",
    status: str = "",
    year: int | None = None,
    q: str = "",
    enterprise: Org | None = None,
    studio=None,
    cursor: str | None = None,
    size: int = 50,
) -> KeysetPage:
    """Newest first, keyset-paged, with completers in order and benefit totals per row: a
    fixed number of queries per page (the page, and one for all its completers)."""
    require_perm(user, AchievementPerm.VIEW)
    qs = (
        _filtered(
            user, kind=kind, status=status, year=year, q=q, enterprise=enterprise, studio=studio
        )
        .select_related("enterprise", "studio")
        .annotate(
            claimed_total=_benefit_sum("claimed_yuan"),
            certified_total=_benefit_sum("certified_yuan"),
        )
        .prefetch_related(
            Prefetch(
                "completers",
                queryset=Completer.objects.select_related("worker").order_by("order"),
            )
        )
    )
    return keyset_page(qs, order=("-id",), cursor=cursor, size=size)


def achievement_get(user, pk: int) -> Achievement:
    require_perm(user, AchievementPerm.VIEW)
    return get_scoped_or_404(
        Achievement.objects.select_related("enterprise", "studio", "created_by"),
        user,
        "enterprise",
        pk=pk,
    )


def completer_list(achievement: Achievement) -> list[Completer]:
    return list(
        achievement.completers.select_related("worker", "worker__employer").order_by("order")
    )


def patent_list(achievement: Achievement) -> list[Patent]:
    return list(achievement.patents.order_by("application_number"))


def benefit_list(achievement: Achievement) -> list[BenefitEntry]:
    return list(achievement.benefits.select_related("certified_by").order_by("year"))


def attachment_list(achievement: Achievement) -> list[Attachment]:
    return list(achievement.attachments.select_related("uploaded_by"))


def attachment_get(user, pk: int) -> Attachment:
    require_perm(user, AchievementPerm.VIEW)
    return get_scoped_or_404(
        Attachment.objects.select_related("achievement", "achievement__enterprise"),
        user,
        "achievement__enterprise",
        pk=pk,
    )


def benefit_entry_get(user, pk: int) -> BenefitEntry:
    require_perm(user, AchievementPerm.VIEW)
    return get_scoped_or_404(
        BenefitEntry.objects.select_related("achievement", "achievement__enterprise"),
        user,
        "achievement__enterprise",
        pk=pk,
    )


def patent_get(user, pk: int) -> Patent:
    require_perm(user, AchievementPerm.VIEW)
    return get_scoped_or_404(
        Patent.objects.select_related("achievement", "achievement__enterprise"),
        user,
        "achievement__enterprise",
        pk=pk,
    )


def _pending_claims(user) -> QuerySet[BenefitEntry]:
    return (
        scoped(BenefitEntry.objects.all(), user, "achievement__enterprise")
        .filter(certified_yuan__isnull=True)
        .exclude(achievement__status=AchievementStatus.DRAFT)
    )


def benefit_claims_pending_count(user) -> int:
    """How many claims wait for this user's certification (0 without the permission):
    for a home page's to-do list."""
    if not user_scope(user).has(AchievementPerm.BENEFIT_CERTIFY):
        return 0
    return _pending_claims(user).count()


def benefit_claims_pending(
    user, *, year: int | None = None, cursor: str | None = None, size: int = 50
) -> KeysetPage:
    """Claimed, not yet certified benefit entries of submitted or accepted achievements in
    the user's scope, oldest claim first, keyset-paged: one query a page."""
    require_perm(user, AchievementPerm.BENEFIT_CERTIFY)
    qs = _pending_claims(user).select_related("achievement", "achievement__enterprise")
    if year:
        qs = qs.filter(year=year)
    return keyset_page(qs, order=("id",), cursor=cursor, size=size)


def achievements_of_worker(user, worker: Worker) -> QuerySet[Achievement]:
    """The achievements a worker completed (in the user's scope)."""
    return achievement_qs(user).filter(completers__worker=worker)


# --- lookups for forms and imports ------------------------------------------------------


def enterprises_by_name_or_code(user, text: str) -> list[Org]:
    text = text.strip()
    if not text:
        return []
    return list(
        scoped(Org.objects.all(), user, None).filter(
            Q(name=text) | Q(uscc=text.upper()), kind=OrgKind.ENTERPRISE
        )[:2]
    )


def studios_by_name(user, name: str) -> list:
    from jiangxin.studios.models import Studio

    name = name.strip()
    if not name:
        return []
    return list(
        scoped(Studio.objects.select_related("host"), user, "host")
        .filter(name=name)
        .exclude(status=StudioStatus.REVOKED)[:5]
    )


def workers_by_name_or_id(user, enterprise: Org | None, keys: list[str]) -> dict[str, list[Worker]]:
    """Resolve completers typed as names or resident ID numbers: {key: [workers]} in the
    user's scope (names within the enterprise's subtree when it is known). Two queries."""
    ids = {k: pii_blind_index(k.upper()) for k in keys if RESIDENT_ID_RE.match(k)}
    names = [k for k in keys if k not in ids]
    out: dict[str, list[Worker]] = {k: [] for k in keys}
    base = scoped(Worker.objects.select_related("employer"), user, "employer")
    if ids:
        by_hash = {w.id_hash: w for w in base.filter(id_hash__in=list(ids.values()))}
        for key, digest in ids.items():
            if digest in by_hash:
                out[key].append(by_hash[digest])
    if names:
        qs = base.filter(name__in=names)
        if enterprise is not None:
            qs = subtree_of(qs, "employer", enterprise.path)
        for w in qs.order_by("id")[:200]:
            out[w.name].append(w)
    return out


# --- duplicate detection ----------------------------------------------------------------

MIN_SIMILARITY = 0.35
_PROBES = 8


def _token_set(text: str) -> set[str]:
    return set(tokenize(text))


def _cosine(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def _probes(title: str, description: str) -> list[str]:
    """The query words worth looking up: the title's longer words first, then the
    description's; single characters only when nothing longer is there."""
    ranked: list[str] = []
    for text in (title, description[:500]):
        words = sorted(dict.fromkeys(tokenize(text)), key=len, reverse=True)
        ranked += [w for w in words if len(w) >= 2 and w not in ranked]
    if not ranked:
        ranked = list(dict.fromkeys(tokenize(title)))
    return ranked[:_PROBES]


def achievement_similar(
    user, title: str, description: str = "", *, limit: int = 5, exclude_pk: int | None = None
) -> list[Achievement]:
    """Existing achievements in the user's scope that look like the one being typed.

    Candidates come from the jieba search index (one lookup per significant word of the
    title and description), then are ranked by the overlap of their jieba tokens with the
    new text (cosine over token sets, the title weighing more). Each result carries
    `.similarity` (0–1)."""
    scope = user_scope(user)
    if not scope.has(AchievementPerm.VIEW) or not (title or "").strip():
        return []
    candidates: set[int] = set()
    for word in _probes(title, description or ""):
        candidates.update(search_ids(SEARCH_KIND, word, org_paths=scope.paths, limit=40))
    candidates.discard(exclude_pk)
    if not candidates:
        return []
    rows = list(
        achievement_qs(user)
        .filter(pk__in=candidates)
        .select_related("enterprise")
        .only("pk", "title", "description", "kind", "status", "enterprise__name")
    )
    title_tokens = _token_set(title)
    all_tokens = _token_set(f"{title} {description or ''}")
    scored = []
    for a in rows:
        score = _cosine(title_tokens, _token_set(a.title))
        if description:
            score = 0.6 * score + 0.4 * _cosine(
                all_tokens, _token_set(f"{a.title} {a.description[:2000]}")
            )
        if score >= MIN_SIMILARITY:
            a.similarity = round(score, 2)
            scored.append(a)
    scored.sort(key=lambda a: (-a.similarity, -a.pk))
    return scored[:limit]


# --- export -----------------------------------------------------------------------------


def achievement_export_rows(user, **filters):
    from django.utils.translation import gettext as _

    require_perm(user, AchievementPerm.VIEW)
    qs = (
        _filtered(user, **filters)
        .select_related("enterprise", "studio")
        .annotate(
            claimed_total=_benefit_sum("claimed_yuan"),
            certified_total=_benefit_sum("certified_yuan"),
        )
        .order_by("id")
    )
    yield [
        _("Title"),
        _("Kind"),
        _("Status"),
        _("Enterprise"),
        _("Unified Social Credit Code"),
        _("Innovation studio"),
        _("Completers"),
        _("Completed on"),
        _("Claimed benefit (yuan)"),
        _("Certified benefit (yuan)"),
        _("Patents"),
    ]
    for chunk in _chunks(qs, 2000):
        names: dict[int, list[str]] = {}
        for c in (
            Completer.objects.filter(achievement__in=chunk)
            .order_by("achievement_id", "order")
            .values_list("achievement_id", "worker__name")
        ):
            names.setdefault(c[0], []).append(c[1])
        patents: dict[int, list[str]] = {}
        for aid, number in Patent.objects.filter(achievement__in=chunk).values_list(
            "achievement_id", "application_number"
        ):
            patents.setdefault(aid, []).append(number)
        for a in chunk:
            yield [
                a.title,
                a.get_kind_display(),
                a.get_status_display(),
                a.enterprise.name,
                a.enterprise.uscc or "",
                a.studio.name if a.studio_id else "",
                "、".join(names.get(a.pk, [])),
                a.completed_on.isoformat() if a.completed_on else "",
                float(a.claimed_total),
                float(a.certified_total),
                "、".join(patents.get(a.pk, [])),
            ]


def _chunks(qs: QuerySet, size: int):
    last = 0
    while True:
        chunk = list(qs.filter(pk__gt=last)[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk
