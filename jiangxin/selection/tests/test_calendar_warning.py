"""The announcement page says when a 公示 period was (or would be) counted Monday to
Friday because its year has no official holiday schedule yet."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ..models import Announcement
from .factories import make_campaign, to_announcement

pytestmark = pytest.mark.django_db


def test_announcement_page_warns_about_a_fallback_period(world, workday_today):
    campaign = make_campaign(world)
    announcement = to_announcement(world, campaign)
    client = world.client(world.city_staff)
    client.cookies["jx_language"] = "en"
    url = reverse("selection:announcement", args=[campaign.pk])
    assert "jx-calendar-warning" not in client.get(url).content.decode()  # 2024: known
    Announcement.objects.filter(pk=announcement.pk).update(
        starts_on=datetime.date(2027, 1, 4), ends_on=datetime.date(2027, 1, 8)
    )
    page = client.get(url).content.decode()
    assert "jx-calendar-warning" in page
    assert "2027" in page and "Monday to Friday" in page


def test_announcement_form_warns_before_opening_a_fallback_period(world, monkeypatch):
    from .. import services
    from .factories import full_scores, to_review

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2024, 9, 27))
    campaign = make_campaign(world)
    to_review(world, campaign)
    full_scores(campaign, [[90, 90, 45], [80, 80, 40], [70, 70, 35], [60, 60, 30]])
    services.campaign_close_review(actor=world.city_staff, campaign=campaign)
    client = world.client(world.city_staff)
    url = reverse("selection:announcement", args=[campaign.pk])
    assert "jx-calendar-warning" not in client.get(url).content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 12, 28))
    page = client.get(url).content.decode()
    assert "sel-open-announcement" in page
    assert "2027年的法定节假日安排尚未录入" in page
