"""The demo province: a believable Shandong. Cities and counties with their GB/T 2260
region codes, two provincial industry unions, and about 35 enterprises, each with an
address in its own county, the GB/T 4754 section of its trade, a landline with the
city's area code and a valid Unified Social Credit Code (the organisation code inside it
carries its own GB 11714 check digit). Running it twice adds nothing."""

from __future__ import annotations

import random
from dataclasses import dataclass

from jiangxin.core.validators import uscc_check_char

from .enums import OrgKind
from .models import Org
from .search import org_search_reindex_many
from .services import TREE_FIELDS, org_create_root


@dataclass(frozen=True)
class City:
    union: str  # 济南市总工会
    name: str  # 济南市
    code: str  # 370100
    area_code: str  # 0531
    counties: tuple[tuple[str, str], ...]  # (区/县, region code)


CITIES = [
    City(
        "济南市总工会",
        "济南市",
        "370100",
        "0531",
        (("历下区", "370102"), ("市中区", "370103"), ("槐荫区", "370104"), ("章丘区", "370114")),
    ),
    City(
        "青岛市总工会",
        "青岛市",
        "370200",
        "0532",
        (
            ("市南区", "370202"),
            ("黄岛区", "370211"),
            ("崂山区", "370212"),
            ("城阳区", "370214"),
            ("即墨区", "370215"),
        ),
    ),
    City("淄博市总工会", "淄博市", "370300", "0533", (("张店区", "370303"), ("临淄区", "370305"))),
    City(
        "日照市总工会",
        "日照市",
        "371100",
        "0633",
        (("东港区", "371102"), ("岚山区", "371103"), ("五莲县", "371121")),
    ),
]


@dataclass(frozen=True)
class Enterprise:
    name: str
    county: str  # region code of the county it stands in
    industry: str  # GB/T 4754-2017 section
    trade: str  # what its workers do (people.demo picks occupations by it)
    street: str  # street and number, after 山东省 + city + county
    union: str = ""  # the industry union it belongs to, if not its county's federation


# The enterprises of the articles and the demo logins first (the keys other demos use).
ENTERPRISES = [
    Enterprise(
        "日照钢铁控股集团有限公司",
        "371103",
        "C",
        "steel",
        "岚山街道沿海路600号",
        "山东省冶金工会",
    ),
    Enterprise("山东钢铁集团有限公司", "370102", "C", "steel", "经十路9999号", "山东省冶金工会"),
    Enterprise("山东黄金集团有限公司", "370102", "B", "mining", "舜华路2000号", "山东省冶金工会"),
    Enterprise("国网山东省电力公司", "370103", "D", "power", "经二路150号", "山东省电力工会"),
    Enterprise("华能山东发电有限公司", "370102", "D", "power", "奥体西路2788号", "山东省电力工会"),
    Enterprise("青岛港集团有限公司", "370211", "G", "port", "经八路12号"),
    Enterprise("中车青岛四方机车车辆股份有限公司", "370214", "C", "rail", "锦宏东路88号"),
    Enterprise("海尔集团公司", "370212", "C", "appliance", "海尔路1号"),
    Enterprise("济南二机床集团有限公司", "370104", "C", "machinery", "经十西路8号"),
    Enterprise("齐鲁石化公司", "370305", "C", "chemical", "辛店街道炼厂路1号"),
    # the rest of the province
    Enterprise("济南泉城软件科技有限公司", "370102", "I", "software", "经十路12300号"),
    Enterprise("济南历下建设工程有限公司", "370102", "E", "construction", "解放路88号"),
    Enterprise("济南市中区公交客运有限公司", "370103", "G", "bus", "英雄山路16号"),
    Enterprise("济南舜耕酒店管理有限公司", "370103", "H", "hotel", "舜耕路28号"),
    Enterprise("济南槐荫食品有限公司", "370104", "C", "food", "张庄路199号"),
    Enterprise("章丘明水铸造有限公司", "370114", "C", "machinery", "明水街道汇泉路66号"),
    Enterprise("济南章丘大葱农业发展有限公司", "370114", "A", "farming", "绣惠街道王金村"),
    Enterprise("青岛海湾国际物流有限公司", "370202", "G", "port", "香港中路76号"),
    Enterprise("青岛西海岸船舶修造有限公司", "370211", "C", "shipyard", "薛家岛街道北海路9号"),
    Enterprise("青岛黄岛港口机械有限公司", "370211", "C", "machinery", "前湾港路388号"),
    Enterprise("青岛崂山矿泉水有限公司", "370212", "C", "food", "沙子口街道南九水路3号"),
    Enterprise("青岛城阳轨道交通装备有限公司", "370214", "C", "rail", "棘洪滩街道锦盛二路17号"),
    Enterprise("青岛即墨针织服装有限公司", "370215", "C", "textile", "通济街道鹤山路518号"),
    Enterprise("青岛即墨建筑安装工程有限公司", "370215", "E", "construction", "蓝鳌路1187号"),
    Enterprise("淄博张店陶瓷科技有限公司", "370303", "C", "ceramics", "华光路366号"),
    Enterprise("淄博张店电力安装有限公司", "370303", "E", "power", "共青团西路95号"),
    Enterprise("淄博临淄化工有限公司", "370305", "C", "chemical", "金岭回族镇化工路8号"),
    Enterprise("临淄热电有限公司", "370305", "D", "power", "齐都镇热电路1号"),
    Enterprise("日照港集团有限公司", "371102", "G", "port", "黄海一路91号"),
    Enterprise("日照东港食品有限公司", "371102", "C", "food", "秦楼街道烟台路56号"),
    Enterprise("日照岚山石化储运有限公司", "371103", "G", "chemical", "虎山镇疏港大道29号"),
    Enterprise("五莲石材有限公司", "371121", "B", "mining", "洪凝街道石材产业园1号"),
]
ENTERPRISE_TRADES = {e.name: e.trade for e in ENTERPRISES}
BRANCHES = ["炼铁厂分会", "炼钢厂分会", "设备检修班组"]

