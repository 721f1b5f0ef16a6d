"""An announced studio whose 公示 runs into a year without an official holiday schedule
says that its period was counted Monday to Friday."""

from datetime import date

import pytest
from django.urls import reverse

from jiangxin.studios.models import Studio

pytestmark = pytest.mark.django_db


def test_studio_page_warns_when_its_announcement_was_counted_on_weekdays(cast):
    w = cast.world
    studio = cast.announce(cast.apply())
    client = w.client(w.province_admin)
    page = client.get(reverse("studios:detail", args=[studio.pk])).content.decode()
    if studio.announce_until.year <= 2026:
        assert "jx-calendar-warning" not in page
    Studio.objects.filter(pk=studio.pk).update(
        announced_on=date(2026, 12, 28), announce_until=date(2027, 1, 1)
    )
    page = client.get(reverse("studios:detail", args=[studio.pk])).content.decode()
    assert "jx-calendar-warning" in page
    assert "2027年的法定节假日安排尚未录入" in page
