"""The runtime half of fail-closed data access: a read of org-owned rows that went through
no scope raises `UnscopedQuery` instead of silently showing every org's rows.

*Org-owned* is computed, never listed (`org_owned_models`): `orgs.Org` itself, every model
with a foreign key to `Org` (nullable or not: `Worker.employer`, `Studio.host`,
`Entry.org`, …), and every model with a non-nullable foreign key to an org-owned model
(its parent: `StudioMember → Studio`, `Completer → Achievement`, `ApiToken → User`, …).
A nullable key to a non-Org model is a reference, not a parent (`OfficialYear.confirmed_by`,
`AuditEvent.user`), so `HonourType`, `OfficialDay`, `NamingRule`, `OfficialYear` and
`SearchDocument` are free.

`install()` (run by `CoreConfig.ready`) gives the default manager of every org-owned model a
queryset class that remembers whether it went through a scope. It counts as scoped when:

- it came out of `access.scoped()` / `get_scoped_or_404()` (the mark survives `_clone`, so
  `.filter()`, `.order_by()`, `.values()` … keep it);
- it is a related manager's queryset of an already fetched instance (`studio.members.all()`,
  prefetches; Django gives those an `instance` hint), or a forward key (`worker.employer`,
  read through the base manager, never guarded);
- it was filtered (not excluded) by a fetched org-owned instance or by a scoped queryset
  (`Entry.objects.filter(campaign=campaign)` is `campaign.entries.all()`;
  `BenefitEntry.objects.filter(achievement_id__in=scoped_ids)`): the caller holds the
  parent, so the rows are as scoped as the parent was (a list of fetched instances,
  `studio__in=page.items`, counts too);
- it was marked `.unscoped("reason")`: a deliberate read of rows the caller already
  checked or that are not the user's to filter (a token's owner, a campaign's entries once
  the campaign was fetched in scope);
- it is evaluated inside `with system_access("reason"):` (a worker, seeding, a command).

Otherwise evaluating it (`_fetch_all` — iteration, `len`, `get`, `first`, `values…` —,
`count`, `exists`, `aggregate`, `iterator`) asks *who* evaluates it. The frames are walked
outwards from the query: Django's ORM and the project's plumbing that evaluates what it is
handed (`core.pagination`, `core.exports`) are skipped; the first project module decides. The
*read layer* is strict (raise): `<app>.views*`, `api*`, `selectors*`, `forms*`,
`templatetags`, `admin*`, `pickers`, `todo*`, `context_processors`, and the template engine
and django-ninja (a queryset a view hands to a template or to the API's paginator is
evaluated after the view returned). Everything else passes: services (a
`select_for_update().get(pk=…)` of an object the service already checked), `domain/`,
workers, seeding, management commands, migrations, tests, Django's auth and admin machinery,
treebeard (its tree walks start from a fetched node), and uniqueness validation (a unique
check must see every org's rows). A new module is covered by its name alone; nothing is
registered. The verdict is cached per code object, so a walk is a dict lookup per frame.

The guard raises in every environment (fail-closed) and logs the model and the evaluating
frame first (logger `jiangxin.access`). `settings.ACCESS_GUARD = False` turns it off
(never in production). Measured cost: see docs/access.md.
"""

from __future__ import annotations

import logging
import re
import sys
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from types import MethodType

from django.apps import apps
from django.conf import settings
from django.db.models import ForeignKey, Model, OneToOneField, QuerySet

log = logging.getLogger("jiangxin.access")

ORG_MODEL = "orgs.Org"


class UnscopedQuery(Exception):
    """An org-owned queryset was evaluated in the read layer without a scope."""


# ---------------------------------------------------------------------------------------
# Which models are org-owned


def _parents(model: type[Model]):
    for f in model._meta.concrete_fields:
        if isinstance(f, (ForeignKey, OneToOneField)):
            yield f


@cache
def org_owned_labels() -> frozenset[str]:
    """Labels ("app.Model") of the org-owned models of the project's apps (the rule is in
    the module docstring; Django's and third-party models are not guarded)."""
    models = [m for m in apps.get_models() if m._meta.app_config.name.startswith("jiangxin.")]
    owned = {ORG_MODEL}
    changed = True
    while changed:
        changed = False
        for m in models:
            label = m._meta.label
            if label in owned:
                continue
            for f in _parents(m):
                target = f.related_model._meta.label
                if target == ORG_MODEL or (target in owned and not f.null):
                    owned.add(label)
                    changed = True
                    break
    return frozenset(owned)


def is_org_owned(model: type[Model]) -> bool:
    return model._meta.label in org_owned_labels()


def org_owned_models() -> list[type[Model]]:
    labels = org_owned_labels()
    return [m for m in apps.get_models() if m._meta.label in labels]


# ---------------------------------------------------------------------------------------
# Who evaluates a queryset

_SKIP, _STRICT, _PASS = 0, 1, 2

READ_LAYER = re.compile(
    r"^jiangxin\.(?:[a-z_]+\.)?"
    r"(?:views\w*|api\w*|selectors\w*|forms\w*|templatetags|admin\w*|pickers|todo\w*"
    r"|context_processors)(?:\.|$)"
)
_STRICT_LIBS = ("django.template", "ninja")
_PASS_LIBS = ("django.contrib.auth", "django.contrib.admin", "django.contrib.sessions", "treebeard")
_UNIQUE_CHECKS = {"_perform_unique_checks", "_perform_date_checks", "validate_constraints"}

# Project helpers that evaluate what they are handed: their caller decides.
_PLUMBING = {__name__, "jiangxin.core.access", "jiangxin.core.pagination", "jiangxin.core.exports"}

