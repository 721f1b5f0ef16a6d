"""The module contract: each domain app plugs itself in from its own `module.py`.

An app declares one `MODULE = Module(...)` in `jiangxin/<app>/module.py`: its permissions
and which roles get them, its menu entries, its Excel imports and exports, its URLs (pages and public
pages), its API router (and, for the one app that owns tokens, the API's authentication),
its demo and province seeds, and the extension points it fills: talent-passport sources,
studio indicator sources and selection subject adapters. `CoreConfig.ready()` loads every
installed app's `module.py`; the central files (`roles.py`'s ROLE_PERMS, the nav in
`context_processors.py`, `import_registry.py`, the `seed` command, `jiangxin/api.py`,
`jiangxin/urls.py`) and the extension points iterate over `modules()` and name no domain
app. Adding a module touches `INSTALLED_APPS` and nothing else central.

Permissions: each app keeps its codes in `<app>/perms.py` as one class named after the
app (`StudioPerm`, `AchievementPerm` …) whose attributes are the codes' last part when the
first part is the app's own noun (`StudioPerm.APPLY = "studio.apply"`) and the whole code
otherwise (`PeoplePerm.PII_UNMASK = "pii.unmask"`); its `module.py` declares each code
once with the roles that hold it. Core's own (audit, security, data import/export, the
calendar) are `core.roles.Perm`. A code declared twice stops the start.

Everything is named by dotted path and imported when it is used, so loading the registry
imports no views, routers or seeds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Permission:
    """A permission code this module owns and the roles (core.roles.Role values) that hold
    it, wherever the role is held (always over that org's subtree)."""

    code: str
    label: Any  # a lazy translation
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class NavItem:
    """A menu entry: shown when `visible(scope)` is true."""

    key: str
    label: Any  # a lazy translation
    url_name: str
    visible: Callable[[Any], bool]
    order: int = 50  # place in the menu (core's Home is 0, its Audit log and Security 90+)


@dataclass(frozen=True)
class SeedOption:
    """A `seed --preset province` option of this module (e.g. --workers 2000000)."""

    flag: str
    default: int
    help: str


@dataclass
class SeedContext:
    """What the demo seeds hand on to each other: the demo orgs by key, the workers by
    name, and the logins to print."""

    orgs: dict = field(default_factory=dict)
    workers: dict = field(default_factory=dict)
    logins: list = field(default_factory=list)
    password: str = ""


@dataclass(frozen=True)
class Module:
    label: str
    order: int  # the app's layer: seeds run, menus show and URLs mount in this order
    permissions: Sequence[Permission] = ()
    nav: Sequence[NavItem] = ()
    imports: dict[str, str] = field(default_factory=dict)  # import name -> ImportSpec path
    # export kind -> dotted ExportSpec (core/export_jobs.py): exports run as background jobs
    exports: dict[str, str] = field(default_factory=dict)
    urls: Sequence[tuple[str, str]] = ()  # (URL prefix, urlconf module), e.g. ("people/", …)
    api: Sequence[tuple[str, str]] = ()  # (API prefix, dotted router), e.g. ("/people", …)
    api_auth: str | None = None  # dotted path of the API's default auth (one module has it)
    demo_seed: Callable[[SeedContext], None] | None = None
    province_seed: Callable[..., None] | None = None  # (*, stdout, options: dict) -> None
    province_options: Sequence[SeedOption] = ()
    # Words for audit actions whose last part is a value of the module's enums
    # ("studio.review.approve"): a callable returning {action: lazy label}.
    audit_labels: Callable[[], dict] | None = None
    # Extension points other modules read (each a dotted path, imported when first used):
    # talent-passport sources `(workers) -> {worker_id: [PassportEntry]}` (people/passport.py),
    passport_sources: Sequence[str] = ()
    # studio indicator sources by name `(studios, year) -> {studio_id: number}`
    # (studios/indicators.py),
    indicator_sources: dict[str, str] = field(default_factory=dict)
    # what the module holds for a studio's page `(user, studio) -> [StudioWork]` (idem),
    studio_works: Sequence[str] = ()
    # selection subject adapters, SubjectAdapter subclasses (selection/subjects.py).
    subjects: Sequence[str] = ()
    # dashboard rollups (core/rollups.py): rebuilt in the background after any write whose
    # audit action starts with one of `actions`.
    rollups: Sequence[Rollup] = ()
    # housekeeping: dotted `() -> int` (rows or files removed), run by the worker's sweep
    # now and then and by `manage.py jx_purge_imports` (old throttle rows, files …).
    housekeeping: Sequence[str] = ()


@dataclass(frozen=True)
class Rollup:
    name: str
    rebuild: str  # dotted path of `() -> int` (rows written), run by the worker
    actions: tuple[str, ...]  # audit-action prefixes that make it stale


_REGISTRY: dict[str, Module] = {}
_STATE = {"discovered": False, "version": 0}


def register(module: Module) -> Module:
    _REGISTRY[module.label] = module
    _STATE["version"] += 1
    return module


def unregister(label: str) -> None:
    _REGISTRY.pop(label, None)
    _STATE["version"] += 1


def registry_version() -> int:
    """Changes whenever a module is registered or removed (what is built from the
    registry, like ROLE_PERMS, is built again)."""
    return _STATE["version"]


def discovered() -> bool:
    return _STATE["discovered"]


def modules() -> list[Module]:
    return sorted(_REGISTRY.values(), key=lambda m: (m.order, m.label))


def discover() -> None:
    """Load `module.py` of every installed app and register its MODULE."""
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        try:
            mod = importlib.import_module(f"{config.name}.module")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.module":
                raise
            continue
        if hasattr(mod, "MODULE"):
            register(mod.MODULE)
    _STATE["discovered"] = True
    from .roles import ROLE_PERMS

    ROLE_PERMS.check()  # a permission declared twice stops the start, not the first request


def nav_items() -> list[NavItem]:
    return sorted((item for m in modules() for item in m.nav), key=lambda i: i.order)


def audit_labels() -> dict:
    labels: dict = {}
    for m in modules():
        if m.audit_labels is not None:
            labels |= m.audit_labels()
    return labels


def import_paths() -> dict[str, str]:
    return {name: path for m in modules() for name, path in m.imports.items()}


def housekeeping() -> list[tuple[str, Callable[[], int]]]:
    """Every module's housekeeping functions as (dotted path, function)."""
    return [(path, load(path)) for m in modules() for path in m.housekeeping]


def passport_sources() -> list:
    """Every module's passport sources, in the modules' order."""
    return [load(path) for m in modules() for path in m.passport_sources]


def indicator_sources() -> dict[str, Callable]:
    """Every module's studio indicator sources by name (a name declared by two modules is
    refused)."""
    out: dict[str, Callable] = {}
    owner: dict[str, str] = {}
    for m in modules():
        for name, path in m.indicator_sources.items():
            if name in owner:
                raise ImproperlyConfigured(
                    f"Indicator {name!r} is declared by both {owner[name]} and {m.label}."
                )
            owner[name] = m.label
            out[name] = load(path)
    return out


def rollups() -> dict[str, Rollup]:
    """Every module's rollups by name (a name declared twice is refused)."""
    out: dict[str, Rollup] = {}
    for m in modules():
        for r in m.rollups:
            if r.name in out:
                raise ImproperlyConfigured(f"Rollup {r.name!r} is declared twice.")
            out[r.name] = r
    return out


def studio_works() -> list:
    return [load(path) for m in modules() for path in m.studio_works]


def subject_adapters() -> list:
    """Every module's selection subject adapters (classes), in the modules' order."""
    return [load(path) for m in modules() for path in m.subjects]


def api_auth():
    """The API's default authentication: the one module that declares `api_auth`."""
    paths = [(m.label, m.api_auth) for m in modules() if m.api_auth]
    if len(paths) != 1:
        raise ImproperlyConfigured(f"Exactly one module must declare api_auth, not {paths}.")
    return load(paths[0][1])


def load(path: str):
    return import_string(path)