_OC_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organisation_code(body8: str) -> str:
    """A GB 11714 organisation code: eight characters and their check digit."""
    values = (int(c) if c.isdigit() else ord(c) - 55 for c in body8)  # A=10 … Z=35
    total = sum(v * w for v, w in zip(values, _OC_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body8 + {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(rng: random.Random, region: str) -> str:
    """A valid credit code of an enterprise (registration authority 9, type 1)."""
    body = "91" + region + organisation_code(f"{rng.randint(10000000, 99999999)}")
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


CONTACTS = [
    "王建军",
    "李红梅",
    "张国强",
    "刘海涛",
    "陈静",
    "杨志刚",
    "赵丽娟",
    "黄伟",
    "周敏",
    "吴涛",
    "徐晓燕",
    "孙立新",
]


def seed_demo_orgs() -> dict[str, Org]:
    rng = random.Random(2026)
    national = Org.objects.filter(depth=1, name="中华全国总工会").first() or org_create_root(
        name="中华全国总工会",
        kind=OrgKind.NATIONAL,
        region_code="110000",
        address="北京市西城区复兴门外大街10号",
    )
    province = _child(
        national,
        name="山东省总工会",
        kind=OrgKind.PROVINCIAL,
        region_code="370000",
        address="山东省济南市历下区泺源大街2号",
    )
    by_name: dict[str, Org] = {"national": national, "province": province, province.name: province}
    for union, industry in (("山东省冶金工会", "C"), ("山东省电力工会", "D")):
        by_name[union] = _child(
            province, name=union, kind=OrgKind.INDUSTRY, region_code="370000", industry=industry
        )
    where: dict[str, tuple[City, str, Org]] = {}  # region code → (city, county name, county)
    for city in CITIES:
        city_org = _child(
            province,
            name=city.union,
            kind=OrgKind.MUNICIPAL,
            region_code=city.code,
            address=f"山东省{city.name}",
        )
        by_name[city.union] = city_org
        for county_name, county_code in city.counties:
            union = f"{county_name}总工会"
            county = _child(
                city_org,
                name=union,
                kind=OrgKind.COUNTY,
                region_code=county_code,
                address=f"山东省{city.name}{county_name}",
            )
            by_name[union] = county
            where[county_code] = (city, county_name, county)
    for n, e in enumerate(ENTERPRISES):
        city, county_name, county = where[e.county]
        parent = by_name[e.union] if e.union else county
        by_name[e.name] = _child(
            parent,
            name=e.name,
            kind=OrgKind.ENTERPRISE,
            region_code=e.county,
            industry=e.industry,
            uscc=make_uscc(rng, e.county),
            address=f"山东省{city.name}{county_name}{e.street}",
            contact_name=CONTACTS[n % len(CONTACTS)],
            contact_phone=f"{city.area_code}-8{rng.randint(1000000, 9999999)}",
        )
    for branch in BRANCHES:
        _child(
            by_name["日照钢铁控股集团有限公司"],
            name=branch,
            kind=OrgKind.BRANCH,
            region_code="371103",
        )
    org_search_reindex_many()
    return by_name
