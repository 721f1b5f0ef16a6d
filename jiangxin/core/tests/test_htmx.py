import pytest

pytestmark = pytest.mark.django_db


def test_htmx_form_post_redirect_becomes_client_redirect(world):
    from django.urls import reverse

    from jiangxin.testing.people import resident_id

    response = world.client(world.admin_a).post(
        reverse("people:worker_create"),
        {
            "name": "张工",
            "resident_id": resident_id(9),
            "employer": world.ent_a.pk,
            "first_line": "on",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/people/")
    plain = world.client(world.admin_a).post(
        reverse("people:worker_create"),
        {
            "name": "李工",
            "resident_id": resident_id(10),
            "employer": world.ent_a.pk,
            "first_line": "on",
        },
    )
    assert plain.status_code == 302
