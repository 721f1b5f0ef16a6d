import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from jiangxin.core.models import AuditEvent
from jiangxin.orgs import selectors, services
from jiangxin.orgs.models import Org
from jiangxin.testing.exports import export_get
from jiangxin.testing.factories import OrgFactory, make_uscc

pytestmark = pytest.mark.django_db


def test_org_list_shows_scope_root_then_drills_down(world):
    client = world.client(world.city_staff)
    top = client.get(reverse("orgs:list")).content.decode()
    assert world.city.name in top and world.province.name not in top
    below = client.get(reverse("orgs:list"), {"parent": world.county.pk}).content.decode()
    assert world.ent_a.name in below and world.ent_b.name in below
    assert world.branch_a1.name not in below  # only direct children


def test_org_list_search_finds_in_subtree_only(world):
    client = world.client(world.city_staff)
    body = client.get(reverse("orgs:list"), {"q": "有限公司"}).content.decode()
    assert world.ent_a.name in body and world.ent_b.name in body
    assert world.ent_c.name not in body  # other city
    by_code = client.get(reverse("orgs:list"), {"q": world.ent_b.uscc}).content.decode()
    assert world.ent_b.name in by_code and world.ent_a.name not in by_code


def test_org_list_htmx_filter_returns_rows_only(world):
    client = world.client(world.province_admin)
    response = client.get(
        reverse("orgs:list"), {"q": "钢铁"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="org-results"
    )
    body = response.content.decode()
    assert "<html" not in body and world.ent_a.name in body


def test_org_list_query_count_is_fixed(world, django_assert_max_num_queries):
    client = world.client(world.province_admin)
    for i in range(3):
        OrgFactory.under(world.county, name=f"小企业{i}")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("orgs:list"), {"parent": world.county.pk})
    for i in range(40):
        OrgFactory.under(world.county, name=f"大企业{i:02d}")
    with django_assert_max_num_queries(12) as many:
        client.get(reverse("orgs:list"), {"parent": world.county.pk})
    assert len(few.captured_queries) == len(many.captured_queries)


def test_org_list_keyset_pages_through_all_children(world):
    for i in range(60):
        OrgFactory.under(world.county, name=f"批量企业{i:02d}")
    seen, cursor = [], None
    while True:
        page = selectors.org_list(world.province_admin, parent=world.county, cursor=cursor, size=25)
        seen += [o.pk for o in page.items]
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == 62


def test_org_detail_shows_breadcrumb_within_scope(world):
    body = (
        world.client(world.admin_a)
        .get(reverse("orgs:detail", args=[world.branch_a1.pk]))
        .content.decode()
    )
    assert world.ent_a.name in body
    assert world.county.name not in body  # above admin_a's scope: not in the breadcrumb


