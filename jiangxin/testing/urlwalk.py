"""What the meta-tests walk: every named URL of the site, and each app's test declarations."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

import jiangxin


def named_urls(patterns=None, prefix: str = "") -> Iterator[tuple[str, object]]:
    """(namespaced name, pattern) of every named URL."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from named_urls(p.url_patterns, f"{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name, p.pattern


def has_parameter(pattern) -> bool:
    return "(?P<" in pattern.regex.pattern


def app_declarations(module: str, attribute: str) -> dict:
    """Merge `attribute` of `jiangxin.<app>.tests.<module>` over every app that has one."""
    found: dict = {}
    for app in pkgutil.iter_modules(jiangxin.__path__):
        try:
            mod = importlib.import_module(f"jiangxin.{app.name}.tests.{module}")
        except ModuleNotFoundError as exc:
            wanted = f"jiangxin.{app.name}.tests.{module}"
            if not exc.name or not wanted.startswith(exc.name):  # a real import error inside
                raise
            continue
        found.update(getattr(mod, attribute, {}))
    return found


def run_in_fresh_process(script: str, *, settings_module: str, data_dir) -> str:
    """Run `script` in a new Python process under `settings_module` (its own in-memory
    database, `data_dir` for files) and return what it printed, stdout then stderr."""
    import subprocess
    import sys

    from django.conf import settings

    result = subprocess.run(  # noqa: S603 (our own interpreter and script, in tests)
        [sys.executable, "-c", script],
        env={
            "DJANGO_SETTINGS_MODULE": settings_module,
            "PYTHONPATH": str(settings.BASE_DIR),
            "JX_DATA_DIR": str(data_dir),
            "PATH": "/usr/bin:/bin",
        },
        cwd=data_dir,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return result.stdout + result.stderr
