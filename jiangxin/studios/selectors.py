"""Scoped reads of studios (staff pages, API, export), the creation rate (in
`creation_rate.py`, re-exported here) and the public showcase reads."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from jiangxin.core.access import get_scoped_or_404, scoped, user_scope
from jiangxin.core.pagination import KeysetPage, keyset_page
from jiangxin.orgs.models import Org

from .access import require_studio_view, studio_actions
from .announcement import studio_announcement_links, studio_open_objections
from .enums import IN_REVIEW, MemberRole, StudioStatus
from .indicators import INDICATOR_LABELS, StudioWork, indicator_values, studio_works
from .models import Studio, StudioMember
from .perms import StudioPerm
from .rules import RuleResult, naming_rules_evaluate, rule_results_of
from .workflow import announcement_over, naming_org


def studio_qs(user) -> QuerySet[Studio]:
    return scoped(Studio.objects.all(), user, "host")


def _todo_q(org_id) -> Q:
    """Waiting for the user's org: at its stage, or at an enterprise stage below it that
    has no reviewer account (the federation above decides in its place)."""
    from jiangxin.accounts.models import RoleAssignment

    from .access import REVIEWER_ROLES
    from .enums import StageLevel

    staffed = RoleAssignment.objects.filter(role__in=REVIEWER_ROLES, user__is_active=True)
    stuck = Q(stage_level=StageLevel.ENTERPRISE) & ~Q(stage_org_id__in=staffed.values("org_id"))
    return Q(stage_org_id=org_id) | stuck


def _filtered(user, *, status: str = "", level: str = "", q: str = "", todo: bool = False):
    qs = studio_qs(user)
    if status:
        qs = qs.filter(status=status)
    if level:
        qs = qs.filter(level=level)
    if todo:
        qs = qs.filter(_todo_q(user_scope(user).org_id), status__in=IN_REVIEW)
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(leader__name__startswith=q) | Q(field__icontains=q))
    return qs


def studio_list(
    user,
    *,
    status: str = "",
    level: str = "",
    q: str = "",
    todo: bool = False,
    cursor: str | None = None,
    size: int = 50,
) -> KeysetPage:
    """Newest first, keyset-paged; `todo` keeps those waiting for the user's own review."""
    require_studio_view(user)
    qs = _filtered(user, status=status, level=level, q=q, todo=todo).select_related(
        "leader", "host", "stage_org"
    )
    return keyset_page(qs, order=("-id",), cursor=cursor, size=size)


def studio_get(user, pk: int) -> Studio:
    require_studio_view(user)
    return get_scoped_or_404(
        Studio.objects.select_related("leader__employer", "host", "stage_org", "certificate"),
        user,
        "host",
        pk=pk,
    )


def studio_certificate_get(user, pk: int):
    """The studio's certificate, for everyone it concerns: the host enterprise's staff and
    the federations above it (naming org included), and the leader. Else 404."""
    studio = (
        Studio.objects.unscoped("who the certificate concerns is checked below")
        .select_related("host", "leader", "certificate__org")
        .filter(pk=pk, certificate__isnull=False)
        .first()
    )
    if studio is None:
        raise Http404
    scope = user_scope(user)
    staff = scope.has(StudioPerm.APPLY) or scope.has(StudioPerm.REVIEW)
    is_leader = user.is_authenticated and studio.leader.user_id == user.pk
    if not ((staff and scope.covers(studio.host.path)) or is_leader):
        raise Http404
    return studio.certificate


def studio_member_get(user, pk: int) -> StudioMember:
    require_studio_view(user)
    return get_scoped_or_404(
        StudioMember.objects.select_related("studio__host", "worker"), user, "studio__host", pk=pk
    )


ROLE_ORDER = {MemberRole.LEADER: 0, MemberRole.CORE: 1, MemberRole.MEMBER: 2}


@dataclass
class StudioDetail:
    studio: Studio
    members: list
    reviews: list
    reports: list
    assessments: list
    rules: list[RuleResult]
    authority: Org
    actions: set[str]
    works: list[StudioWork]
    totals: dict
    announcement: dict
    open_objections: int
    announcement_over: bool


# Statuses whose rules are shown as of today (a decision is still to come); a named or
# revoked studio shows the check made at its last decision.
LIVE_RULES = frozenset(
    {StudioStatus.DRAFT, StudioStatus.RETURNED, StudioStatus.ANNOUNCED, *IN_REVIEW}
)


def studio_rules_now(studio: Studio) -> list[RuleResult]:
    """The naming rules as the platform's records stand today (what a decision now sees)."""
    from django.utils import timezone

    return naming_rules_evaluate(studio, today=timezone.localdate())


