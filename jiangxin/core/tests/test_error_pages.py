"""Branded 404 and 500 pages in the active language; the 500 page renders with no request
context and no database (DEBUG is off in the test settings)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import path


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]


def test_debug_is_off():
    assert settings.DEBUG is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "heading", "foreign"),
    [("zh-hans", "找不到该页面", "Page not found"), ("en", "Page not found", "找不到该页面")],
)
def test_404_page_is_branded_in_the_active_language(client, world, lang, heading, foreign):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    client.force_login(world.admin_a)
    response = client.get(f"/orgs/{world.ent_b.pk}/")  # a sibling's enterprise: 404
    assert response.status_code == 404
    html = response.content.decode()
    assert 'id="jx-404"' in html and heading in html and foreign not in html
    assert "匠心</title>" in html and 'class="jx-header"' in html  # the site's own shell
    assert world.ent_b.name not in html
    assert "http://" not in html and "https://" not in html  # no outside URL


@pytest.mark.django_db
def test_404_for_an_unknown_address_renders_logged_out(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到该页面" in html and 'href="/"' in html


@override_settings(ROOT_URLCONF="jiangxin.core.tests.test_error_pages")
@pytest.mark.parametrize(
    ("lang", "heading", "foreign"),
    [("zh-hans", "服务器出错", "Server error"), ("en", "Server error", "服务器出错")],
)
def test_500_page_renders_without_database_in_the_active_language(client, lang, heading, foreign):
    # No django_db mark: any database query here would fail the test.
    client.raise_request_exception = False
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert 'id="jx-500"' in html and heading in html and foreign not in html
    assert "匠心</title>" in html
    assert "boom" not in html and "Traceback" not in html  # nothing of the error leaks
    assert "http://" not in html and "https://" not in html


def test_500_template_needs_no_request_context():
    from django.template import loader

    html = loader.get_template("500.html").render()  # what Django's server_error does
    assert 'id="jx-500"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "heading", "foreign"),
    [
        ("zh-hans", "表单已失效", "The form has expired"),
        ("en", "The form has expired", "表单已失效"),
    ],
)
def test_csrf_failure_page_is_branded_in_the_active_language(lang, heading, foreign):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'id="jx-403-csrf"' in html and heading in html and foreign not in html
    assert "匠心</title>" in html and "CSRF verification failed" not in html


def test_400_page_needs_no_request_context():
    from django.template import loader
    from django.utils import translation

    with translation.override("zh-hans"):
        html = loader.get_template("400.html").render()
    assert 'id="jx-400"' in html and "请求有误" in html and "匠心</title>" in html


@pytest.mark.django_db
def test_403_page_is_branded(rf, world):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/")
    request.user = world.admin_a
    request.session = {}
    from django.utils import translation

    with translation.override("zh-hans"):
        response = permission_denied(request, PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403 and 'id="jx-403"' in html and "无权操作" in html
