"""The demo province: a believable Shandong with cities, counties, two industry unions
and about 40 enterprises with valid credit codes. Running it twice adds nothing."""

from __future__ import annotations

import random

from faker import Faker

from jiangxin.core.validators import uscc_check_char

from .enums import OrgKind
from .models import Org
from .search import org_search_reindex_many
from .services import TREE_FIELDS, org_create_root

CITIES = [
    (
        "济南市总工会",
        "370100",
        [("历下区总工会", "370102"), ("市中区总工会", "370103"), ("章丘区总工会", "370114")],
    ),
    (
        "青岛市总工会",
        "370200",
        [("市南区总工会", "370202"), ("黄岛区总工会", "370211"), ("即墨区总工会", "370215")],
    ),
    ("淄博市总工会", "370300", [("张店区总工会", "370303"), ("临淄区总工会", "370305")]),
    ("日照市总工会", "371100", [("东港区总工会", "371102"), ("岚山区总工会", "371103")]),
]

# (name, parent name, industry): the enterprises the articles and the demo logins use.
NAMED_ENTERPRISES = [
    ("日照钢铁控股集团有限公司", "山东省冶金工会", "C"),
    ("山东钢铁集团有限公司", "山东省冶金工会", "C"),
    ("山东黄金集团有限公司", "山东省冶金工会", "B"),
    ("国网山东省电力公司", "山东省电力工会", "D"),
    ("华能山东发电有限公司", "山东省电力工会", "D"),
    ("青岛港集团有限公司", "市南区总工会", "G"),
    ("中车青岛四方机车车辆股份有限公司", "即墨区总工会", "C"),
    ("海尔集团公司", "黄岛区总工会", "C"),
    ("济南二机床集团有限公司", "市中区总工会", "C"),
    ("齐鲁石化公司", "临淄区总工会", "C"),
]
BRANCHES = ["炼铁厂分会", "炼钢厂分会", "设备检修班组"]


def make_uscc(rng: random.Random, region: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91" + region + "".join(rng.choice(alphabet) for _ in range(9))
    return body + uscc_check_char(body)


def _child(parent: Org, *, name: str, kind: str, region_code: str, **fields) -> Org:
    existing = Org.objects.filter(
        path__startswith=parent.path, depth=parent.depth + 1, name=name
    ).first()
    if existing:
        return existing
    org = Org(name=name, kind=kind, region_code=region_code, **fields)
    org.full_clean(exclude=TREE_FIELDS)
    return Org.objects.add_child(Org.objects.get(pk=parent.pk), instance=org)


def seed_demo_orgs() -> dict[str, Org]:
    rng = random.Random(2026)
    fake = Faker("zh_CN")
    fake.seed_instance(2026)
    national = Org.objects.filter(depth=1, name="中华全国总工会").first() or org_create_root(
        name="中华全国总工会", kind=OrgKind.NATIONAL, region_code="110000"
    )
    province = _child(national, name="山东省总工会", kind=OrgKind.PROVINCIAL, region_code="370000")
    by_name: dict[str, Org] = {"national": national, "province": province, province.name: province}
    for union, industry in (("山东省冶金工会", "C"), ("山东省电力工会", "D")):
        by_name[union] = _child(
            province, name=union, kind=OrgKind.INDUSTRY, region_code="370000", industry=industry
        )
    counties: list[Org] = []
    for city_name, city_code, county_list in CITIES:
        city = _child(province, name=city_name, kind=OrgKind.MUNICIPAL, region_code=city_code)
        by_name[city_name] = city
        for county_name, county_code in county_list:
            county = _child(city, name=county_name, kind=OrgKind.COUNTY, region_code=county_code)
            by_name[county_name] = county
            counties.append(county)
    for name, parent_name, industry in NAMED_ENTERPRISES:
        parent = by_name[parent_name]
        region = (
            parent.region_code
            if parent.kind == OrgKind.COUNTY
            else rng.choice(counties).region_code
        )
        by_name[name] = _child(
            parent,
            name=name,
            kind=OrgKind.ENTERPRISE,
            region_code=region,
            industry=industry,
            uscc=make_uscc(rng, region),
            address=fake.address()[:200],
            contact_name=fake.name(),
            contact_phone=fake.phone_number(),
        )
    for branch in BRANCHES:
        _child(
            by_name["日照钢铁控股集团有限公司"],
            name=branch,
            kind=OrgKind.BRANCH,
            region_code="371103",
        )
    sections = "BCCCCDEGI"
    for i in range(30):
        county = counties[i % len(counties)]
        name = fake.company()
        by_name[name] = _child(
            county,
            name=name,
            kind=OrgKind.ENTERPRISE,
            region_code=county.region_code,
            industry=sections[i % len(sections)],
            uscc=make_uscc(rng, county.region_code),
            address=fake.address()[:200],
            contact_name=fake.name(),
            contact_phone=fake.phone_number(),
        )
    org_search_reindex_many()
    return by_name
