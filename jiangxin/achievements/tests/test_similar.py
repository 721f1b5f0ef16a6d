"""Duplicate detection on submission: similar titles and descriptions, jieba-tokenised."""

import pytest
from django.urls import reverse

from jiangxin.achievements import selectors
from jiangxin.testing.people import make_worker

from .helpers import submit

pytestmark = pytest.mark.django_db

TITLES = [
    ("转炉炼钢终点碳温智能控制技术", "建立转炉终点碳含量与温度预报模型，提高一次命中率。"),
    ("高炉煤气余热回收利用装置", "回收高炉煤气余热用于发电。"),
    ("电力线路带电作业绝缘工具改进", "改进绝缘操作杆，减少停电检修。"),
    ("钢包快速周转工艺改进", "优化钢包热修与烘烤流程。"),
]


@pytest.fixture
def recorded(world):
    w = make_worker(world.ent_a, 1, name="栾军")
    return {
        title: submit(world.admin_a, world.ent_a, [w], title=title, description=text)
        for title, text in TITLES
    }


def _titles(found):
    return [a.title for a in found]


def test_similar_finds_the_near_duplicate_first(world, recorded):
    found = selectors.achievement_similar(world.admin_a, "一种转炉炼钢终点碳温度控制方法")
    assert _titles(found)[0] == "转炉炼钢终点碳温智能控制技术"
    assert "电力线路带电作业绝缘工具改进" not in _titles(found)
    assert 0 < found[0].similarity <= 1


def test_similar_uses_the_description_too(world, recorded):
    found = selectors.achievement_similar(
        world.admin_a, "带电作业工具", "绝缘操作杆改进，减少停电检修时间"
    )
    assert _titles(found)[0] == "电力线路带电作业绝缘工具改进"


def test_similar_ignores_unrelated_titles(world, recorded):
    assert selectors.achievement_similar(world.admin_a, "食堂就餐预约小程序") == []
    assert selectors.achievement_similar(world.admin_a, "") == []


def test_similar_is_scoped_and_excludes_itself(world, recorded):
    title = "转炉炼钢终点碳温智能控制技术"
    assert selectors.achievement_similar(world.admin_b, title) == []  # another enterprise
    assert _titles(selectors.achievement_similar(world.city_staff, title))[0] == title
    own = recorded[title]
    assert title not in _titles(
        selectors.achievement_similar(world.admin_a, title, exclude_pk=own.pk)
    )


def test_similar_panel_as_the_title_is_typed(world, recorded):
    client = world.client(world.admin_a)
    response = client.get(
        reverse("achievements:similar"), {"title": "钢包周转工艺"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "钢包快速周转工艺改进" in response.content.decode()
    page = client.get(reverse("achievements:submit")).content.decode()
    assert 'hx-get="/achievements/similar/"' in page and 'id="jx-similar"' in page
    assert world.client(world.worker_a).get(reverse("achievements:similar")).status_code == 404