_verdicts: dict = {}
_system: ContextVar[str | None] = ContextVar("jx_system_access", default=None)


def _classify(code, module: str) -> int:
    if module in _PLUMBING:
        return _SKIP
    if module.startswith("jiangxin."):
        return _STRICT if READ_LAYER.match(module) else _PASS
    if module.startswith("django.db.models"):
        if code.co_name in _UNIQUE_CHECKS or module == "django.db.models.constraints":
            return _PASS
        return _SKIP
    if module.startswith(_STRICT_LIBS):
        return _STRICT
    if module.startswith(_PASS_LIBS):
        return _PASS
    return _SKIP


def _evaluator():
    """The first frame that decides, and its verdict (_PASS when none does: a bare shell)."""
    frame = sys._getframe(3)
    verdicts = _verdicts
    while frame is not None:
        code = frame.f_code
        # Equal code objects of two files compare equal: the file is part of the key.
        cached = verdicts.get(code)
        if cached is None or cached[0] != code.co_filename:
            cached = verdicts[code] = (
                code.co_filename,
                _classify(code, frame.f_globals.get("__name__", "")),
            )
        verdict = cached[1]
        if verdict != _SKIP:
            return verdict, frame
        frame = frame.f_back
    return _PASS, None


@contextmanager
def system_access(reason: str):
    """Reads in this block are deliberate system reads (a worker, a seed, a command)."""
    token = _system.set(reason)
    try:
        yield
    finally:
        _system.reset(token)


# ---------------------------------------------------------------------------------------
# The queryset


class ScopeGuardMixin:
    _jx_scoped: str | bool = False

    def _clone(self):
        c = super()._clone()
        c._jx_scoped = self._jx_scoped
        return c

    def _filter_or_exclude_inplace(self, negate, args, kwargs):
        if not negate and not self._jx_scoped and any(map(_derived, kwargs.values())):
            self._jx_scoped = True
        super()._filter_or_exclude_inplace(negate, args, kwargs)

    def unscoped(self, reason: str):
        """A deliberate read without the user's scope; say why (reviewers read it)."""
        if not reason:
            raise ValueError("unscoped() needs a reason")
        c = self._chain()
        c._jx_scoped = reason
        return c

    def _jx_check(self) -> None:
        if self._jx_scoped or "instance" in self._hints or _system.get() is not None:
            return
        verdict, frame = _evaluator()
        if verdict != _STRICT or self.query.is_empty():
            return  # `.none()`: an empty queryset shows nothing
        if not getattr(settings, "ACCESS_GUARD", True):
            return
        where = f"{frame.f_globals.get('__name__')}:{frame.f_lineno}" if frame else "?"
        log.error("unscoped read of %s in %s", self.model._meta.label, where)

        raise UnscopedQuery(
            f"{self.model._meta.label} read in {where} without a scope: go through "
            "access.scoped()/get_scoped_or_404(), or mark a deliberate read .unscoped(reason)"
        )

    def _fetch_all(self):
        if self._result_cache is None:
            self._jx_check()
        super()._fetch_all()

    def count(self):
        if self._result_cache is None:
            self._jx_check()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._jx_check()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._jx_check()
        return super().aggregate(*args, **kwargs)

    def iterator(self, *args, **kwargs):
        self._jx_check()
        return super().iterator(*args, **kwargs)


def _derived(value) -> bool:
    """A filter value that ties the rows to what the caller already holds: a fetched
    org-owned instance (`Entry.objects.filter(campaign=campaign)` is
    `campaign.entries.all()`) or a scoped queryset (`achievement__in=scoped_qs`)."""
    if isinstance(value, ScopeGuardMixin):
        return bool(value._jx_scoped) or "instance" in value._hints or value.query.is_empty()
    if isinstance(value, (list, tuple)):  # fetched instances (a page's items); [] matches none
        return all(_derived(v) for v in value if not isinstance(v, (list, tuple)))
    return isinstance(value, Model) and value._meta.label in org_owned_labels()


_guarded_classes: dict[type, type] = {}


def guarded_queryset_class(qs_class: type[QuerySet]) -> type[QuerySet]:
    if issubclass(qs_class, ScopeGuardMixin):
        return qs_class
    cls = _guarded_classes.get(qs_class)
    if cls is None:
        cls = type(f"Scoped{qs_class.__name__}", (ScopeGuardMixin, qs_class), {})
        cls.__module__ = qs_class.__module__
        _guarded_classes[qs_class] = cls
    return cls


def _guarded_get_queryset(original):
    """Managers that build their own queryset class (treebeard's MP_NodeManager ignores
    `_queryset_class`) hand out the guarded subclass of it all the same."""

    def get_queryset(manager):
        qs = original()
        if not isinstance(qs, ScopeGuardMixin):
            qs.__class__ = guarded_queryset_class(type(qs))
        return qs

    return get_queryset


def _manager_unscoped(manager, reason: str):
    return manager.get_queryset().unscoped(reason)


def install() -> None:
    """Guard the default manager of every org-owned model (CoreConfig.ready)."""
    for model in org_owned_models():
        for manager in model._meta.managers:
            manager._queryset_class = guarded_queryset_class(manager._queryset_class)
            manager.get_queryset = MethodType(_guarded_get_queryset(manager.get_queryset), manager)
            manager.unscoped = MethodType(_manager_unscoped, manager)


def mark_scoped(qs: QuerySet) -> QuerySet:
    """For access.scoped(): the queryset went through the user's scope."""
    if isinstance(qs, ScopeGuardMixin):
        qs._jx_scoped = True
    return qs
