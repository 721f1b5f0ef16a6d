import pytest
from django.core.exceptions import BadRequest

from jiangxin.core.pagination import decode_cursor, keyset_page
from jiangxin.orgs.models import Org
from jiangxin.testing.factories import OrgFactory

pytestmark = pytest.mark.django_db


def test_keyset_page_walks_every_row_once(world):
    for i in range(23):
        OrgFactory.under(world.county, name=f"企业{i:02d}")
    qs = Org.objects.filter(path__startswith=world.county.path, depth=world.county.depth + 1)
    seen, cursor, pages = [], None, 0
    while True:
        page = keyset_page(qs, order=("name", "id"), cursor=cursor, size=5)
        seen += [o.pk for o in page.items]
        pages += 1
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == qs.count()
    assert pages == 5
    assert [o.name for o in qs.order_by("name", "id")] == [
        Org.objects.get(pk=pk).name for pk in seen
    ]


def test_keyset_page_descending_order(world):
    qs = Org.objects.all()
    first = keyset_page(qs, order=("-id",), size=3)
    second = keyset_page(qs, order=("-id",), cursor=first.next_cursor, size=3)
    ids = [o.pk for o in first.items + second.items]
    assert ids == sorted(ids, reverse=True)


@pytest.mark.parametrize("cursor", ["!!!", "bm90IGpzb24", "WzFd"])
def test_keyset_cursor_garbage_is_bad_request(cursor):
    with pytest.raises(BadRequest):
        decode_cursor(cursor, 2)
