"""The architecture rules of `.importlinter` are kept, and they do break on a violation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(config: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), str(config), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
    )


def _without_ignores(text: str) -> str:
    """The contracts without their ignore lists (which name modules the toy lacks)."""
    out, skipping = [], False
    for line in text.splitlines():
        if line.startswith("ignore_imports"):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "\n".join(out) + "\n"


def test_architecture_contracts_are_kept():
    result = _lint(ROOT / ".importlinter", ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_architecture_contracts_break_on_core_importing_a_domain_app(tmp_path):
    """The same contracts over a toy copy of the layout: `core` importing a domain app,
    and a selector importing a service, are both reported."""
    pkg = tmp_path / "jiangxin"
    apps = ("core", "orgs", "accounts", "people", "studios", "achievements", "selection")
    for app in (*apps, "competitions"):
        (pkg / app).mkdir(parents=True)
        (pkg / app / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "core" / "views.py").write_text("import jiangxin.studios.models\n")
    (pkg / "studios" / "models.py").write_text("")
    (pkg / "studios" / "services.py").write_text("")
    (pkg / "studios" / "selectors.py").write_text("from jiangxin.studios import services\n")
    config = tmp_path / ".importlinter"
    config.write_text(_without_ignores((ROOT / ".importlinter").read_text()))
    result = _lint(config, tmp_path)
    assert result.returncode != 0
    assert "jiangxin.core is not allowed to import jiangxin.studios" in result.stdout
    assert "jiangxin.studios.selectors is not allowed to import" in result.stdout
