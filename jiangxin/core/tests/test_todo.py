"""The home page's to-do list: the registry, core's own items (failed imports), the
empty state, and both languages."""

import pytest
from django.urls import reverse
from django.utils import translation

from jiangxin.core import todo
from jiangxin.core.models import TaskProgress
from jiangxin.core.todo import TodoItem, register_todo, todo_items

pytestmark = pytest.mark.django_db


def _import_job(user, *, ok: bool, name="people.workers", state=TaskProgress.State.DONE):
    return TaskProgress.objects.create(
        owner=user,
        kind="import",
        title="导入",
        state=state,
        params={"name": name},
        result={"ok": ok},
    )


def test_todo_registry_sorts_by_severity_and_drops_zero_counts(world, monkeypatch):
    monkeypatch.setattr(todo, "SOURCES", {})

    @register_todo
    def source(user, scope):
        return [
            TodoItem("b info", 2, "/b"),
            TodoItem("zero", 0, "/z"),
            TodoItem("a danger", 1, "/a", severity="danger"),
            TodoItem("notice", None, "/n", severity="warning"),
        ]

    register_todo(source)  # registering twice keeps one
    assert [i.label for i in todo_items(world.worker_a)] == ["a danger", "notice", "b info"]
    assert todo_items(world.outsider) == []  # no role, nothing asked


def test_todo_failed_imports_are_the_users_own_until_one_goes_through(world):
    _import_job(world.admin_a, ok=False)
    latest = _import_job(
        world.admin_a, ok=False, name="people.honours", state=TaskProgress.State.FAILED
    )
    _import_job(world.admin_b, ok=False)
    with translation.override("en"):
        items = {str(i.label): i for i in todo_items(world.admin_a)}
    item = items["Imports that failed (last 30 days)"]
    assert item.count == 2 and item.severity == "danger"
    assert item.url == reverse("core:job_detail", args=[latest.pk])
    assert not any("Imports" in str(i.label) for i in todo_items(world.city_staff))
    _import_job(world.admin_a, ok=True)  # the workers went in at last
    with translation.override("en"):
        (item,) = [i for i in todo_items(world.admin_a) if "Imports" in str(i.label)]
    assert item.count == 1


def test_home_empty_state_in_both_languages(world):
    client = world.client(world.worker_a)
    page = client.get(reverse("core:home")).content.decode()
    assert "您目前没有待办事项。" in page and "待办事项" in page
    client.cookies["jx_language"] = "en"
    page = client.get(reverse("core:home")).content.decode()
    assert "Nothing waits for you." in page


def test_home_lists_items_with_count_and_link(world):
    job = _import_job(world.admin_a, ok=False)
    page = world.client(world.admin_a).get(reverse("core:home")).content.decode()
    assert 'class="jx-todo"' in page
    assert '<span class="jx-count">1</span>' in page
    assert "导入失败（近30天）" in page
    assert reverse("core:job_detail", args=[job.pk]) in page
