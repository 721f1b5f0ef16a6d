"""Admin pages: studios read-only and scoped; naming rules and targets edited by
superusers only."""

import pytest
from django.urls import reverse

from jiangxin.accounts.models import User
from jiangxin.studios.models import NamingRule
from jiangxin.testing.world import login_past_second_factor

pytestmark = pytest.mark.django_db

MODELS = [
    "studio",
    "studiomember",
    "studioreview",
    "studioquarterlyreport",
    "studioassessment",
    "namingrule",
    "creationratetarget",
]


def test_admin_pages_open_for_a_superuser(cast, client):
    cast.named()
    root = User.objects.create_superuser(username="root", password="Test-pass-2026")
    login_past_second_factor(client, root)
    for model in MODELS:
        assert client.get(reverse(f"admin:studios_{model}_changelist")).status_code == 200
    response = client.post(
        reverse("admin:studios_namingrule_add"),
        {
            "code": "min-members",
            "description": "成员不少于5人",
            "kind": "min_members",
            "params": '{"count": 5}',
            "level": "",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert NamingRule.objects.get(code="min-members").params == {"count": 5}
    bad = client.post(
        reverse("admin:studios_namingrule_add"),
        {"code": "bad", "description": "x", "kind": "min_members", "params": "{}", "active": "on"},
    )
    assert bad.status_code == 200 and not NamingRule.objects.filter(code="bad").exists()


def test_admin_staff_sees_own_studios_read_only(cast, client):
    from datetime import date

    from jiangxin.studios import services

    w = cast.world
    mine = cast.apply()
    theirs = services.studio_apply(
        actor=w.admin_b,
        host=w.ent_b,
        leader=cast.worker_b,
        name="李四创新工作室",
        field="电力",
        level="city",
        established_on=date(2020, 1, 1),
    )
    User.objects.filter(pk=w.admin_a.pk).update(is_staff=True)
    from django.contrib.auth.models import Permission

    staff = User.objects.get(pk=w.admin_a.pk)
    staff.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="studios", codename__startswith="view_")
    )
    client.force_login(staff)
    body = client.get(reverse("admin:studios_studio_changelist")).content.decode()
    assert mine.name in body and theirs.name not in body
    assert client.get(reverse("admin:studios_namingrule_add")).status_code == 403
    assert client.get(reverse("admin:studios_studio_change", args=[theirs.pk])).status_code == 302
