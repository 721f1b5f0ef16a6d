"""Demo workers, honours and skill levels: the craftsmen of the articles (栾军, a first-line
齐鲁工匠 at 日照钢铁, with a 25-strong team), honours of every kind, promotions."""

from __future__ import annotations

import random
from datetime import date, timedelta

from faker import Faker

from jiangxin.core.validators import resident_id_check_char

from .crypto import pii_blind_index
from .models import Honour, HonourType, SkillPromotion, Worker
from .services import worker_build

OCCUPATIONS = [
    "炼钢工",
    "轧钢工",
    "维修电工",
    "焊工",
    "钳工",
    "数控车工",
    "起重工",
    "电力线路工",
    "化学检验员",
    "机器人运维",
]

# name, enterprise, occupation, skill level, [(honour code, year)]
NAMED = [
    (
        "栾军",
        "日照钢铁控股集团有限公司",
        "炼钢工",
        8,
        [("qilu-craftsman", 2021), ("provincial-may-day-medal", 2019)],
    ),
    ("王树国", "山东钢铁集团有限公司", "轧钢工", 7, [("provincial-model-worker", 2020)]),
    (
        "许振超",
        "青岛港集团有限公司",
        "起重工",
        8,
        [("national-model-worker", 2005), ("great-power-craftsman", 2018)],
    ),
    (
        "郭锐",
        "中车青岛四方机车车辆股份有限公司",
        "焊工",
        7,
        [("qingdao-great-craftsman", 2022), ("national-may-day-medal", 2016)],
    ),
    ("孙红梅", "海尔集团公司", "装配钳工", 6, [("qingdao-craftsman", 2022)]),
    (
        "李明",
        "国网山东省电力公司",
        "电力线路工",
        7,
        [("provincial-technical-expert", 2021), ("city-model-worker", 2019)],
    ),
    ("赵强", "济南二机床集团有限公司", "数控车工", 6, [("sanqin-craftsman", 2020)]),
    ("刘海燕", "齐鲁石化公司", "化学检验员", 6, [("qilu-craftsman", 2023)]),
]


def make_resident_id(rng: random.Random, region: str, birth: date, female: bool) -> str:
    seq = rng.randint(10, 99) * 10 + (
        rng.choice([0, 2, 4, 6, 8]) if female else rng.choice([1, 3, 5, 7, 9])
    )
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + resident_id_check_char(body)


def _worker(rng, org, name, occupation, level, female=False) -> Worker:
    birth = date(1965, 1, 1) + timedelta(days=rng.randint(0, 30 * 365))
    while True:
        rid = make_resident_id(rng, org.region_code, birth, female)
        if not Worker.objects.filter(id_hash=pii_blind_index(rid)).exists():
            break
    worker = worker_build(
        resident_id=rid,
        name=name,
        employer=org,
        occupation=occupation,
        skill_level=level,
        first_line=True,
        migrant=rng.random() < 0.2,
        mobile=f"13{rng.randint(100000000, 999999999)}",
        union_member_since=date(2000 + rng.randint(0, 20), rng.randint(1, 12), 1),
        showcase_consent=level >= 6,
    )
    worker.save()
    return worker


def seed_demo_people(orgs: dict) -> dict[str, Worker]:
    rng = random.Random(51)
    fake = Faker("zh_CN")
    fake.seed_instance(51)
    types = {t.code: t for t in HonourType.objects.all()}
    workers: dict[str, Worker] = {}
    if Worker.objects.filter(name="栾军").exists():
        return {w.name: w for w in Worker.objects.filter(employer__in=list(orgs.values()))}
    for name, ent, occupation, level, honours in NAMED:
        org = orgs[ent]
        female = name in ("孙红梅", "刘海燕")
        w = _worker(rng, org, name, occupation, level, female)
        workers[name] = w
        for code, year in honours:
            Honour.objects.create(
                worker=w,
                honour_type=types[code],
                year=year,
                awarding_body=types[code].awarding_body,
                document_number=f"鲁工发〔{year}〕{rng.randint(10, 60)}号",
            )
        SkillPromotion.objects.create(
            worker=w,
            level=level,
            date=date(2018 + rng.randint(0, 5), 6, 1),
            evidence_kind="certificate",
            evidence_ref=f"S{rng.randint(100000, 999999)}",
        )
    # 栾军's team: 24 more at 日照钢铁 (the studio in the articles has 25 members)
    steel = orgs["日照钢铁控股集团有限公司"]
    for _i in range(24):
        female = rng.random() < 0.3
        name = fake.name_female() if female else fake.name_male()
        level = rng.randint(3, 6)
        w = _worker(rng, steel, name, rng.choice(OCCUPATIONS[:5]), level, female)
        workers.setdefault(name, w)
        if rng.random() < 0.4:
            SkillPromotion.objects.create(
                worker=w,
                level=level,
                date=date(2024, rng.randint(1, 12), 1),
                evidence_kind=rng.choice(["certificate", "competition", "appraisal"]),
            )
    # other enterprises: a handful each, some first-line honour holders without a studio
    for key, org in orgs.items():
        if (
            getattr(org, "kind", "") != "enterprise"
            or key == steel.name
            or key in {n[1] for n in NAMED}
        ):
            continue
        for _i in range(3):
            female = rng.random() < 0.3
            w = _worker(
                rng,
                org,
                fake.name_female() if female else fake.name_male(),
                rng.choice(OCCUPATIONS),
                rng.randint(2, 7),
                female,
            )
            if rng.random() < 0.15:
                code = rng.choice(
                    ["city-model-worker", "qingdao-craftsman", "provincial-technical-expert"]
                )
                Honour.objects.create(
                    worker=w,
                    honour_type=types[code],
                    year=rng.randint(2015, 2024),
                    awarding_body=types[code].awarding_body,
                )
    return workers
