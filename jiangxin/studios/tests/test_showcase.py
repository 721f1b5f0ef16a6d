"""The public showcase: named studios only, consenting craftsmen only, never an ID number."""

import pytest
from django.test import Client
from django.urls import reverse

from jiangxin.people.crypto import pii_decrypt
from jiangxin.testing.people import make_worker

pytestmark = pytest.mark.django_db


def _no_id_numbers(body: str, *workers) -> None:
    for w in workers:
        assert pii_decrypt(w.id_cipher) not in body
        assert w.id_masked not in body
        assert w.id_masked[:6] + "*" not in body


def test_showcase_lists_named_studios_only_without_login(cast):
    w = cast.world
    named = cast.named()
    pending_leader = make_worker(w.ent_a, 8, name="冯十一")
    pending = cast.apply(pending_leader)
    client = Client()
    body = client.get(reverse("showcase:studios")).content.decode()
    assert named.name in body and pending.name not in body
    _no_id_numbers(body, cast.leader_a, pending_leader)
    detail = client.get(reverse("showcase:studio", args=[named.pk]))
    text = detail.content.decode()
    assert detail.status_code == 200
    assert "栾军" in text and w.ent_a.name in text and "炼钢工艺" in text
    assert detail.context["studio"].member_count == 1
    assert detail.context["studio"].achievement_count == 0
    _no_id_numbers(text, cast.leader_a)
    assert client.get(reverse("showcase:studio", args=[pending.pk])).status_code == 404


def test_showcase_hides_a_revoked_studio(cast):
    from jiangxin.studios import services

    studio = cast.named()
    services.studio_revoke(actor=cast.world.province_admin, studio=studio, reason="不合格")
    assert Client().get(reverse("showcase:studio", args=[studio.pk])).status_code == 404


def test_showcase_craftsman_only_with_consent(cast):
    studio = cast.named()
    client = Client()
    url = reverse("showcase:craftsman", args=[cast.leader_a.pk])
    assert client.get(url).status_code == 404  # no consent yet
    detail = client.get(reverse("showcase:studio", args=[studio.pk])).content.decode()
    assert url not in detail  # no link to a profile that is not public
    type(cast.leader_a).objects.filter(pk=cast.leader_a.pk).update(
        showcase_consent=True, bio="三十年炼钢", mobile="13912345678"
    )
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "栾军" in body and "齐鲁工匠" in body and studio.name in body and "三十年炼钢" in body
    assert "13912345678" not in body
    _no_id_numbers(body, cast.leader_a)
    assert url in client.get(reverse("showcase:studio", args=[studio.pk])).content.decode()


def test_showcase_list_query_count_is_fixed(cast, django_assert_max_num_queries):
    w = cast.world
    client = Client()
    cast.named()
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("showcase:studios"))
    for i in range(6):
        cast.named(make_worker(w.ent_a, 400 + i, name=f"名匠{i}"))
    with django_assert_max_num_queries(6) as many:
        response = client.get(reverse("showcase:studios"))
    assert len(response.context["page"].items) == 7
    assert len(few.captured_queries) == len(many.captured_queries)
