"""The home page's to-do list, in a real headless Chromium: the provincial federation
admin, in Chinese, sees the official calendar running out and a studio waiting for the
province's review, with counts; following the links opens the review list and the
calendar year to enter."""

import datetime
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jiangxin.studios import services as studio_services
from jiangxin.studios.enums import ReviewDecision
from jiangxin.studios.tests.helpers import honour
from jiangxin.testing.people import make_worker
from jiangxin.testing.world import PASSWORD

pytestmark = pytest.mark.browser
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def waiting_at_province(world, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    leader = make_worker(world.ent_a, 1, name="韩匠", occupation="炼钢工", first_line=True)
    honour(leader, "qilu-craftsman", 2021)
    studio = studio_services.studio_apply(
        actor=world.admin_a,
        leader=leader,
        host=world.ent_a,
        name="韩匠创新工作室",
        field="炼钢工艺",
        level="provincial",
        established_on=date(2019, 5, 1),
    )
    for reviewer in (world.admin_a, world.city_staff):
        studio_services.studio_review(
            actor=reviewer, studio=studio, decision=ReviewDecision.APPROVE, comment="同意"
        )
    return studio


def test_province_admin_works_through_the_home_todo_list(
    world, waiting_at_province, browser_session
):
    s = browser_session()
    s.login(world.province_admin.username, PASSWORD)
    s.goto("/")
    assert s.html_lang() == "zh-hans"
    todo = s.page.locator("#jx-todo")
    expect(todo).to_contain_text("待办事项")
    expect(todo).to_contain_text("2027年法定节假日日历尚未录入")
    review = todo.locator("li", has_text="待您审核的工作室申报")
    expect(review.locator(".jx-count")).to_have_text("1")
    s.page.screenshot(path="/tmp/jx-home-todo.png", full_page=True)

    s.submit(lambda: review.locator("a").click())
    assert s.path() == "/studios/?todo=1"
    expect(s.page.locator("main")).to_contain_text("韩匠创新工作室")

    s.goto("/")
    s.submit(lambda: todo.locator("a", has_text="2027").click())
    assert s.path() == "/calendar/?year=2027"
    expect(s.page.locator("#jx-cal-status")).to_contain_text("尚未录入")
    expect(s.page.locator("#jx-cal-import")).to_be_visible()
    s.page.screenshot(path="/tmp/jx-calendar-2027.png", full_page=True)


@pytest.fixture
def demo(transactional_db, live_server, monkeypatch):
    from django.core.management import call_command

    from jiangxin.people.honour_types import HONOUR_TYPES
    from jiangxin.studios.tests.helpers import honour_type

    for row in HONOUR_TYPES:  # a transactional test's flush removed the migration's rows
        honour_type(row[0])
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    call_command("seed", "--preset", "demo", "--quiet-logins")


def test_demo_roles_see_their_todo_lists(demo, browser_session):
    from jiangxin.accounts.demo import DEMO_PASSWORD

    s = browser_session()
    s.login("province_admin", DEMO_PASSWORD)
    s.goto("/")
    todo = s.page.locator("#jx-todo")
    expect(todo).to_contain_text("2027年法定节假日日历尚未录入")
    # The demo's studio whose 公示 has ended waits for the province to name it.
    ready = todo.locator("li", has_text="公示期已满、待命名的工作室")
    expect(ready.locator(".jx-count")).to_have_text("2")  # 王树国 (provincial), 许振超 (Qingdao)
    s.submit(lambda: ready.locator("a").click())
    s.submit(lambda: s.page.get_by_role("link", name="王树国创新工作室").click())
    expect(s.page.locator("#jx-name")).to_be_visible()  # the province names it

    worker = browser_session()
    worker.login("worker_luan", DEMO_PASSWORD)
    worker.goto("/")
    expect(worker.page.locator("#jx-todo")).to_contain_text("您目前没有待办事项。")
