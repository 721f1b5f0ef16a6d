"""The module contract: each domain app plugs itself in from its own `module.py`.

An app declares one `MODULE = Module(...)` in `jiangxin/<app>/module.py`: its menu entries,
its Excel imports, its URLs (pages and public pages), its API router, and its demo and
province seeds. `CoreConfig.ready()` loads every installed app's `module.py`; the central
files (the nav in `context_processors.py`, `import_registry.py`, the `seed` command,
`jiangxin/api.py`, `jiangxin/urls.py`) iterate over `modules()` and name no domain app.
Adding a module touches `INSTALLED_APPS` and nothing else central.

Everything is named by dotted path and imported when it is used, so loading the registry
imports no views, routers or seeds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string


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
    nav: Sequence[NavItem] = ()
    imports: dict[str, str] = field(default_factory=dict)  # import name -> ImportSpec path
    urls: Sequence[tuple[str, str]] = ()  # (URL prefix, urlconf module), e.g. ("people/", …)
    api: Sequence[tuple[str, str]] = ()  # (API prefix, dotted router), e.g. ("/people", …)
    demo_seed: Callable[[SeedContext], None] | None = None
    province_seed: Callable[..., None] | None = None  # (*, stdout, options: dict) -> None
    province_options: Sequence[SeedOption] = ()
    # Words for audit actions whose last part is a value of the module's enums
    # ("studio.review.approve"): a callable returning {action: lazy label}.
    audit_labels: Callable[[], dict] | None = None


_REGISTRY: dict[str, Module] = {}


def register(module: Module) -> Module:
    _REGISTRY[module.label] = module
    return module


def unregister(label: str) -> None:
    _REGISTRY.pop(label, None)


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


def load(path: str):
    return import_string(path)
