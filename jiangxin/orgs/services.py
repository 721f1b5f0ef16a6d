"""Writes to the organisation tree. Each checks the role, validates, writes and audits in
one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from jiangxin.core.access import require_perm, user_scope
from jiangxin.core.audit import audit_record
from jiangxin.core.roles import Perm

from .enums import OrgKind
from .models import Org
from .search import org_search_moved, org_search_reindex

EDITABLE_FIELDS = (
    "name",
    "kind",
    "uscc",
    "region_code",
    "industry",
    "address",
    "contact_name",
    "contact_phone",
    "is_active",
)
TREE_FIELDS = ["path", "depth", "numchild"]


def _check_parent(kind: str, parent: Org | None) -> None:
    parent_kind = parent.kind if parent is not None else None
    if not Org.parent_kind_allowed(kind, parent_kind):
        label = OrgKind(kind).label
        where = OrgKind(parent_kind).label if parent_kind else _("the top of the tree")
        raise ValidationError(
            {
                "kind": _("A %(kind)s cannot be placed under %(where)s.")
                % {"kind": label, "where": where}
            }
        )


def _clean_fields(data: dict) -> dict:
    cleaned = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    if cleaned.get("uscc") == "":
        cleaned["uscc"] = None
    if cleaned.get("uscc"):
        cleaned["uscc"] = cleaned["uscc"].strip().upper()
    return cleaned


@transaction.atomic
def org_create(*, actor, parent: Org, name: str, kind: str, region_code: str, **fields) -> Org:
    require_perm(actor, Perm.ORG_MANAGE)
    if not user_scope(actor).covers(parent.path):
        raise Http404
    _check_parent(kind, parent)
    org = Org(name=name, kind=kind, region_code=region_code, **_clean_fields(fields))
    org.full_clean(exclude=TREE_FIELDS)
    org = Org.objects.add_child(Org.objects.get(pk=parent.pk), instance=org)
    org_search_reindex(org)
    audit_record(actor=actor, action="org.create", obj=org, details={"parent": parent.pk})
    return org


def org_create_root(*, name: str, kind: str, region_code: str, **fields) -> Org:
    """For the seed and the superuser's bootstrap only: a tree root, no actor."""
    _check_parent(kind, None)
    org = Org(name=name, kind=kind, region_code=region_code, **_clean_fields(fields))
    org.full_clean(exclude=TREE_FIELDS)
    with transaction.atomic():
        org = Org.objects.add_root(instance=org)
        org_search_reindex(org)
        audit_record(action="org.create", obj=org, username="system")
    return org


@transaction.atomic
def org_update(*, actor, org: Org, **fields) -> Org:
    require_perm(actor, Perm.ORG_MANAGE)
    org = Org.objects.select_for_update().get(pk=org.pk)
    if not user_scope(actor).covers(org.path):
        raise Http404
    cleaned = _clean_fields(fields)
    before = {k: getattr(org, k) for k in cleaned}
    for key, value in cleaned.items():
        setattr(org, key, value)
    if "kind" in cleaned and cleaned["kind"] != before["kind"]:
        parent = Org.objects.get_parent(org)
        _check_parent(org.kind, parent)
        for child in Org.objects.get_children(org):
            _check_parent(child.kind, org)
    org.full_clean(exclude=TREE_FIELDS)
    org.save()
    org_search_reindex(org)
    changes = {k: [str(before[k]), str(v)] for k, v in cleaned.items() if before[k] != v}
    audit_record(actor=actor, action="org.update", obj=org, details={"changes": changes})
    return org


@transaction.atomic
def org_move(*, actor, org: Org, new_parent: Org) -> Org:
    """Move `org` and everything under it below `new_parent`."""
    scope = require_perm(actor, Perm.ORG_MOVE)
    org = Org.objects.get(pk=org.pk)
    new_parent = Org.objects.get(pk=new_parent.pk)
    if not scope.covers(org.path) or not scope.covers(new_parent.path):
        raise Http404
    if org.path in scope.paths:
        raise ValidationError(
            {"new_parent": _("You cannot move the organisation your role is held at.")}
        )
    if new_parent.path.startswith(org.path):
        raise ValidationError(
            {"new_parent": _("An organisation cannot move under itself or its own subtree.")}
        )
    _check_parent(org.kind, new_parent)
    old_parent = Org.objects.get_parent(org)
    size = Org.objects.filter(path__startswith=org.path).count()
    old_path = org.path
    Org.objects.move(org, new_parent, pos="last-child")
    org = Org.objects.get(pk=org.pk)
    org_search_moved(old_path, org.path)
    audit_record(
        actor=actor,
        action="org.move",
        obj=org,
        details={"from": old_parent.pk if old_parent else None, "to": new_parent.pk, "nodes": size},
    )
    return org


def org_bulk_add_children(*, actor, items, progress=None, batch_size: int = 2000) -> int:
    """Append many new orgs under their parents in bulk: each parent is locked once, the
    new paths are numbered after its last child, rows go in with bulk_create. The caller
    holds the transaction (imports write all rows or none). Audited as one event."""
    require_perm(actor, Perm.ORG_MANAGE)
    scope = user_scope(actor)
    by_parent: dict[int, tuple[Org, list[Org]]] = {}
    for parent, org in items:
        by_parent.setdefault(parent.pk, (parent, []))[1].append(org)
    created = 0
    pending: list[Org] = []
    for parent_pk, (_parent, children) in by_parent.items():
        parent = Org.objects.select_for_update().get(pk=parent_pk)
        if not scope.covers(parent.path):
            raise Http404
        last = (
            Org.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        step = Org._str2int(last[-Org.steplen :]) if last else 0
        for org in children:
            step += 1
            org.depth = parent.depth + 1
            org.path = Org._get_path(parent.path, org.depth, step)
            org.numchild = 0
            pending.append(org)
            if len(pending) >= batch_size:
                created += _flush(pending, progress)
        Org.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(children))
    created += _flush(pending, progress)
    audit_record(
        actor=actor,
        action="org.bulk_create",
        details={"created": created, "parents": len(by_parent)},
    )
    return created


def _flush(pending: list[Org], progress) -> int:
    n = len(pending)
    if n:
        Org.objects.bulk_create(pending)
        if progress:
            progress.step(n)
        pending.clear()
    return n
