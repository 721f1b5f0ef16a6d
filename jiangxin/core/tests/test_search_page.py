"""A list page of a search takes a window of the full-text matches after its cursor, in
the list's order, instead of every match: with more matches than the window, paging must
still show every matching row once, in order — also when the list's own filters drop
rows of a window, with an exact-code match beside the full-text ones, and in descending
order. Runs the SQL of whichever database the suite runs on (SQLite FTS5 / PostgreSQL
tsvector)."""

import pytest
from django.db.models import Q

from jiangxin.core import search
from jiangxin.core.pagination import keyset_page
from jiangxin.orgs import services
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org
from jiangxin.orgs.selectors import org_list, org_qs
from jiangxin.testing.factories import make_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(world):
    """23 enterprises 第N机械有限公司 under the county (every third one in region
    371103, the others 371102), and 2 in 371103 that do not match."""
    made = []
    for i in range(23):
        region = "371103" if i % 3 == 0 else "371102"
        made.append(
            services.org_create(
                actor=world.province_admin,
                parent=world.county,
                name=f"第{i:02d}机械有限公司",
                kind=OrgKind.ENTERPRISE,
                region_code=region,
                uscc=make_uscc(region, 500 + i),
            )  # fmt: skip
        )
    for i in range(2):
        services.org_create(
            actor=world.province_admin, parent=world.county, name=f"纺织厂{i}",
            kind=OrgKind.ENTERPRISE, region_code="371103", uscc=make_uscc("371103", 600 + i),
        )  # fmt: skip
    return made


def _walk(fetch, size):
    pages, cursor = [], None
    while True:
        page = fetch(cursor, size)
        assert len(page.items) <= size
        pages.append([o.pk for o in page.items])
        if not page.has_next:
            return pages
        assert len(page.items) == size  # only the last page is short
        cursor = page.next_cursor


def _plain(qs, user, query, order, also=None):
    """What the page shows without a window: every match, then keyset paging."""
    matched = search.search_filter(qs, "org", query, user=user)
    if also is not None:
        matched = matched | qs.filter(also)
    return lambda cursor, size: keyset_page(matched, order=order, cursor=cursor, size=size)


@pytest.mark.parametrize("inner_limit", [1, 2, 7, 50])
@pytest.mark.parametrize("size", [1, 4, 5])
def test_search_page_walks_every_match_in_order(world, many, inner_limit, size):
    admin = world.province_admin
    qs = org_qs(admin)

    def windowed(cursor, size):
        return search.search_page(
            qs, "org", "有限公司", user=admin, order=("path",), cursor=cursor, size=size,
            inner_limit=inner_limit,
        )  # fmt: skip

    pages = _walk(windowed, size)
    assert pages == _walk(_plain(qs, admin, "有限公司", ("path",)), size)
    got = [pk for page in pages for pk in page]
    assert set(got) >= {o.pk for o in many} and len(got) == len(set(got))
    paths = list(Org.objects.filter(pk__in=got).values_list("pk", "path"))
    assert [pk for pk, _p in sorted(paths, key=lambda x: x[1])] == got


@pytest.mark.parametrize("inner_limit", [1, 3])
def test_search_page_filters_outside_the_index_and_an_exact_code(world, many, inner_limit):
    """Region 371103 keeps one match in three, so windows run short and grow; the credit
    code of a non-matching org (纺织厂0 has no 有限公司) joins the full-text matches."""
    admin = world.province_admin
    code = Org.objects.get(name="纺织厂0").uscc
    qs = org_qs(admin).filter(region_code="371103")

    def windowed(cursor, size):
        return search.search_page(
            qs, "org", "有限公司", user=admin, order=("path",), cursor=cursor, size=size,
            also=Q(uscc=code), inner_limit=inner_limit,
        )  # fmt: skip

    expected = _walk(_plain(qs, admin, "有限公司", ("path",), Q(uscc=code)), 2)
    assert _walk(windowed, 2) == expected
    flat = [pk for page in expected for pk in page]
    assert Org.objects.get(uscc=code).pk in flat
    assert {o.pk for o in many if o.region_code == "371103"} <= set(flat)
    assert len(flat) >= 8 + 1  # 371103: i = 0, 3, …, 21; and the code


def test_search_page_descending_by_id(world, many):
    admin = world.province_admin
    qs = org_qs(admin)

    def windowed(cursor, size):
        return search.search_page(
            qs, "org", "机械", user=admin, order=("-id",), cursor=cursor, size=size, inner_limit=2
        )

    pages = _walk(windowed, 4)
    assert pages == _walk(_plain(qs, admin, "机械", ("-id",)), 4)
    assert [pk for page in pages for pk in page] == sorted((o.pk for o in many), reverse=True)


def test_search_page_past_the_largest_window_takes_every_match(world, many, monkeypatch):
    """Windows that keep running short grow to INNER_MAX; beyond it the rest of the page
    comes from the unlimited match subquery, still after the cursor."""
    monkeypatch.setattr(search, "INNER_MAX", 3)
    admin = world.province_admin
    qs = org_qs(admin).filter(region_code="371103")

    def windowed(cursor, size):
        return search.search_page(
            qs, "org", "有限公司", user=admin, order=("path",), cursor=cursor, size=size,
            inner_limit=1,
        )  # fmt: skip

    assert _walk(windowed, 3) == _walk(_plain(qs, admin, "有限公司", ("path",)), 3)


def test_search_page_costs_the_window_and_the_page(world, many, django_assert_num_queries):
    admin = world.province_admin
    first = org_list(admin, parent=world.county, q="有限公司", size=5)
    with django_assert_num_queries(2):  # the window of matches, the page
        page = org_list(admin, parent=world.county, q="有限公司", size=5, cursor=first.next_cursor)
    assert len(page.items) == 5


def test_search_page_nothing_to_match(world, many):
    admin = world.province_admin
    page = search.search_page(org_qs(admin), "org", "？！", user=admin, order=("path",))
    assert page.items == [] and not page.has_next
    code = many[0].uscc
    page = search.search_page(
        org_qs(admin), "org", "？！", user=admin, order=("path",), also=Q(uscc=code)
    )
    assert [o.pk for o in page.items] == [many[0].pk]


def test_search_page_under_a_parent_only(world, many):
    """`under` narrows the window to the subtree (the org list under a parent)."""
    admin = world.province_admin
    in_county = org_list(admin, parent=world.county, q="有限公司", size=100)
    assert {o.pk for o in many} <= {o.pk for o in in_county.items}
    assert all(o.path.startswith(world.county.path) for o in in_county.items)
    elsewhere = org_list(admin, parent=world.other_city, q="机械", size=100)
    assert elsewhere.items == []
