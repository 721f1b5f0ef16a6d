"""The runtime half of fail-closed data access (jiangxin/core/scoping.py): an org-owned
queryset evaluated in the read layer without a scope raises `UnscopedQuery`."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.template import Context, Template

from jiangxin.core.access import get_scoped_or_404, owned_by, scoped
from jiangxin.core.scoping import (
    ScopeGuardMixin,
    UnscopedQuery,
    org_owned_labels,
)
from jiangxin.orgs.models import Org
from jiangxin.testing.people import make_worker

pytestmark = pytest.mark.django_db

PROBE = """
from jiangxin.accounts.models import User
from jiangxin.core.access import scoped
from jiangxin.core.scoping import system_access
from jiangxin.orgs.models import Org
from jiangxin.people.models import Worker


def forgotten(user):
    return list(Worker.objects.all())


def forgotten_count(user):
    return Worker.objects.filter(name__startswith="x").count()


def forgotten_get(user, pk):
    return Worker.objects.get(pk=pk)


def forgotten_exists(user):
    return Worker.objects.exists()


def forgotten_values(user):
    return list(Worker.objects.values_list("name", flat=True))


def with_scope(user):
    return list(scoped(Worker.objects.all(), user, "employer").order_by("pk"))


def with_marker(user):
    return Worker.objects.unscoped("a probe").count()


def related(user):
    org = scoped(Org.objects.all(), user, None).get(pk=user.home_org_id)
    return [list(user.role_assignments.all()), list(org.workers.all())]


def by_parent(user, org):
    return Worker.objects.filter(employer=org).count()


def excluding_parent(user, org):
    return Worker.objects.exclude(employer=org).count()


def by_page(user, items):
    return Worker.objects.filter(employer__in=items).count()


def system(user):
    with system_access("a probe"):
        return Worker.objects.count()
