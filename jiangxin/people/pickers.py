"""The worker and honour-type pickers (core.pickers).

Workers in the user's subtree are found by the start of their name (the name index), by
their full resident ID number (the blind index: the number is never stored, shown or
echoed), by their masked ID as lists show it, or by a name followed by the last four
characters of the ID ("栾军 1234") to tell namesakes apart. `within=<org id>` narrows the
name searches to one org's subtree (the enterprise chosen beside the picker)."""

from __future__ import annotations

import re

from django.db.models import Q

from jiangxin.core.access import subtree_of, user_scope
from jiangxin.core.pickers import picker_register
from jiangxin.orgs.selectors import org_path_of

from .crypto import pii_blind_index
from .models import HonourType, Worker
from .perms import PeoplePerm
from .selectors import RESIDENT_ID_RE, worker_qs

MASKED_RE = re.compile(r"^\d{6}\*+\d{3}[\dXx]$")
NAME_AND_TAIL_RE = re.compile(r"^(?P<name>\D+?)\s*(?P<tail>\d{3}[\dXx]|\d{4})$")
TOP = "\U0010ffff"


def _name_starts(q: str) -> Q:
    # the range beside the prefix lets SQLite use the name index (its LIKE cannot)
    return Q(name__startswith=q, name__range=(q, q + TOP))


def _worker_queryset(user, params):
    if not user_scope(user).has(PeoplePerm.VIEW):
        return Worker.objects.none()
    return worker_qs(user).select_related("employer")


def _worker_search(user, q, params):
    qs = _worker_queryset(user, params)
    compact = q.replace(" ", "")
    if RESIDENT_ID_RE.match(compact):
        return qs.filter(id_hash=pii_blind_index(compact))
    if MASKED_RE.match(compact):
        return qs.filter(id_masked=compact.upper()).order_by("name", "pk")
    within = params.get("within", "")
    if within.isdigit():  # names: in the org chosen beside the picker (an ID: anywhere)
        path = org_path_of(int(within))
        if path is not None:
            qs = subtree_of(qs, "employer", path)
    if m := NAME_AND_TAIL_RE.match(q.strip()):
        name = m["name"].strip()
        return qs.filter(_name_starts(name), id_masked__endswith=m["tail"].upper()).order_by(
            "name", "pk"
        )
    return qs.filter(_name_starts(q)).order_by("name", "pk")


def _worker_detail(worker: Worker) -> str:
    return f"{worker.id_masked} · {worker.employer.name}"


def _honour_queryset(user, params):
    if not user_scope(user).has(PeoplePerm.VIEW):
        return HonourType.objects.none()
    return HonourType.objects.filter(is_active=True)


def _honour_search(user, q, params):
    qs = _honour_queryset(user, params)
    return qs.filter(Q(name__icontains=q) | Q(name_en__icontains=q)).order_by("name")


def _honour_detail(honour: HonourType) -> str:
    parts = (honour.get_level_display(), honour.get_category_display(), honour.awarding_body)
    return " · ".join(p for p in parts if p)


picker_register(
    "worker",
    queryset=_worker_queryset,
    search=_worker_search,
    detail=_worker_detail,
    params=("within",),
)
picker_register(
    "honour_type", queryset=_honour_queryset, search=_honour_search, detail=_honour_detail
)
