"""The org picker (core.pickers): organisations in the user's subtree, found by name
(the full-text index) or by Unified Social Credit Code (its unique index)."""

from __future__ import annotations

from jiangxin.core.access import user_scope
from jiangxin.core.pickers import picker_register
from jiangxin.core.search import search_filter

from .enums import OrgKind
from .models import Org
from .perms import OrgPerm
from .selectors import org_qs

USCC_LEN = 18


def _queryset(user, params):
    if not user_scope(user).has(OrgPerm.VIEW):
        return Org.objects.none()
    qs = org_qs(user).filter(is_active=True)
    kinds = [k for k in (params.get("kinds") or "").split(",") if k in OrgKind.values]
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs


def _search(user, q, params):
    qs = _queryset(user, params)
    if len(q) == USCC_LEN and q.isalnum():
        by_code = list(qs.filter(uscc=q.upper())[:1])
        if by_code:
            return by_code
    return search_filter(qs, "org", q, user=user).order_by("path")


def _detail(org: Org) -> str:
    return " · ".join(p for p in (org.uscc or "", org.get_kind_display()) if p)


picker_register("org", queryset=_queryset, search=_search, detail=_detail, params=("kinds",))
