#!/usr/bin/env python
"""Move every reference to a domain permission from core's `Perm` to its app's class.

Issue 10 moved each domain app's permission codes into `jiangxin/<app>/perms.py` (declared
with their roles in the app's `module.py`); `jiangxin.core.roles.Perm` keeps core's own.
This script rewrites `Perm.STUDIO_APPLY` into `StudioPerm.APPLY` (and so on, see RENAMES)
in every Python file of the project, adds `from jiangxin.<app>.perms import <Class>` next
to each import of `Perm`, lets ruff drop the `Perm` imports left unused and sort, and
deletes the old names from `core/roles.py` (the block between `# BEGIN old names` and
`# END old names`). Markdown files get the same renames (text only).

Idempotent: a second run changes nothing. Run from the repository root:

    .venv/bin/python scripts/rename_perms.py
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# old Perm attribute -> (app, class, new attribute)
RENAMES: dict[str, tuple[str, str, str]] = {
    "ORG_VIEW": ("orgs", "OrgPerm", "VIEW"),
    "ORG_MANAGE": ("orgs", "OrgPerm", "MANAGE"),
    "ORG_MOVE": ("orgs", "OrgPerm", "MOVE"),
    "USER_MANAGE": ("accounts", "AccountPerm", "USER_MANAGE"),
    "PII_UNMASK": ("people", "PeoplePerm", "PII_UNMASK"),
    "PEOPLE_VIEW": ("people", "PeoplePerm", "VIEW"),
    "PEOPLE_MANAGE": ("people", "PeoplePerm", "MANAGE"),
    "STUDIO_APPLY": ("studios", "StudioPerm", "APPLY"),
    "STUDIO_REVIEW": ("studios", "StudioPerm", "REVIEW"),
    "SELECTION_MANAGE": ("selection", "SelectionPerm", "MANAGE"),
    "SELECTION_NOMINATE": ("selection", "SelectionPerm", "NOMINATE"),
    "SELECTION_SCORE": ("selection", "SelectionPerm", "SCORE"),
    "ACHIEVEMENT_VIEW": ("achievements", "AchievementPerm", "VIEW"),
    "ACHIEVEMENT_MANAGE": ("achievements", "AchievementPerm", "MANAGE"),
    "ACHIEVEMENT_REVIEW": ("achievements", "AchievementPerm", "REVIEW"),
    "BENEFIT_CERTIFY": ("achievements", "AchievementPerm", "BENEFIT_CERTIFY"),
}

USE = re.compile(r"(?<![\w.])Perm\.(" + "|".join(RENAMES) + r")\b")
ROLES = ROOT / "jiangxin" / "core" / "roles.py"
OLD_BLOCK = re.compile(r"\n[ \t]*# BEGIN old names.*?# END old names\n", re.S)
SKIP = {Path(__file__).resolve()}
PY_DIRS = ("jiangxin", "tests", "bench", "scripts")


def _perm_imports(tree: ast.AST, path: Path) -> list[ast.ImportFrom]:
    """The `from … roles import Perm` statements of a file (absolute or relative)."""
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        absolute = node.level == 0 and node.module == "jiangxin.core.roles"
        relative = node.level > 0 and (node.module or "").endswith("roles")
        if (absolute or relative) and any(a.name == "Perm" and not a.asname for a in node.names):
            out.append(node)
    return out


def _imported_names(tree: ast.AST) -> set[str]:
    return {
        a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names
    }


def _perms_module(path: Path, app: str) -> str:
    """`.perms` (or `..perms` …) inside the app's own code, the absolute path elsewhere and
    in tests (the project's habit)."""
    parts = path.relative_to(ROOT).parts
    if parts[:2] == ("jiangxin", app) and "tests" not in parts:
        return "." * (len(parts) - 2) + "perms"
    return f"jiangxin.{app}.perms"


def rewrite_python(path: Path) -> bool:
    text = path.read_text()
    used = {RENAMES[m.group(1)] for m in USE.finditer(text)}
    if not used:
        return False
    tree = ast.parse(text)
    imports = _perm_imports(tree, path)
    if not imports:
        sys.exit(f"{path}: uses a domain Perm but imports Perm in a way this script does not know")
    new = USE.sub(lambda m: "{1}.{2}".format(*RENAMES[m.group(1)]), text)
    lines = new.splitlines(keepends=True)
    have = _imported_names(tree)
    classes = sorted({(app, cls) for app, cls, _attr in used if cls not in have})
    # Insert after each import of Perm, bottom-up so line numbers stay right.
    for node in sorted(imports, key=lambda n: n.end_lineno, reverse=True):
        indent = " " * node.col_offset
        added = [f"{indent}from {_perms_module(path, app)} import {cls}\n" for app, cls in classes]
        lines[node.end_lineno : node.end_lineno] = added
    path.write_text("".join(lines))
    return True


def rewrite_text(path: Path) -> bool:
    text = path.read_text()
    new = USE.sub(lambda m: "{1}.{2}".format(*RENAMES[m.group(1)]), text)
    if new == text:
        return False
    path.write_text(new)
    return True


def drop_old_names() -> bool:
    text = ROLES.read_text()
    new = OLD_BLOCK.sub("\n", text)
    if new == text:
        return False
    ROLES.write_text(new)
    return True


def main() -> int:
    changed: list[Path] = []
    py = [p for d in PY_DIRS for p in (ROOT / d).glob("**/*.py")] + list(ROOT.glob("*.py"))
    for path in sorted(py):
        if path in SKIP:
            continue
        if rewrite_python(path):
            changed.append(path)
    for path in sorted([*ROOT.glob("docs/**/*.md"), *ROOT.glob("*.md")]):
        rewrite_text(path)
    if drop_old_names():
        changed.append(ROLES)
    if not changed:
        print("rename_perms: nothing to do")
        return 0
    ruff = str(Path(sys.executable).with_name("ruff"))
    files = [str(p) for p in changed]
    # Our own ruff on our own files: no untrusted input.
    subprocess.run([ruff, "check", "--fix", "--select", "F401,I001", "-q", *files], check=False)  # noqa: S603
    subprocess.run([ruff, "format", "-q", *files], check=True)  # noqa: S603
    print(f"rename_perms: {len(changed)} files rewritten")
    left = subprocess.run([ruff, "check", "-q", *files], check=False)  # noqa: S603
    return left.returncode


if __name__ == "__main__":
    sys.exit(main())