def studio_detail(user, pk: int) -> StudioDetail:
    """The studio with everything its page shows (a fixed number of queries)."""
    studio = studio_get(user, pk)
    authority = naming_org(studio.host, studio.level)
    assessments = list(studio.assessments.select_related("assessor"))
    for a in assessments:
        a.indicator_rows = [(INDICATOR_LABELS.get(k, k), v) for k, v in a.indicators.items()]
    works = studio_works(user, studio)
    return StudioDetail(
        studio=studio,
        members=sorted(
            studio.members.select_related("worker"),
            key=lambda m: (ROLE_ORDER.get(m.role, 9), m.joined_on, m.pk),
        ),
        reviews=list(studio.reviews.select_related("stage_org", "reviewer", "acting_org")),
        reports=list(studio.reports.all()),
        assessments=assessments,
        rules=studio_rules_now(studio) if studio.status in LIVE_RULES else rule_results_of(studio),
        authority=authority,
        actions=studio_actions(user, studio, authority),
        works=works,
        totals={
            name: indicator_values(name, [studio], None)[studio.pk]
            for name in ("achievements", "patents", "benefit", "claimed_benefit")
        },
        announcement=studio_announcement_links(studio),
        open_objections=studio_open_objections(studio)
        if studio.status == StudioStatus.ANNOUNCED
        else 0,
        announcement_over=studio.status == StudioStatus.ANNOUNCED and announcement_over(studio),
    )


def studio_export_qs(user, *, status: str = "", level: str = "", q: str = ""):
    """The studios of the list with its filters, for an .xlsx export."""
    require_studio_view(user)
    return _filtered(user, status=status, level=level, q=q)


def studio_export_rows(user, *, status: str = "", level: str = "", q: str = ""):
    """The rows of the studio list with its filters, for an .xlsx export (streamed)."""
    from django.utils.translation import gettext as _

    qs = studio_export_qs(user, status=status, level=level, q=q).select_related("leader", "host")
    qs = qs.annotate(member_count=Count("members"))
    yield [
        _("Name"),
        _("Leader"),
        _("Host enterprise"),
        _("Technical field"),
        _("Level applied for"),
        _("Status"),
        _("Established on"),
        _("Members"),
        _("Space (m²)"),
        _("Funding (yuan)"),
        _("Document number"),
        _("Unveiling date"),
        _("Named level"),
    ]
    for s in qs.order_by("id").iterator(chunk_size=2000):
        yield [
            s.name,
            s.leader.name,
            s.host.name,
            s.field,
            s.get_level_display(),
            s.get_status_display(),
            s.established_on.isoformat(),
            s.member_count,
            float(s.space_m2) if s.space_m2 is not None else "",
            float(s.funding_yuan) if s.funding_yuan is not None else "",
            s.document_number,
            s.unveiled_on.isoformat() if s.unveiled_on else "",
            s.get_named_level_display() if s.named_level else "",
        ]


# --- the public showcase (no login): named studios and consenting craftsmen only -------


def _named() -> QuerySet[Studio]:
    return Studio.objects.unscoped("named studios are public").filter(status=StudioStatus.NAMED)


def showcase_studio_list(*, q: str = "", level: str = "", cursor: str | None = None, size=24):
    """Named studios, newest first, with their member and achievement counts (counted
    for the page's studios only: three queries a page)."""
    qs = _named().select_related("leader", "host")
    if level:
        qs = qs.filter(named_level=level)
    if q := q.strip():
        qs = qs.filter(Q(name__icontains=q) | Q(field__icontains=q))
    page = keyset_page(qs, order=("-id",), cursor=cursor, size=size)
    members = dict(
        StudioMember.objects.filter(studio__in=page.items)
        .values("studio")
        .annotate(n=Count("id"))
        .values_list("studio", "n")
    )
    achievements = indicator_values("achievements", page.items, None)
    for studio in page.items:
        studio.member_count = members.get(studio.pk, 0)
        studio.achievement_count = achievements[studio.pk]
    return page


def showcase_studio_get(pk: int) -> Studio:
    studio = (
        _named()
        .select_related("leader", "host")
        .annotate(member_count=Count("members"))
        .filter(pk=pk)
        .first()
    )
    if studio is None:
        raise Http404
    studio.achievement_count = indicator_values("achievements", [studio], None)[studio.pk]
    studio.leader_public = studio.leader.showcase_consent
    return studio


def showcase_craftsman_get(worker_id: int):
    """A worker's public profile, only with their consent (else 404)."""
    from jiangxin.people.models import Honour, Worker

    worker = (
        Worker.objects.unscoped("a public profile, with the worker's consent")
        .select_related("employer")
        .filter(pk=worker_id, showcase_consent=True)
        .prefetch_related(
            Prefetch(
                "honours",
                queryset=Honour.objects.verified()
                .select_related("honour_type")
                .order_by("-year", "id"),
            ),
            Prefetch(
                "studio_memberships",
                queryset=StudioMember.objects.filter(studio__status=StudioStatus.NAMED)
                .select_related("studio__host")
                .order_by("-joined_on"),
            ),
        )
        .first()
    )
    if worker is None:
        raise Http404
    return worker


from .creation_rate import (  # noqa: E402  (re-exported: the creation-rate selectors)
    creation_rate,
    creation_rate_chart,
    creation_rate_gaps,
)

__all__ = [
    "creation_rate",
    "creation_rate_chart",
    "creation_rate_gaps",
    "showcase_craftsman_get",
    "showcase_studio_get",
    "showcase_studio_list",
    "studio_certificate_get",
    "studio_detail",
    "studio_export_rows",
    "studio_get",
    "studio_list",
    "studio_member_get",
]
