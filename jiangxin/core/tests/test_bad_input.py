"""Bad query input answers 400 with what was wrong; pages for a signed-in user are never
cached (the meta-test `test_bad_input_meta.py` tries every list with crafted values)."""

import base64
import json

from django.urls import reverse

from jiangxin.core.pagination import INVALID_CURSOR


def _cursor(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def test_bad_input_cursor_of_wrong_type_is_400_saying_so(world):
    response = world.client(world.admin_a).get(reverse("studios:list"), {"cursor": _cursor(["x"])})
    assert response.status_code == 400
    assert str(INVALID_CURSOR) in response.content.decode()


def test_bad_input_cursor_out_of_range_is_400(world):
    response = world.client(world.admin_a).get(
        reverse("people:worker_list"), {"cursor": _cursor([10**30])}
    )
    assert response.status_code == 400


def test_bad_input_valid_cursor_still_pages(world):
    response = world.client(world.admin_a).get(reverse("studios:list"), {"cursor": _cursor([5])})
    assert response.status_code == 200


def test_bad_input_audit_date_names_the_field(world):
    response = world.client(world.auditor).get(
        reverse("core:audit_list"), {"date_from": "2024-99-99"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "2024-99-99" in body and "YYYY-MM-DD" in body


def test_bad_input_nul_in_query_is_400(world):
    response = world.client(world.admin_a).get(reverse("studios:list") + "?q=a%00b")
    assert response.status_code == 400


def test_private_cache_signed_in_pages_are_not_stored(world):
    response = world.client(world.admin_a).get(reverse("people:worker_list"))
    assert response["Cache-Control"] == "private, no-store"


def test_private_cache_public_pages_may_be_cached(client, db):
    response = client.get(reverse("showcase:studios"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_media_is_never_served_as_files(world, settings, tmp_path):
    """Not even under DEBUG: an upload's random name is not a permission."""
    from django.urls import clear_url_caches

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "abc.xlsx").write_bytes(b"PK secret")
    settings.DEBUG = True
    clear_url_caches()
    import importlib

    import jiangxin.urls

    importlib.reload(jiangxin.urls)
    try:
        response = world.client(world.admin_a).get("/media/imports/abc.xlsx")
        assert response.status_code == 404
    finally:
        settings.DEBUG = False
        importlib.reload(jiangxin.urls)
        clear_url_caches()
