"""The central files iterate over the module registry and name no domain app: neither an
import of `jiangxin.<app>` nor a dotted path to one. import-linter forbids core → apps;
`jiangxin/api.py` and `jiangxin/urls.py` sit outside core, so this test guards them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR) / "jiangxin"
DOMAIN_APPS = ("orgs", "accounts", "people", "studios", "achievements", "selection")
CENTRAL = (
    "core/roles.py",
    "core/context_processors.py",
    "core/import_registry.py",
    "core/management/commands/seed.py",
    "api.py",
    "urls.py",
)


def domain_references(path: Path) -> list[str]:
    """Every import of a domain app (absolute, or relative from the jiangxin package) and
    every string naming one (`include("jiangxin.people.urls")`)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = ["jiangxin", *path.relative_to(ROOT).parent.parts]
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            names = [module] + [f"{module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value]
        for name in names:
            if any(name.startswith(f"jiangxin.{app}") for app in DOMAIN_APPS):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    return found


@pytest.mark.parametrize("name", CENTRAL)
def test_central_file_names_no_domain_app(name):
    assert domain_references(ROOT / name) == []


def test_central_files_check_catches_imports_relative_imports_and_paths(tmp_path, monkeypatch):
    fake = tmp_path / "jiangxin"
    (fake / "core").mkdir(parents=True)
    monkeypatch.setattr(f"{__name__}.ROOT", fake)
    (fake / "urls.py").write_text(
        "from .accounts.api import TokenAuth\n"
        "import jiangxin.people.models\n"
        "URL = 'jiangxin.studios.urls'\n"
        "from .core.modules import modules\n"
    )
    (fake / "core" / "roles.py").write_text("from ..selection.perms import SelectionPerm\n")
    assert [r.split(": ")[1] for r in domain_references(fake / "urls.py")] == [
        "jiangxin.accounts.api",
        "jiangxin.accounts.api.TokenAuth",
        "jiangxin.people.models",
        "jiangxin.studios.urls",
    ]
    assert domain_references(fake / "core" / "roles.py")
