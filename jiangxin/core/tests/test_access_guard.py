"""The static half of fail-closed data access: the read layer (views, API handlers, forms,
template tags, admins, pickers, to-do sources) never touches the manager of an org-owned
model (nor hands the model to `get_object_or_404`); it asks a selector, which scopes the read (docs/access.md).

The modules are found from INSTALLED_APPS by their names (`views*.py`, `views/`, `api*.py`,
`forms*.py`, `templatetags/`, `admin*.py`, `pickers.py`, `todo*.py`), so a new app or
module is covered without editing this test. "Org-owned" is computed
(`jiangxin.core.scoping.org_owned_labels`). `Model.objects.none()` is allowed: an empty
queryset shows nothing.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.db.models import Model

from jiangxin.core.scoping import is_org_owned

MANAGERS = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}  # given a model, they use its manager
READ_LAYER_FILES = ("views*.py", "api*.py", "forms*.py", "admin*.py", "pickers.py", "todo*.py")
READ_LAYER_DIRS = ("views", "templatetags")


def read_layer_modules() -> list[tuple[str, Path]]:
    """(module name, file) of every read-layer module of every project app."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("jiangxin."):
            continue
        root = Path(config.path)
        files = [f for pattern in READ_LAYER_FILES for f in root.glob(pattern)]
        files += [f for d in READ_LAYER_DIRS for f in (root / d).rglob("*.py")]
        for f in sorted(set(files)):
            rel = f.relative_to(root).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            found.append((".".join([config.name, *parts]), f))
    return found


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _model_named(name: str) -> type[Model] | None:
    """A project model by its class name, when only one model has it."""
    hits = [m for m in apps.get_models() if m.__name__ == name]
    return hits[0] if len(hits) == 1 else None


class _Resolver:
    def __init__(self, tree: ast.AST, module: str, is_package: bool):
        self.module = module
        self.bindings: dict[str, tuple[str, str | None]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = _absolute(module, node, is_package)
                for alias in node.names:
                    self.bindings[alias.asname or alias.name] = (source, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    self.bindings[alias.asname or alias.name.split(".")[0]] = (
                        alias.name if alias.asname else alias.name.split(".")[0],
                        None,
                    )

    def value(self, node: ast.expr):
        if isinstance(node, ast.Name):
            if node.id in self.bindings:
                source, attr = self.bindings[node.id]
                try:
                    obj = importlib.import_module(source)
                except ImportError:
                    return None
                if attr is None:
                    return obj
                if hasattr(obj, attr):
                    return getattr(obj, attr)
                try:
                    return importlib.import_module(f"{source}.{attr}")
                except ImportError:
                    return None
            try:
                return getattr(importlib.import_module(self.module), node.id)
            except (ImportError, AttributeError):
                return _model_named(node.id)
        if isinstance(node, ast.Attribute):
            base = self.value(node.value)
            return getattr(base, node.attr, None) if base is not None else None
        return None


def violations(source: str, module: str, *, is_package: bool = False) -> list[str]:
    """Where `source` (the text of `module`) touches an org-owned model's manager."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    resolver = _Resolver(tree, module, is_package)
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in SHORTCUTS
            and node.args
        ):
            model = resolver.value(node.args[0])
            if isinstance(model, type) and issubclass(model, Model) and is_org_owned(model):
                found.append(f"{module}:{node.lineno} {node.func.id}({model._meta.label})")
            continue
        if not (isinstance(node, ast.Attribute) and node.attr in MANAGERS):
            continue
        model = resolver.value(node.value)
        if not (isinstance(model, type) and issubclass(model, Model) and is_org_owned(model)):
            continue
        use = parents.get(node)
        if isinstance(use, ast.Attribute) and use.attr == "none":
            continue
        found.append(f"{module}:{node.lineno} {model._meta.label}.{node.attr}")
    return found


def test_access_guard_read_layer_reads_through_selectors():
    found = []
    for module, path in read_layer_modules():
        found += violations(path.read_text(), module, is_package=path.name == "__init__.py")
    assert not found, "org-owned managers in the read layer (use a selector):\n" + "\n".join(found)


def test_access_guard_covers_every_kind_of_read_layer_module():
    names = {m for m, _ in read_layer_modules()}
    for expected in (
        "jiangxin.people.views",
        "jiangxin.people.api",
        "jiangxin.people.forms",
        "jiangxin.people.pickers",
        "jiangxin.selection.views.review",
        "jiangxin.selection.todo",
        "jiangxin.achievements.templatetags.achievement_tags",
        "jiangxin.core.admin",
        "jiangxin.core.views_calendar",
    ):
        assert expected in names, expected


VIOLATION = """
from jiangxin.people.models import HonourType, Worker
from ..studios import models as studio_models


def view(request):
    return Worker.objects.filter(name="x")
"""


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (VIOLATION, ["jiangxin.people.views:7 people.Worker.objects"]),
        (
            "from ..studios import models as m\nx = m.Studio._default_manager.all()\n",
            ["jiangxin.people.views:2 studios.Studio._default_manager"],
        ),
        (
            "def f():\n    from jiangxin.orgs.models import Org\n    return Org._base_manager\n",
            ["jiangxin.people.views:3 orgs.Org._base_manager"],
        ),
        (
            "from .models import Honour\nx = Honour.objects.count()\n",
            ["jiangxin.people.views:2 people.Honour.objects"],
        ),
        (
            "from django.shortcuts import get_object_or_404\n"
            "from jiangxin.core.models_tasks import TaskProgress\n"
            "get_object_or_404(TaskProgress, pk=1)\n",
            ["jiangxin.people.views:3 get_object_or_404(core.TaskProgress)"],
        ),
        # a parent-derived model (StudioMember -> Studio -> Org) is org-owned too
        (
            "from jiangxin.studios.models import StudioMember as M\nM.objects.all()\n",
            ["jiangxin.people.views:2 studios.StudioMember.objects"],
        ),
    ],
)
def test_access_guard_bites_on_a_deliberate_violation(source, expected):
    assert violations(source, "jiangxin.people.views") == expected


def test_access_guard_lets_free_models_and_empty_querysets_pass():
    source = (
        "from jiangxin.people.models import HonourType, Worker\n"
        "from jiangxin.core.models_calendar import OfficialDay\n"
        "a = HonourType.objects.all()\n"
        "b = OfficialDay.objects.all()\n"
        "c = Worker.objects.none()\n"
    )
    assert violations(source, "jiangxin.people.views") == []


def test_access_guard_fails_the_suite_on_a_throwaway_module(tmp_path, monkeypatch):
    """A new read-layer module with a forgotten selector makes the walk fail."""
    from jiangxin.core.tests import test_access_guard as me

    bad = tmp_path / "views_new.py"
    bad.write_text(VIOLATION)
    real = me.read_layer_modules
    monkeypatch.setattr(me, "read_layer_modules", lambda: [*real(), ("jiangxin.people.x", bad)])
    with pytest.raises(AssertionError, match="people.Worker.objects"):
        me.test_access_guard_read_layer_reads_through_selectors()
