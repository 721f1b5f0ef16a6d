"""Demo workers, honours and skill levels: the craftsmen of the articles (栾军, a first-line
齐鲁工匠 at 日照钢铁, with a 25-strong team), then a few workers at every enterprise.

Everything is consistent: each worker's occupation is a trade of the enterprise, the ID
number carries the region code of where they were born (their enterprise's county) and
a birth date that makes them an adult when they joined the union; skill levels rise in
date order after that; each honour carries its awarding body and a document number at its
level (鲁工发〔2021〕12号 for the provincial federation, 青工发 for Qingdao's, 总工发 for
the national one …). A few recent honours recorded by the enterprises are still declared,
waiting for the federation to verify them."""

from __future__ import annotations

import random
from datetime import date, timedelta

from faker import Faker

from jiangxin.core.validators import resident_id_check_char
from jiangxin.orgs.demo import ENTERPRISE_TRADES

from .crypto import pii_blind_index
from .enums import HonourStatus
from .models import Honour, HonourType, SkillPromotion, Worker
from .services import worker_build

OCCUPATIONS = {
    "steel": ["炼钢工", "轧钢工", "炼铁工", "维修电工", "天车工"],
    "mining": ["金属非金属矿井通风工", "采矿工", "选矿工", "矿山机械维修工"],
    "power": ["变电站运行值班员", "送电线路工", "锅炉运行值班员", "继电保护员"],
    "port": ["门座起重机司机", "装卸机械电器修理工", "港口理货员"],
    "rail": ["轨道交通车辆制修工", "电焊工", "钳工"],
    "appliance": ["装配钳工", "家用电器产品维修工", "工业机器人系统运维员"],
    "machinery": ["数控车工", "钳工", "铸造工", "焊工"],
    "chemical": ["化工总控工", "化学检验员", "仪器仪表维修工"],
    "software": ["信息通信网络运行管理员", "计算机程序设计员"],
    "construction": ["钢筋工", "砌筑工", "建筑电工"],
    "bus": ["公交车驾驶员", "汽车维修工"],
    "hotel": ["中式烹调师", "客房服务员"],
    "food": ["食品检验员", "饮料制作工", "糕点面包烘焙工"],
    "farming": ["农作物植保员", "农机修理工"],
    "shipyard": ["船舶电焊工", "船体装配工"],
    "textile": ["缝纫工", "纺织机械操作工"],
    "ceramics": ["陶瓷成型施釉工", "窑炉操作工"],
}

# The awarding body and the document-number prefix of each honour, by its level; the
# city ones by the first four digits of the enterprise's region code.
CITY_PREFIX = {
    "3701": ("济南", "济"),
    "3702": ("青岛", "青"),
    "3703": ("淄博", "淄"),
    "3711": ("日照", "日"),
}
AWARDS = {
    "national-model-worker": ("中共中央、国务院", "中发"),
    "national-may-day-medal": ("中华全国总工会", "总工发"),
    "great-power-craftsman": ("中华全国总工会", "总工发"),
    "national-technical-expert": ("人力资源和社会保障部", "人社部发"),
    "provincial-model-worker": ("中共山东省委、山东省人民政府", "鲁发"),
    "provincial-may-day-medal": ("山东省总工会", "鲁工发"),
    "qilu-craftsman": ("山东省总工会", "鲁工发"),
    "provincial-technical-expert": ("山东省人力资源和社会保障厅", "鲁人社发"),
    "qingdao-great-craftsman": ("青岛市总工会", "青工发"),
    "qingdao-craftsman": ("青岛市总工会", "青工发"),
}

# name, enterprise, occupation, skill level, born, [(honour code, year)], female
NAMED = [
    (
        "栾军",
        "日照钢铁控股集团有限公司",
        "炼钢工",
        8,
        1974,
        [("provincial-may-day-medal", 2019), ("qilu-craftsman", 2021)],
        False,
    ),
    (
        "王树国",
        "山东钢铁集团有限公司",
        "轧钢工",
        7,
        1972,
        [("provincial-model-worker", 2020)],
        False,
    ),
    (
        "许振超",
        "青岛港集团有限公司",
        "门座起重机司机",
        8,
        1960,
        [("national-model-worker", 2005), ("great-power-craftsman", 2018)],
        False,
    ),
    (
        "郭锐",
        "中车青岛四方机车车辆股份有限公司",
        "电焊工",
        7,
        1978,
        [("national-may-day-medal", 2016), ("qingdao-great-craftsman", 2022)],
        False,
    ),
    ("孙红梅", "海尔集团公司", "装配钳工", 6, 1983, [("qingdao-craftsman", 2022)], True),
    (
        "李明",
        "国网山东省电力公司",
        "送电线路工",
        7,
        1979,
        [("city-model-worker", 2019), ("provincial-technical-expert", 2021)],
        False,
    ),
    (
        "赵强",
        "济南二机床集团有限公司",
        "数控车工",
        6,
        1981,
        [("provincial-technical-expert", 2020)],
        False,
    ),
    ("刘海燕", "齐鲁石化公司", "化学检验员", 6, 1980, [("qilu-craftsman", 2023)], True),
]

# Recorded by the enterprise, not verified yet: (worker, honour code, year). The first
# waits for the provincial federation, the others for their city's.
DECLARED = [
    ("栾军", "provincial-model-worker", 2025),
    ("孙红梅", "qingdao-great-craftsman", 2025),
    ("刘海燕", "city-model-worker", 2024),
]


