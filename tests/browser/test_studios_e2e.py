"""The studio's main path, in a real headless Chromium: an enterprise union applies for a
studio led by one of its craftsmen, its union, the city federation and the provincial
federation approve in turn, the announcement ends, the province names it, and the public
showcase shows it (without any ID number). The creation-rate chart draws offline."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jiangxin.studios.models import Studio
from jiangxin.studios.tests.helpers import honour
from jiangxin.testing.people import make_worker, resident_id
from jiangxin.testing.world import PASSWORD

pytestmark = pytest.mark.browser

NAME = "韩匠创新工作室"


def _submit_form(s):
    return s.submit(lambda: s.page.click("#jx-form button[type=submit]"))


def _approve(s, studio_pk: int) -> None:
    s.goto(f"/studios/{studio_pk}/")
    s.submit(lambda: s.page.click("#jx-review"))
    s.page.check("input[name=decision][value=approve]")
    s.page.fill("textarea[name=comment]", "同意推荐")
    response = _submit_form(s)
    assert response.status == 200
    assert s.path() == f"/studios/{studio_pk}/"


def test_studio_goes_from_application_to_the_showcase(world, browser_session):
    leader = make_worker(world.ent_a, 1, name="韩匠", occupation="炼钢工", first_line=True)
    honour(leader, "qilu-craftsman", 2021)

    # The enterprise union applies (the host's credit code is filled in for it).
    admin = browser_session()
    admin.login(world.admin_a.username, PASSWORD)
    admin.goto("/studios/")
    admin.submit(lambda: admin.page.click("#jx-studio-apply"))
    page = admin.page
    expect(page.locator("input[name=host]")).to_have_value(str(world.ent_a.pk))
    expect(page.locator("#id_host-search")).to_have_value(world.ent_a.name)
    admin.pick("leader", "韩")
    page.fill("input[name=name]", NAME)
    page.fill("input[name=field]", "炼钢工艺")
    page.select_option("select[name=level]", "provincial")
    page.fill("input[name=established_on]", "2019-05-01")
    page.fill("input[name=space_m2]", "150")
    _submit_form(admin)
    studio = Studio.objects.get(name=NAME)
    assert admin.path() == f"/studios/{studio.pk}/"
    expect(page.locator("#jx-studio-facts")).to_contain_text("韩匠")
    expect(page.locator("#jx-members")).to_contain_text("韩匠")

    # Up the review path: the enterprise union, the city, the province.
    _approve(admin, studio.pk)
    studio.refresh_from_db()
    assert studio.status == "under_review" and studio.stage_org_id == world.city.pk
    expect(page.locator("#jx-review")).to_have_count(0)  # not the enterprise's turn now

    city = browser_session()
    city.login(world.city_staff.username, PASSWORD)
    _approve(city, studio.pk)
    province = browser_session()
    province.login(world.province_admin.username, PASSWORD)
    _approve(province, studio.pk)
    studio.refresh_from_db()
    assert studio.status == "announced" and studio.announce_until >= timezone.localdate()
    expect(province.page.locator("#jx-name")).to_have_count(0)  # the announcement runs

    # The announcement period is over (shortened for the test); the province names it.
    Studio.objects.filter(pk=studio.pk).update(
        announce_until=timezone.localdate() - timedelta(days=1)
    )
    province.goto(f"/studios/{studio.pk}/")
    province.submit(lambda: province.page.click("#jx-name"))
    province.page.fill("input[name=document_number]", "鲁工发〔2026〕21号")
    province.page.fill("input[name=unveiled_on]", "2026-06-01")
    province.page.select_option("select[name=level]", "provincial")
    _submit_form(province)
    assert province.path() == f"/studios/{studio.pk}/"
    studio.refresh_from_db()
    assert studio.status == "named" and studio.certificate_id is not None
    expect(province.page.locator("#jx-studio-facts")).to_contain_text("鲁工发〔2026〕21号")

    # The creation-rate chart draws (ECharts served locally, no inline script).
    province.goto("/studios/creation-rate/")
    expect(province.page.locator("#jx-rate-chart svg")).to_be_visible()
    expect(province.page.locator("#jx-rate")).to_have_text("100.0%")

    # The public showcase: no login, the studio is there, no ID number anywhere.
    public = browser_session()
    public.goto("/showcase/studios/")
    public.submit(lambda: public.page.get_by_role("link", name=NAME).click())
    assert public.path() == f"/showcase/studios/{studio.pk}/"
    facts = public.page.locator("#jx-showcase-facts")
    expect(facts).to_contain_text("韩匠")
    expect(facts).to_contain_text(world.ent_a.name)
    html = public.page.content()
    assert resident_id(1, birth=leader.birth_date) not in html
    assert leader.id_masked not in html

    for session in (admin, city, province, public):
        session.assert_clean()
