"""Walks the URLconf: every object URL (one with a path parameter) must be covered by a
cross-org test, listed in some app's tests/test_cross_org.py as CROSS_ORG_URLS."""

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import jiangxin

# URLs with parameters that are not org-owned objects.
NOT_OBJECT_URLS = {
    "admin:",  # Django admin: scoped by ScopedAdminMixin, staff only
    "set_language",
    "javascript-catalog",
    "documents:verify",  # public by design: a signed token, not an org-owned object
    "announcements:",  # 公示 pages and the objection form: public by design (no login)
}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{p.namespace}:" if p.namespace else prefix
            yield from _walk(p.url_patterns, ns if p.namespace else prefix)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name, p.pattern


def _object_url_names() -> set[str]:
    names = set()
    for name, pattern in _walk(get_resolver().url_patterns):
        if any(name.startswith(skip) for skip in NOT_OBJECT_URLS):
            continue
        regex = pattern.regex.pattern
        if "(?P<" in regex:
            names.add(name)
    return names


def _covered() -> set[str]:
    covered = set()
    for module in pkgutil.iter_modules(jiangxin.__path__):
        try:
            mod = importlib.import_module(f"jiangxin.{module.name}.tests.test_cross_org")
        except ModuleNotFoundError:
            continue
        covered |= set(mod.CROSS_ORG_URLS)
    return covered


def test_url_coverage_every_object_url_has_a_cross_org_test():
    missing = _object_url_names() - _covered()
    assert not missing, f"object URLs without a cross-org test: {sorted(missing)}"


def test_url_coverage_finds_object_urls():
    names = _object_url_names()
    assert "orgs:detail" in names
    assert "api:orgs_detail" in names
