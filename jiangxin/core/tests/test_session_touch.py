"""The idle timeout holds without writing the session on every request."""

import time
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jiangxin.core.middleware import SessionTouchMiddleware


def _session_writes(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return sum(
        1
        for q in ctx.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def test_session_touch_not_written_on_every_request(world):
    client = world.client(world.admin_a)
    url = reverse("core:home")
    client.get(url)  # the first touch
    assert _session_writes(client, url) == 0
    assert _session_writes(client, url) == 0


def test_session_touch_renews_the_expiry_after_a_minute(world):
    client = world.client(world.admin_a)
    url = reverse("core:home")
    client.get(url)
    session = client.session
    session[SessionTouchMiddleware.KEY] = int(time.time()) - 61
    session.save()
    before = Session.objects.get(session_key=session.session_key).expire_date
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=before - timedelta(minutes=5)
    )
    assert _session_writes(client, url) == 1
    after = Session.objects.get(session_key=session.session_key).expire_date
    assert after > timezone.now() + timedelta(minutes=29)


def test_session_touch_idle_session_still_ends(world):
    client = world.client(world.admin_a)
    client.get(reverse("core:home"))
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and "login" in response["Location"]
