"""Writes to the organisation tree. Each checks the role, validates, writes and audits in
one transaction."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.access import require_perm, user_scope
from jiangxin.core.audit import audit_record

from .enums import OrgKind
from .models import Org
from .perms import OrgPerm
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
    require_perm(actor, OrgPerm.MANAGE)
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
    require_perm(actor, OrgPerm.MANAGE)
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
    scope = require_perm(actor, OrgPerm.MOVE)
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


def org_bulk_add_children(
    *,
    actor,
    items: list[tuple[Org, dict[str, Any]]],
    steps: dict[int, int] | None = None,
    audit: bool = True,
) -> int:
    """Append many new orgs under their parents in bulk. `items` are (parent, field values)
    whose values the caller has validated field by field (the import does it with the
    model's own validators): no model instance is built per row.

    Each parent is locked (in pk order, a thousand per query) and its children are
    numbered after its last child; rows stream into COPY (PostgreSQL) or executemany.
    `steps` (parent pk → last child number) lets a caller adding several batches in one
    transaction skip the lock and the last-child query for parents it has seen: they are
    locked until it commits. The caller holds the transaction. Audited as one event."""
    require_perm(actor, OrgPerm.MANAGE)
    scope = user_scope(actor)
    steps = {} if steps is None else steps
    by_parent: dict[int, tuple[Org, list[dict[str, Any]]]] = {}
    for parent, values in items:
        by_parent.setdefault(parent.pk, (parent, []))[1].append(values)
    unseen = sorted(pk for pk in by_parent if pk not in steps)
    locked: dict[int, Org] = {}
    for chunk in itertools.batched(unseen, 1000):
        qs = Org.objects.select_for_update().filter(pk__in=chunk).order_by("pk")
        locked.update((p.pk, p) for p in qs.only("pk", "path", "depth"))
    if len(locked) != len(unseen):
        raise Org.DoesNotExist("A parent organisation no longer exists.")
    for pk in unseen:
        parent = locked[pk]
        if not scope.covers(parent.path):
            raise Http404
        # The children's paths lie in [path + "0000", path + "ZZZZ"]: a range on the path
        # index (on SQLite `path LIKE 'x%'` cannot use it and scans the whole table).
        last = (
            Org.objects.filter(
                path__range=Org._get_children_path_interval(parent.path), depth=parent.depth + 1
            )
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        steps[pk] = Org._str2int(last[-Org.steplen :]) if last else 0

    def rows():
        for pk, (parent, children) in by_parent.items():
            depth, step = parent.depth + 1, steps[pk]
            for values in children:
                step += 1
                yield {**values, "path": Org._get_path(parent.path, depth, step), "depth": depth}
            steps[pk] = step

    created = _insert_orgs(rows())
    _add_numchild([(pk, len(children)) for pk, (_parent, children) in by_parent.items()])
    if audit:
        audit_record(
            actor=actor,
            action="org.bulk_create",
            details={"created": created, "parents": len(by_parent)},
        )
    return created


def _add_numchild(counts: list[tuple[int, int]]) -> None:
    """numchild += n for many parents: one UPDATE … FROM per 1,000 parents
    (PostgreSQL, SQLite ≥ 3.33); a CASE with a branch per parent cost more to compile
    than to run."""
    connection = connections[router.db_for_write(Org)]
    qn = connection.ops.quote_name
    table = qn(Org._meta.db_table)
    for chunk in itertools.batched(counts, 1000):
        # A UNION ALL of SELECTs: SQLite cannot name the columns of a VALUES list.
        values = " UNION ALL ".join(["SELECT %s AS id, %s AS n"] * len(chunk))
        sql = (
            f"UPDATE {table} SET {qn('numchild')} = {table}.{qn('numchild')} + v.n "  # noqa: S608
            f"FROM ({values}) AS v WHERE {table}.{qn('id')} = v.id"
        )  # (quoted names from the model; the numbers are bound parameters)
        with connection.cursor() as cursor:
            cursor.execute(sql, [x for pair in chunk for x in pair])


def _insert_orgs(rows: Iterable[dict[str, Any]]) -> int:
    """INSERT new orgs given as field values: COPY on PostgreSQL (streamed: the server
    indexes rows while the next ones are produced), executemany of one INSERT elsewhere.
    Fields left out take their model default; auto_now fields are now. Nothing is
    compiled per cell, which was most of the write time of a 100k-row import with
    bulk_create. Returns the number of rows; the rows get no pk back."""
    connection = connections[router.db_for_write(Org)]
    fields = [f for f in Org._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults: dict[str, Any] = {}
    for f in fields:
        if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
            defaults[f.attname] = f.get_db_prep_save(now, connection)
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        elif f.null:
            defaults[f.attname] = None
        else:
            defaults[f.attname] = ""
    names = [f.attname for f in fields]
    count = 0

    def tuples():
        nonlocal count
        for values in rows:
            count += 1
            yield tuple([values.get(name, defaults[name]) for name in names])

    table = connection.ops.quote_name(Org._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # psycopg 3
                for row in tuples():
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(sql, tuples())  # (quoted names from the model, values bound)
    return count