"""


def probe(module: str) -> dict:
    namespace = {"__name__": module}
    exec(compile(PROBE, f"<{module}>", "exec"), namespace)  # noqa: S102 (our own text)
    return namespace


@pytest.fixture
def view(world):
    make_worker(world.ent_a, 1)
    make_worker(world.ent_b, 2)
    return probe("jiangxin.people.views_probe")


@pytest.mark.parametrize(
    "name", ["forgotten", "forgotten_count", "forgotten_exists", "forgotten_values"]
)
def test_scoping_forgotten_scope_in_a_view_raises(world, view, name):
    with pytest.raises(UnscopedQuery, match="people.Worker"):
        view[name](world.admin_a)


def test_scoping_forgotten_scope_by_id_raises(world, view):
    other = make_worker(world.ent_b, 3)
    with pytest.raises(UnscopedQuery):
        view["forgotten_get"](world.admin_a, other.pk)


def test_scoping_scoped_passes(world, view):
    assert [w.employer_id for w in view["with_scope"](world.admin_a)] == [world.ent_a.pk]


def test_scoping_get_scoped_or_404_and_owned_by_pass(world):
    from jiangxin.people.models import Worker

    worker = make_worker(world.ent_a, 4)
    ns = probe("jiangxin.people.selectors_probe")
    ns["Worker"] = Worker
    assert get_scoped_or_404(Worker.objects.all(), world.admin_a, "employer", pk=worker.pk)
    from jiangxin.core.models_tasks import TaskProgress

    assert list(owned_by(TaskProgress.objects.all(), world.admin_a, "owner")) == []


def test_scoping_unscoped_marker_passes(world, view):
    assert view["with_marker"](world.admin_a) == 2


def test_scoping_unscoped_needs_a_reason():
    from jiangxin.people.models import Worker

    with pytest.raises(ValueError, match="reason"):
        Worker.objects.unscoped("")


def test_scoping_related_manager_of_a_scoped_object_passes(world, view):
    roles, workers = view["related"](world.admin_a)
    assert len(roles) == 1
    assert [w.employer_id for w in workers] == [world.ent_a.pk]


def test_scoping_filter_by_a_fetched_parent_passes_exclude_does_not(world, view):
    assert view["by_parent"](world.admin_a, world.ent_a) == 1
    with pytest.raises(UnscopedQuery):
        view["excluding_parent"](world.admin_a, world.ent_a)


@pytest.mark.parametrize(
    "module",
    [
        "jiangxin.people.management.commands.probe",
        "jiangxin.core.tasks",
        "jiangxin.people.services",
        "jiangxin.studios.services.review",
        "jiangxin.people.seeding",
    ],
)
def test_scoping_system_code_passes(world, module):
    """Commands, workers, services and seeding read without a marker."""
    make_worker(world.ent_a, 5)
    assert probe(module)["forgotten_count"](None) == 0
    assert len(probe(module)["forgotten"](None)) == 1


def test_scoping_system_access_passes_in_the_read_layer(world, view):
    assert view["system"](world.admin_a) == 2


@pytest.mark.parametrize(
    "module",
    [
        "jiangxin.people.api",
        "jiangxin.people.selectors",
        "jiangxin.people.forms",
        "jiangxin.people.pickers",
        "jiangxin.selection.todo",
        "jiangxin.selection.views.review",
        "jiangxin.achievements.templatetags.achievement_tags",
        "jiangxin.people.admin",
        "jiangxin.newmodule.views",  # a module nobody registered
    ],
)
def test_scoping_every_read_layer_module_is_strict(world, view, module):
    with pytest.raises(UnscopedQuery):
        probe(module)["forgotten"](world.admin_a)


def test_scoping_a_template_evaluating_an_unscoped_queryset_raises(world, view):
    from jiangxin.people.models import Worker

    template = Template("{% for w in workers %}{{ w.name }}{% endfor %}")
    with pytest.raises(UnscopedQuery):
        template.render(Context({"workers": Worker.objects.all()}))
    scoped_qs = scoped(Worker.objects.all(), world.admin_a, "employer")
    assert template.render(Context({"workers": scoped_qs})) != ""


def test_scoping_a_forgotten_scope_in_a_real_view_is_a_failure_not_a_leak(world, rf):
    """Through Django's request handling, the same read is refused."""
    from jiangxin.people.models import Worker

    ns = probe("jiangxin.people.views_probe2")
    make_worker(world.ent_b, 6)
    request = rf.get("/")
    request.user = world.admin_a
    with pytest.raises(UnscopedQuery):
        ns["forgotten"](request.user)
    assert Worker.objects.unscoped("the test's own check").count() == 1


def test_scoping_org_owned_is_computed_from_the_keys():
    owned = org_owned_labels()
    for label in (
        "orgs.Org",
        "people.Worker",  # employer
        "studios.Studio",  # host
        "studios.StudioMember",  # -> Studio
        "achievements.Completer",  # -> Achievement -> enterprise
        "selection.Entry",
        "selection.Investigation",  # -> Objection -> Announcement -> Campaign -> org
        "accounts.ApiToken",  # -> User -> home_org
    ):
        assert label in owned, label
    for label in (
        "people.HonourType",
        "core.OfficialDay",
        "core.OfficialYear",
        "studios.NamingRule",
        "core.SearchDocument",
    ):
        assert label not in owned, label


def test_scoping_every_org_owned_manager_is_guarded():
    for model in apps.get_models():
        guarded = model._meta.label in org_owned_labels()
        for manager in model._meta.managers:
            qs = manager.get_queryset()
            assert isinstance(qs, ScopeGuardMixin) is guarded, (
                model._meta.label,
                manager.name,
            )


def test_scoping_an_empty_queryset_passes(world, view):
    ns = probe("jiangxin.people.views_probe3")
    assert list(ns["Worker"].objects.none()) == []


def test_scoping_filter_by_a_page_of_instances_passes_even_empty(world, view):
    """`employer__in=page.items` ties the rows to what the caller holds; an empty page
    (no rows to tie to) matches nothing and must not raise either."""
    orgs = list(scoped(Org.objects.all(), world.admin_a, None))
    assert view["by_page"](world.admin_a, orgs) == 1
    assert view["by_page"](world.admin_a, []) == 0
