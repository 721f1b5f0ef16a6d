import tempfile

import pytest

from jiangxin.accounts.models import User
from jiangxin.core import search
from jiangxin.core.models import SearchDocument
from jiangxin.orgs import selectors, services
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org
from jiangxin.testing.factories import make_uscc

RIZHAO = "日照钢铁控股集团有限公司"


# --- tokenisation (no database) ---


def test_tokenize_uses_domain_dictionary():
    tok = search._jieba()
    # Without the domain dictionary jieba cuts these in two (数控/车工, 机器人/运/维).
    assert list(tok.cut("数控车工", HMM=False)) == ["数控车工"]
    assert list(tok.cut("机器人运维", HMM=False)) == ["机器人运维"]
    assert list(tok.cut("创新工作室", HMM=False)) == ["创新工作室"]
    assert "创新工作室" in search.tokenize("劳模创新工作室揭牌仪式")
    assert "数控车工" in search.tokenize("数控车工技能竞赛")


def test_tokenize_gives_long_subwords_of_long_terms():
    tokens = search.tokenize("全国示范性劳模和工匠人才创新工作室")
    assert "全国示范性劳模和工匠人才创新工作室" in tokens
    assert {"创新工作室", "劳模", "工匠", "示范性"} <= set(tokens)
    assert "有限公司" in search.tokenize("山东钢铁集团有限公司")


def test_tokenize_lowercases_and_drops_punctuation():
    tokens = search.tokenize("ＡＢＣ公司，“钢铁”！ 3.5% CNC")
    assert tokens == ["abc", "公司", "钢铁", "3", "5", "cnc"]
    assert search.tokenize("") == search.tokenize("，。！") == []


def test_tokenize_keeps_jieba_cache_in_temp_dir():
    search.tokenize("钢铁")
    assert search.jieba.dt.tmp_dir == tempfile.gettempdir()


def test_query_tokens_last_one_is_the_prefix():
    assert search.query_tokens("日照 钢铁") == ["日照", "钢铁"]
    assert search.query_tokens("钢铁 日照 钢铁") == ["日照", "钢铁"]
    assert search.query_tokens("？？") == []


# --- the index ---


def _other_city_user(world) -> User:
    return world.other_city_staff


def _rizhao(world) -> Org:
    return services.org_create(
        actor=world.province_admin,
        parent=world.county,
        name=RIZHAO,
        kind=OrgKind.ENTERPRISE,
        region_code="371103",
        uscc=make_uscc("371103", 7),
    )


def _ids(world, query, user=None):
    user = user or world.province_admin
    qs = search.search_filter(Org.objects.all(), "org", query, user=user)
    return set(qs.values_list("pk", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["钢铁", "日照 钢铁", "日照钢铁", "钢", "日照钢", "控股集团", RIZHAO]
)
def test_search_finds_org_by_words_and_prefix(world, query):
    rizhao = _rizhao(world)
    assert rizhao.pk in search.search_ids("org", query, org_paths=(world.province.path,))
    assert rizhao.pk in _ids(world, query)


@pytest.mark.django_db
def test_search_needs_every_token(world):
    rizhao = _rizhao(world)
    assert rizhao.pk not in _ids(world, "日照 电力")
    assert _ids(world, "钢铁") == {rizhao.pk, world.ent_a.pk}  # 甲钢铁有限公司 too
    assert _ids(world, "？！") == set()


@pytest.mark.django_db
def test_search_by_credit_code_and_region_prefix(world):
    rizhao = _rizhao(world)
    assert _ids(world, rizhao.uscc) == {rizhao.pk}
    assert _ids(world, rizhao.uscc[:10].lower()) == {rizhao.pk}
    assert rizhao.pk in _ids(world, "3711")


@pytest.mark.django_db
def test_search_is_scoped(world):
    rizhao = _rizhao(world)
    other = _other_city_user(world)
    assert rizhao.pk in _ids(world, "钢铁", world.city_staff)
    assert _ids(world, "钢铁", other) == set()
    assert _ids(world, "有限公司", other) == {world.ent_c.pk}
    assert _ids(world, "钢铁", world.admin_b) == set()  # sibling enterprise
    assert _ids(world, "钢铁", world.outsider) == set()
    assert search.search_ids("org", "钢铁", org_paths=(world.other_city.path,)) == []
    assert search.search_ids("org", "钢铁", org_paths=()) == []


@pytest.mark.django_db
def test_search_ranks_better_match_first(world):
    path = world.county.path
    search.search_index(
        "doc", 1, path, "某某地区钢铁控股集团有限公司下属设备检修班组 与 其他很多单位"
    )
    search.search_index("doc", 2, path, "钢铁研究院", "钢铁")
    search.search_index("doc", 3, path, "电力研究院")
    assert search.search_ids("doc", "钢铁", org_paths=(path,)) == [2, 1]
    assert search.search_ids("doc", "钢铁", org_paths=(path,), limit=1) == [2]


@pytest.mark.django_db
def test_search_reindexes_after_rename(world):
    rizhao = _rizhao(world)
    services.org_update(actor=world.province_admin, org=rizhao, name="岚山港务有限公司")
    assert rizhao.pk not in _ids(world, "钢铁")
    assert rizhao.pk in _ids(world, "岚山 港务")
    assert SearchDocument.objects.filter(kind="org", object_id=rizhao.pk).count() == 1


@pytest.mark.django_db
def test_search_follows_a_moved_subtree(world):
    other = _other_city_user(world)
    services.org_move(actor=world.province_admin, org=world.ent_a, new_parent=world.other_city)
    world.branch_a1.refresh_from_db()
    doc = SearchDocument.objects.get(kind="org", object_id=world.branch_a1.pk)
    assert doc.org_path == world.branch_a1.path
    assert _ids(world, "甲炼钢", other) == {world.branch_a1.pk}
    assert _ids(world, "钢铁", other) == {world.ent_a.pk}
    assert _ids(world, "钢铁", world.city_staff) == set()


@pytest.mark.django_db
def test_search_remove(world):
    rizhao = _rizhao(world)
    search.search_remove("org", rizhao.pk)
    assert _ids(world, "钢铁") == {world.ent_a.pk}
    assert not SearchDocument.objects.filter(kind="org", object_id=rizhao.pk).exists()


@pytest.mark.django_db
def test_search_index_many_upserts(world):
    path = world.county.path
    rows = [(i, path, f"批量企业{i}号 钢铁") for i in range(1, 2501)]
    assert search.search_index_many("bulk", rows) == 2500
    assert search.search_index_many("bulk", [(7, path, "改名电力")]) == 1
    assert SearchDocument.objects.filter(kind="bulk").count() == 2500
    assert len(search.search_ids("bulk", "钢铁", org_paths=(path,), limit=5000)) == 2499
    assert search.search_ids("bulk", "电力", org_paths=(path,)) == [7]


@pytest.mark.django_db
def test_org_list_search_uses_index_and_exact_credit_code(world):
    rizhao = _rizhao(world)
    page = selectors.org_list(world.city_staff, q="日照 钢")
    assert [o.pk for o in page.items] == [rizhao.pk]
    page = selectors.org_list(world.city_staff, q=world.ent_b.uscc.lower())
    assert [o.pk for o in page.items] == [world.ent_b.pk]
    page = selectors.org_list(world.city_staff, parent=world.county, q="有限公司")
    assert {o.pk for o in page.items} == {world.ent_a.pk, world.ent_b.pk, rizhao.pk}