def make_resident_id(rng: random.Random, region: str, birth: date, female: bool) -> str:
    seq = rng.randint(10, 99) * 10 + (
        rng.choice([0, 2, 4, 6, 8]) if female else rng.choice([1, 3, 5, 7, 9])
    )
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + resident_id_check_char(body)


def honour_fields(rng: random.Random, code: str, year: int, region: str) -> dict:
    """The awarding body, document number and date of an honour at its level."""
    city, short = CITY_PREFIX.get(region[:4], ("日照", "日"))
    body, prefix = AWARDS.get(code, (f"中共{city}市委、{city}市人民政府", f"{short}发"))
    return {
        "awarding_body": body,
        "document_number": f"{prefix}〔{year}〕{rng.randint(3, 40)}号",
        # model workers and medals are conferred around May Day
        "valid_from": date(year, 4, rng.randint(20, 28)),
    }


def _worker(rng, org, name, occupation, level, *, born: int | None = None, female=False):
    birth = (
        date(born, rng.randint(1, 12), rng.randint(1, 28))
        if born
        else date(1970, 1, 1) + timedelta(days=rng.randint(0, 28 * 365))
    )
    while True:
        rid = make_resident_id(rng, org.region_code, birth, female)
        if not Worker.objects.filter(id_hash=pii_blind_index(rid)).exists():
            break
    joined = date(birth.year + rng.randint(19, 24), rng.randint(1, 12), 1)
    worker = worker_build(
        resident_id=rid,
        name=name,
        employer=org,
        occupation=occupation,
        skill_level=level,
        first_line=True,
        migrant=rng.random() < 0.2,
        mobile=f"13{rng.randint(100000000, 999999999)}",
        union_member_since=min(joined, date(2024, 1, 1)),
        showcase_consent=level >= 6,
    )
    worker.save()
    return worker


def _promotions(rng, worker: Worker, top: int) -> None:
    """Skill levels rising in date order from three levels below `top` (one every few
    years after joining the union), each with its certificate number."""
    when = worker.union_member_since or date(worker.birth_date.year + 20, 6, 1)
    for level in range(max(1, top - 2), top + 1):
        when = min(date(when.year + rng.randint(2, 5), rng.choice([6, 12]), 1), date(2025, 6, 1))
        kind = "competition" if level == top and rng.random() < 0.3 else "certificate"
        SkillPromotion.objects.create(
            worker=worker,
            level=level,
            date=when,
            evidence_kind=kind,
            evidence_ref=f"S{worker.employer.region_code}{when.year}{rng.randint(100000, 999999)}",
        )


def _honour(rng, types, worker: Worker, code: str, year: int, status=HonourStatus.VERIFIED):
    if code not in types:
        return
    Honour.objects.create(
        worker=worker,
        honour_type=types[code],
        year=year,
        status=status,
        **honour_fields(rng, code, year, worker.employer.region_code),
    )


def seed_demo_people(orgs: dict) -> dict[str, Worker]:
    rng = random.Random(51)
    fake = Faker("zh_CN")
    fake.seed_instance(51)
    types = {t.code: t for t in HonourType.objects.all()}
    workers: dict[str, Worker] = {}
    if Worker.objects.filter(name="栾军").exists():
        return {w.name: w for w in Worker.objects.filter(employer__in=list(orgs.values()))}
    for name, ent, occupation, level, born, honours, female in NAMED:
        w = _worker(rng, orgs[ent], name, occupation, level, born=born, female=female)
        workers[name] = w
        for code, year in honours:
            _honour(rng, types, w, code, year)
        _promotions(rng, w, level)
    for name, code, year in DECLARED:
        _honour(rng, types, workers[name], code, year, status=HonourStatus.DECLARED)
    # 栾军's team: 24 more at 日照钢铁 (the studio in the articles has 25 members)
    steel = orgs["日照钢铁控股集团有限公司"]
    for i in range(24):
        female = rng.random() < 0.3
        name = fake.name_female() if female else fake.name_male()
        level = rng.randint(3, 6)
        w = _worker(rng, steel, name, rng.choice(OCCUPATIONS["steel"]), level, female=female)
        workers.setdefault(name, w)
        if rng.random() < 0.4:
            _promotions(rng, w, level)
        if i in (3, 11):  # two of the team are city model workers, one still declared
            status = HonourStatus.VERIFIED if i == 3 else HonourStatus.DECLARED
            _honour(rng, types, w, "city-model-worker", 2020 + i // 4, status)
    # other enterprises: a handful each, some first-line honour holders without a studio
    named_at = {n[1] for n in NAMED}
    for key, org in orgs.items():
        if getattr(org, "kind", "") != "enterprise" or key == steel.name or key in named_at:
            continue
        trade = OCCUPATIONS.get(ENTERPRISE_TRADES.get(org.name, ""), OCCUPATIONS["machinery"])
        for _i in range(3):
            female = rng.random() < 0.3
            w = _worker(
                rng,
                org,
                fake.name_female() if female else fake.name_male(),
                rng.choice(trade),
                rng.randint(2, 7),
                female=female,
            )
            if rng.random() < 0.3:
                _promotions(rng, w, w.skill_level)
            if rng.random() < 0.2:
                qingdao = org.region_code.startswith("3702")
                code = rng.choice(
                    ["city-model-worker", "provincial-technical-expert"]
                    + (["qingdao-craftsman"] if qingdao else [])
                )
                year = rng.randint(min(max(2015, w.birth_date.year + 28), 2024), 2024)
                _honour(rng, types, w, code, year)
    return workers
