"""Pickers in the browser, from the demo seed and in Chinese: rizhao_steel_admin adds a
completer to one of 日照钢铁's achievements by typing part of a worker's name and picking
the worker with the arrow keys and Enter — no ID number, no mouse."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from jiangxin.achievements.enums import AchievementStatus
from jiangxin.achievements.models import Achievement
from jiangxin.people.models import Worker

pytestmark = pytest.mark.browser
STEEL = "日照钢铁控股集团有限公司"
DEMO_PASSWORD = "Jiangxin-2026"


@pytest.fixture
def demo(transactional_db, live_server):
    from jiangxin.people.honour_types import HONOUR_TYPES
    from jiangxin.studios.tests.helpers import honour_type

    for row in HONOUR_TYPES:  # a data migration's rows: an earlier flush removed them
        honour_type(row[0])
    call_command("seed", "--preset", "demo", "--quiet-logins")


def test_picker_adds_a_completer_with_the_keyboard_in_chinese(demo, browser_session, tmp_path):
    achievement = (  # one the enterprise may still change (not accepted yet)
        Achievement.objects.filter(enterprise__name=STEEL)
        .exclude(status=AchievementStatus.ACCEPTED)
        .order_by("pk")
        .first()
    )
    taken = set(achievement.completers.values_list("worker_id", flat=True))
    worker = (
        Worker.objects.filter(employer__name=STEEL).exclude(pk__in=taken).order_by("pk").first()
    )
    namesakes = Worker.objects.filter(
        employer__path__startswith=achievement.enterprise.path, name__startswith=worker.name[0]
    ).order_by("name", "pk")
    position = list(namesakes.values_list("pk", flat=True)[:20]).index(worker.pk)

    s = browser_session()
    s.goto(f"/achievements/{achievement.pk}/completers/")
    s.login("rizhao_steel_admin", DEMO_PASSWORD)
    page = s.page
    assert s.html_lang() == "zh-hans"
    expect(page.locator("label[for=id_completers-search]")).to_contain_text("完成人")
    rows = page.locator("#id_completers-chosen li")
    expect(rows).to_have_count(len(taken))  # the current completers, by name

    box = page.locator("#id_completers-search")
    box.click()
    box.press_sequentially(worker.name[0], delay=30)  # part of the name
    options = page.locator("#id_completers-list li[role=option]")
    expect(options.first).to_be_visible()
    expect(options.nth(position)).to_contain_text(worker.name)
    expect(options.nth(position)).to_contain_text(worker.id_masked)  # masked, never the full ID
    for _ in range(position):
        box.press("ArrowDown")
    expect(options.nth(position)).to_have_attribute("aria-selected", "true")
    page.screenshot(path=str(tmp_path / "picker.png"))
    box.press("Enter")
    expect(rows).to_have_count(len(taken) + 1)
    expect(rows.last).to_contain_text(worker.name)
    expect(page.locator("#id_completers-list")).to_be_hidden()

    s.submit(lambda: page.click("#jx-form button[type=submit]"))
    assert s.path() == f"/achievements/{achievement.pk}/"
    order = list(achievement.completers.order_by("order").values_list("worker_id", flat=True))
    assert order[-1] == worker.pk and set(order[:-1]) == taken
    expect(page.locator("#jx-completers")).to_contain_text(worker.name)
    s.assert_clean()