def test_org_create_adds_child_and_audits(world):
    client = world.client(world.province_admin)
    response = client.post(
        reverse("orgs:create", args=[world.county.pk]),
        {
            "name": "新建机械有限公司",
            "kind": "enterprise",
            "uscc": make_uscc("370102", 77),
            "region_code": "370102",
            "industry": "C",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    org = Org.objects.get(name="新建机械有限公司")
    assert Org.objects.get_parent(org).pk == world.county.pk
    assert AuditEvent.objects.filter(
        action="org.create", object_id=str(org.pk), username="province_admin"
    ).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {
                "name": "坏企业",
                "kind": "enterprise",
                "uscc": "91370102000000000X",
                "region_code": "370102",
            },
            "uscc",
        ),
        ({"name": "无码企业", "kind": "enterprise", "uscc": "", "region_code": "370102"}, "uscc"),
        (
            {
                "name": "坏区划",
                "kind": "enterprise",
                "uscc": make_uscc("370102", 5),
                "region_code": "99",
            },
            "region_code",
        ),
        (
            {
                "name": "",
                "kind": "enterprise",
                "uscc": make_uscc("370102", 6),
                "region_code": "370102",
            },
            "name",
        ),
    ],
)
def test_org_create_bad_input_names_field_and_changes_nothing(world, data, field):
    before = Org.objects.count()
    response = world.client(world.province_admin).post(
        reverse("orgs:create", args=[world.county.pk]), data
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Org.objects.count() == before


def test_org_create_wrong_kind_under_parent_rejected(world):
    with pytest.raises(ValidationError) as exc:
        services.org_create(
            actor=world.province_admin,
            parent=world.ent_a,
            name="市总",
            kind="municipal",
            region_code="370100",
        )
    assert "kind" in exc.value.error_dict


def test_org_create_inline_validation_returns_field_message(world):
    response = world.client(world.province_admin).post(
        reverse("orgs:create", args=[world.county.pk]) + "?validate=uscc",
        {"name": "x", "kind": "enterprise", "uscc": "91370102000000000X", "region_code": "370102"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert "<html" not in response.content.decode()


def test_org_create_enterprise_admin_adds_branch_not_outside(world):
    branch = services.org_create(
        actor=world.admin_a,
        parent=world.ent_a,
        name="机修班组",
        kind="branch",
        region_code="370102",
    )
    assert Org.objects.get_parent(branch).pk == world.ent_a.pk
    with pytest.raises(Http404):
        services.org_create(
            actor=world.admin_a,
            parent=world.county,
            name="越权企业",
            kind="enterprise",
            region_code="370102",
            uscc=make_uscc("370102", 9),
        )


def test_org_create_worker_cannot(world):
    with pytest.raises(Http404):
        services.org_create(
            actor=world.worker_a, parent=world.ent_a, name="x", kind="branch", region_code="370102"
        )


def test_org_update_changes_fields_and_audits(world):
    response = world.client(world.admin_a).post(
        reverse("orgs:edit", args=[world.ent_a.pk]),
        {
            "name": "甲钢铁集团有限公司",
            "kind": "enterprise",
            "uscc": world.ent_a.uscc,
            "region_code": "370102",
            "industry": "C",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    world.ent_a.refresh_from_db()
    assert world.ent_a.name == "甲钢铁集团有限公司"
    event = AuditEvent.objects.get(action="org.update", object_id=str(world.ent_a.pk))
    assert event.details["changes"]["name"] == ["甲钢铁有限公司", "甲钢铁集团有限公司"]


def test_org_move_subtree_follows(world):
    new_county = OrgFactory.under(
        world.other_city, name="乙区总工会", kind="county", uscc=None, region_code="370202"
    )
    services.org_move(actor=world.province_admin, org=world.ent_a, new_parent=new_county)
    ent_a = Org.objects.get(pk=world.ent_a.pk)
    branch = Org.objects.get(pk=world.branch_a1.pk)
    assert Org.objects.get_parent(ent_a).pk == new_county.pk
    assert branch.path.startswith(ent_a.path)
    assert Org.objects.get_parent(branch).pk == ent_a.pk
    assert Org.objects.filter(path__startswith=world.other_city.path).count() == 5
    assert (
        AuditEvent.objects.filter(action="org.move", object_id=str(ent_a.pk)).get().details["nodes"]
        == 2
    )
    # the city staff of the first city no longer sees the moved enterprise
    with pytest.raises(Http404):
        selectors.org_get(world.city_staff, ent_a.pk)


def test_org_move_into_own_subtree_rejected(world):
    with pytest.raises(ValidationError):
        services.org_move(actor=world.province_admin, org=world.city, new_parent=world.county)


def test_org_move_by_enterprise_admin_404(world):
    with pytest.raises(Http404):
        services.org_move(actor=world.admin_a, org=world.branch_a1, new_parent=world.ent_a)


def test_org_move_view_moves(world):
    response = world.client(world.province_admin).post(
        reverse("orgs:move", args=[world.ent_b.pk]), {"new_parent": world.other_city.pk}
    )
    assert response.status_code == 302
    assert Org.objects.get_parent(Org.objects.get(pk=world.ent_b.pk)).pk == world.other_city.pk


def test_org_api_list_and_token_auth(world):
    from jiangxin.accounts.services import api_token_create

    _token, raw = api_token_create(actor=world.city_staff, name="t")
    client = world.client(None)
    assert client.get("/api/v1/orgs/").status_code == 401
    data = client.get("/api/v1/orgs/", {"q": "有限公司"}, HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    names = {o["name"] for o in data["items"]}
    assert names == {world.ent_a.name, world.ent_b.name}


def test_org_api_openapi_schema_served(world):
    response = world.client(None).get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/orgs/{org_id}" in response.json()["paths"]


def test_org_admin_scoped_for_staff_user(world):
    world.admin_a.is_staff = True
    world.admin_a.save()
    from django.contrib.auth.models import Permission

    world.admin_a.user_permissions.add(Permission.objects.get(codename="view_org"))
    client = world.client(world.admin_a)
    body = client.get("/admin/orgs/org/").content.decode()
    assert world.ent_a.name in body and world.ent_b.name not in body


def test_org_export_follows_scope_and_filters(world):
    import io

    from python_calamine import CalamineWorkbook

    response = export_get(world.client(world.city_staff), reverse("orgs:export"), {"q": "有限公司"})
    assert response.status_code == 200
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    names = {r[0] for r in rows[1:]}
    assert names == {world.ent_a.name, world.ent_b.name}
    assert AuditEvent.objects.filter(
        action="export", username="city_staff", details__kind="orgs"
    ).exists()
    assert world.client(world.worker_a).get(reverse("orgs:export")).status_code == 404
