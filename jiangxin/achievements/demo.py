"""Demo achievements and the province-scale design load.

`seed_demo_achievements(orgs, workers)`: achievements of every kind (the five smalls too),
an advanced operating method named after its worker (栾军炼钢操作法), patents of every
type with valid check digits — steelmaking titles, filed after their achievement was
started, granted (ZL numbers) after filing, some still pending, some lapsed; one
international PCT application and its European entry — and benefit over several years,
certified (in the spring after the year) or still claimed, so the bulk certification
page has work. The Luan Jun studio of the articles holds 120 patents and 4.3 billion yuan
of certified benefit, as a few big ledger entries. Running it twice adds nothing.

`seed_province_achievements(stdout, n=300_000)`: 300k achievements under the benchmark
province (see jiangxin.core.seeding), in bulk, with completers where workers exist,
benefit entries, patents and the search index."""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jiangxin.core.patent_numbers import ep_check_digit
from jiangxin.core.search import search_index_many
from jiangxin.core.validators import patent_check_char
from jiangxin.orgs.paths import ancestor_paths
from jiangxin.studios.enums import StudioStatus

from .enums import AchievementKind as K
from .enums import AchievementStatus, PatentOffice, PatentStatus, PatentType
from .models import Achievement, BenefitEntry, Completer, Patent
from .selectors import SEARCH_KIND

STEEL = "日照钢铁控股集团有限公司"
LUAN_STUDIO = "栾军创新工作室"
TYPE_DIGIT = {
    PatentType.INVENTION: "1",
    PatentType.UTILITY_MODEL: "2",
    PatentType.DESIGN: "3",
    PatentType.PCT: "8",
}

# title, kind, description, studio?, status, completed, [(year, claimed, certified)]
STEEL_ACHIEVEMENTS = [
    (
        "转炉炼钢终点碳温智能控制技术",
        K.TECHNICAL_INNOVATION,
        "以副枪检测和炉气分析为基础，建立转炉终点碳含量与温度预报模型，一次命中率提高到92%。",
        True,
        AchievementStatus.ACCEPTED,
        date(2019, 11, 30),
        [
            (2020, "1250000000", "1200000000"),
            (2021, "1150000000", "1099000000"),
            (2025, "980000000", None),
        ],
    ),
    (
        "一种转炉溅渣护炉方法",
        K.INVENTION,
        "调整溅渣护炉的氮气压力与枪位曲线，延长转炉炉龄。",
        True,
        AchievementStatus.ACCEPTED,
        date(2021, 6, 18),
        [(2022, "950000000", "900000000")],
    ),
    (
        "钢包快速周转工艺改进",
        K.PROCESS_IMPROVEMENT,
        "优化钢包热修与烘烤流程，减少在线钢包数量，降低出钢温度。",
        True,
        AchievementStatus.ACCEPTED,
        date(2022, 9, 1),
        [(2023, "620000000", "600000000"), (2024, "580000000", None)],
    ),
    (
        "栾军炼钢操作法",
        K.OPERATING_METHOD,
        "“一看二听三判断”的炉前操作方法，稳定终点控制，减少补吹。",
        True,
        AchievementStatus.ACCEPTED,
        date(2023, 3, 15),
        [(2024, "300000000", "280000000"), (2025, "220000000", "220000000")],
    ),
    (
        "设备点检定修管理标准化",
        K.MANAGEMENT_IMPROVEMENT,
        "推行点检定修标准化作业，设备故障停机时间下降。",
        True,
        AchievementStatus.SUBMITTED,
        date(2024, 5, 20),
        [(2024, "18000000", None)],
    ),
    (
        "连铸结晶器液位检测小装置",
        K.SMALL_INVENTION,
        "",
        True,
        AchievementStatus.ACCEPTED,
        date(2022, 4, 8),
        [],
    ),
    ("钢包加揭盖辅助工具", K.SMALL_CREATION, "", True, AchievementStatus.ACCEPTED, None, []),
    (
        "氧枪喷头更换工装改进",
        K.SMALL_INNOVATION,
        "",
        True,
        AchievementStatus.ACCEPTED,
        date(2023, 7, 1),
        [(2023, "1200000", "1000000")],
    ),
    ("炉前测温取样枪支架", K.SMALL_DESIGN, "", False, AchievementStatus.SUBMITTED, None, []),
    ("优化炉前交接班记录表", K.SMALL_SUGGESTION, "", False, AchievementStatus.DRAFT, None, []),
    (
        "降低转炉钢铁料消耗的建议",
        K.RATIONALISATION,
        "回收利用渣钢和氧化铁皮，降低钢铁料消耗。",
        False,
        AchievementStatus.ACCEPTED,
        date(2021, 12, 1),
        [(2022, "3500000", "3000000"), (2023, "3200000", "3000000"), (2024, "2800000", None)],
    ),
]

# worker name, title, kind, [(year, claimed, certified)]
OTHER_ACHIEVEMENTS = [
    (
        "许振超",
        "许振超桥吊操作法",
        K.OPERATING_METHOD,
        [(2019, "8000000", "8000000"), (2020, "7500000", "7000000"), (2021, "6000000", None)],
    ),
    (
        "郭锐",
        "高速动车组转向架焊接工艺改进",
        K.PROCESS_IMPROVEMENT,
        [(2022, "5600000", "5000000"), (2023, "4800000", None)],
    ),
    ("李明", "带电作业绝缘操作杆小革新", K.SMALL_INNOVATION, [(2023, "420000", None)]),
    (
        "王树国",
        "热轧带钢头部翘曲控制技术",
        K.TECHNICAL_INNOVATION,
        [(2021, "12000000", "11000000")],
    ),
    (
        "王树国",
        "精轧机工作辊磨损预测与换辊优化",
        K.PROCESS_IMPROVEMENT,
        [(2023, "6800000", "6200000")],
    ),
    ("王树国", "轧线层流冷却水节能改造", K.RATIONALISATION, [(2024, "2600000", "2400000")]),
    ("孙红梅", "冰箱门体装配防错工装", K.SMALL_CREATION, []),
    ("刘海燕", "化验室样品流转管理改进", K.MANAGEMENT_IMPROVEMENT, [(2024, "800000", None)]),
]

# How the studio's 120 patents are spread over the types (two of the PCT kind are the
# international application and its European entry, below).
STUDIO_PATENTS = [
    (PatentType.INVENTION, 32),
    (PatentType.UTILITY_MODEL, 78),
    (PatentType.DESIGN, 6),
    (PatentType.PCT, 2),
]
# The first studio achievement is the long-running converter programme (its patents go
# back to 2012); the others start 300 days before they were completed.
PROGRAMME_STARTED = date(2012, 3, 1)
PARTS = ["转炉氧枪", "钢包", "中间包", "结晶器", "副枪探头", "出钢口", "溅渣枪", "铁水罐",
         "二冷段", "挡渣锥", "活动烟罩", "炉口"]  # fmt: skip
INVENTION_ENDS = ["控制方法", "在线检测方法", "快速修补方法", "寿命预测方法", "冶炼工艺",
                  "温度预报方法", "清理方法", "维护方法", "自动定位方法", "节能运行方法"]  # fmt: skip
UTILITY_ENDS = ["快速更换装置", "冷却结构", "定位工装", "防护装置", "清理装置", "密封结构",
                "测温取样装置", "吊运工具", "检测支架", "防溅挡板"]  # fmt: skip
DESIGNS = ["测温取样枪支架", "氧枪喷头保护套", "钢包盖", "炉前操作台", "中间包盖板", "取样器手柄"]
# Months from filing to grant (the usual pace of each type at CNIPA).
GRANT_MONTHS = {
    PatentType.INVENTION: 28,
    PatentType.UTILITY_MODEL: 10,
    PatentType.DESIGN: 6,
    PatentType.PCT: 34,
}
# The international application of 一种转炉溅渣护炉方法 and its European phase.
PCT_NUMBER = "PCT/CN2022/101234"
EP_DIGITS = "22936412"


def patent_number(year: int, patent_type: str, serial: int) -> str:
    digits = f"{year:04d}{TYPE_DIGIT[patent_type]}{serial:07d}"
    return f"{digits}.{patent_check_char(digits)}"


def _studio(name: str):
    from jiangxin.studios.models import Studio

    return Studio.objects.filter(name=name).exclude(status=StudioStatus.REVOKED).first()


def _certifier():
    from jiangxin.accounts.models import User

    return User.objects.filter(username="province_staff").first()


def _ledger(achievement, entries, certifier, now) -> list[BenefitEntry]:
    """Each year's claim; a certified one was certified in the spring after the year."""
    tz = timezone.get_current_timezone()
    return [
        BenefitEntry(
            achievement=achievement,
            year=year,
            claimed_yuan=Decimal(claimed),
            certified_yuan=Decimal(certified) if certified else None,
            certified_by=certifier if certified else None,
            certified_at=min(datetime(year + 1, 3, 20, 10, tzinfo=tz), now) if certified else None,
        )
        for year, claimed, certified in entries
    ]


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def _patent_title(ptype: str, serial: int) -> str:
    part = PARTS[serial % len(PARTS)]
    if ptype == PatentType.DESIGN:
        return DESIGNS[serial % len(DESIGNS)]
    if ptype == PatentType.UTILITY_MODEL:
        return f"一种{part}{UTILITY_ENDS[(serial // len(PARTS)) % len(UTILITY_ENDS)]}"
    return f"一种{part}{INVENTION_ENDS[(serial // len(PARTS)) % len(INVENTION_ENDS)]}"


def _studio_patents(hosts: list[Achievement], rng: random.Random) -> list[Patent]:
    """The studio's patents, each on the latest achievement started before it was filed;
    granted after the usual pace of its type (if that is past), one in ten still pending,
    a few lapsed for unpaid fees four years after the grant."""
    today = timezone.localdate()
    hosts = sorted(hosts, key=lambda a: a.started_on)
    patents, serial = [], 0
    for ptype, count in STUDIO_PATENTS:
        for _n in range(count):
            serial += 1
            year = 2012 + serial % 14
            filed = max(date(year, 1 + serial % 12, 1 + serial % 28), PROGRAMME_STARTED)
            filed = min(filed, today - timedelta(days=40))
            host = [a for a in hosts if a.started_on <= filed][-1]
            number = patent_number(filed.year, ptype, 5_000_000 + serial * 37 + rng.randint(0, 36))
            granted = _add_months(filed, GRANT_MONTHS[ptype] + serial % 5)
            p = Patent(
                achievement=host,
                patent_type=ptype,
                application_number=number,
                title=_patent_title(ptype, serial),
                filed_on=filed,
            )
            if serial % 10 != 0 and granted <= today:
                p.status, p.grant_date, p.grant_number = (
                    PatentStatus.GRANTED,
                    granted,
                    f"ZL{number}",
                )
                lapsed = _add_months(granted, 48)
                if serial % 13 == 0 and lapsed <= today:
                    p.status, p.ended_on, p.end_reason = PatentStatus.LAPSED, lapsed, "未缴纳年费"
            patents.append(p)
    splash = next(a for a in hosts if a.title == "一种转炉溅渣护炉方法")
    for office, number, filed in (
        (PatentOffice.PCT, PCT_NUMBER, date(2022, 6, 28)),
        # a Euro-PCT application: filed (in law) on the international filing date
        (PatentOffice.EP, f"EP{EP_DIGITS}.{ep_check_digit(EP_DIGITS)}", date(2022, 6, 28)),
    ):
        patents.append(
            Patent(
                achievement=splash,
                office=office,
                patent_type=PatentType.PCT if office == PatentOffice.PCT else PatentType.INVENTION,
                application_number=number,
                title="一种转炉溅渣护炉方法",
                filed_on=filed,
            )
        )
    return patents


@transaction.atomic
def seed_demo_achievements(orgs: dict, workers: dict) -> list[Achievement]:
    steel = orgs.get(STEEL)
    luan = workers.get("栾军")
    if steel is None or luan is None:
        return []
    if Achievement.objects.filter(enterprise=steel, title="栾军炼钢操作法").exists():
        return list(Achievement.objects.filter(enterprise__path__startswith=steel.path))
    rng = random.Random(43)
    now = timezone.now()
    certifier = _certifier()
    studio = _studio(LUAN_STUDIO)
    team = [w for w in workers.values() if w.employer_id == steel.pk and w.pk != luan.pk]
    team.sort(key=lambda w: w.pk)
    made: list[tuple[Achievement, list]] = []
    ledger: list[BenefitEntry] = []
    for i, (title, kind, text, in_studio, status, done, entries) in enumerate(STEEL_ACHIEVEMENTS):
        a = Achievement.objects.create(
            title=title,
            kind=kind,
            description=text,
            enterprise=steel,
            studio=studio if in_studio else None,
            started_on=(PROGRAMME_STARTED if i == 0 else done - timedelta(days=300))
            if done
            else None,
            completed_on=done,
            status=status,
        )
        # 栾军 first with two of his team, or a team member alone (the five smalls)
        if kind == K.OPERATING_METHOD or not team:
            people = [luan]
        elif i % 3 == 2:
            people = [team[i % len(team)]]
        else:
            people = [luan, *team[i % len(team) :][:2]]
        made.append((a, people))
        ledger += _ledger(a, entries, certifier, now)
    for name, title, kind, entries in OTHER_ACHIEVEMENTS:
        worker = workers.get(name)
        if worker is None:
            continue
        a = Achievement.objects.create(
            title=title,
            kind=kind,
            enterprise=worker.employer,
            # the studio its completer leads, if any (its naming rules count it)
            studio=worker.led_studios.exclude(status=StudioStatus.REVOKED).first(),
            completed_on=date(entries[0][0] - 1, 10, 1) if entries else None,
            status=AchievementStatus.ACCEPTED if entries else AchievementStatus.SUBMITTED,
        )
        made.append((a, [worker]))
        ledger += _ledger(a, entries, certifier, now)
    Completer.objects.bulk_create(
        [
            Completer(achievement=a, worker=w, order=n)
            for a, people in made
            for n, w in enumerate(people, start=1)
        ]
    )
    BenefitEntry.objects.bulk_create(ledger)
    Patent.objects.bulk_create(_studio_patents([a for a, _p in made[:4]], rng))
    search_index_many(
        SEARCH_KIND,
        (
            (a.pk, a.enterprise.path, " ".join([a.title, a.description, *(w.name for w in p)]))
            for a, p in made
        ),
    )
    return [a for a, _p in made]


# --- province scale ---------------------------------------------------------------------

WORDS_A = ["转炉", "连铸", "轧机", "高炉", "变压器", "输电线路", "数控机床", "焊接", "起重机", "泵站",
           "锅炉", "化验", "电机", "皮带机", "液压站", "配电柜", "管道", "机器人", "模具", "叉车"]  # fmt: skip
WORDS_B = ["节能", "降耗", "提效", "安全", "智能", "快速", "精准", "自动", "在线", "防错"]
WORDS_C = ["控制技术", "检测装置", "改进工艺", "维修工装", "管理办法", "操作方法", "监测系统",
           "更换工具", "优化方案", "辅助装置"]  # fmt: skip
KINDS = [k for k in K.values if k != K.OPERATING_METHOD]


def seed_province_achievements(stdout=None, *, n: int = 300_000) -> dict:
    """300k achievements across the benchmark province's enterprises, in bulk. Completers
    are drawn from the province's workers when there are any. Running it again when the
    province already has achievements does nothing."""
    from jiangxin.core.seeding import ROOT_NAME, _Say
    from jiangxin.orgs.enums import OrgKind
    from jiangxin.orgs.models import Org
    from jiangxin.people.models import Worker

    say = _Say(stdout)
    root = Org.objects.filter(depth=1, name=ROOT_NAME).first()
    if root is None:
        say("The province preset is not loaded; run `seed --preset province` first.")
        return {"achievements": 0}
    if Achievement.objects.filter(enterprise__path__startswith=root.path).exists():
        say("The province already has achievements; nothing to do.")
        return {"achievements": 0}
    rng = random.Random(300)
    enterprises = list(
        Org.objects.filter(path__startswith=root.path, kind=OrgKind.ENTERPRISE).values_list(
            "id", "path"
        )
    )
    if not enterprises:
        return {"achievements": 0}
    path_of = dict(enterprises)
    ent_paths = set(path_of.values())
    workers: dict[str, list[tuple[int, str]]] = {}
    for wid, name, path in (
        Worker.objects.filter(employer__path__startswith=root.path)
        .values_list("id", "name", "employer__path")
        .iterator(chunk_size=20000)
    ):
        ent = next((p for p in ancestor_paths(path, include_self=True) if p in ent_paths), None)
        if ent is not None:
            workers.setdefault(ent, []).append((wid, name))
    t0 = time.perf_counter()
    totals = {"achievements": 0, "completers": 0, "benefit": 0, "patents": 0, "search": 0}
    serial = 0
    this_year = timezone.localdate().year
    with transaction.atomic():
        for start in range(0, n, 5000):
            batch = []
            for i in range(start, min(n, start + 5000)):
                ent_id, _path = enterprises[i % len(enterprises)]
                title = (
                    f"{rng.choice(WORDS_A)}{rng.choice(WORDS_B)}{rng.choice(WORDS_C)}"
                    f"（{i // len(enterprises) + 1}）"
                )
                done = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3600))
                batch.append(
                    Achievement(
                        title=title,
                        kind=rng.choice(KINDS),
                        enterprise_id=ent_id,
                        completed_on=min(done, timezone.localdate()),
                        status=rng.choice(
                            [AchievementStatus.ACCEPTED] * 3 + [AchievementStatus.SUBMITTED]
                        ),
                    )
                )
            Achievement.objects.bulk_create(batch, batch_size=5000)
            completers, ledger, patents, index = [], [], [], []
            for a in batch:
                staff = workers.get(path_of[a.enterprise_id], [])
                names = []
                if staff:
                    for order, (wid, name) in enumerate(
                        rng.sample(staff, min(len(staff), rng.randint(1, 3))), start=1
                    ):
                        completers.append(Completer(achievement=a, worker_id=wid, order=order))
                        names.append(name)
                if rng.random() < 0.6:
                    year = min(a.completed_on.year + 1, this_year)
                    claimed = Decimal(rng.randint(10, 5000) * 1000)
                    certified = claimed * Decimal("0.9") if rng.random() < 0.7 else None
                    ledger.append(
                        BenefitEntry(
                            achievement=a, year=year, claimed_yuan=claimed, certified_yuan=certified
                        )
                    )
                if rng.random() < 0.15:
                    serial += 1
                    ptype = rng.choice(list(TYPE_DIGIT))
                    patents.append(
                        Patent(
                            achievement=a,
                            patent_type=ptype,
                            application_number=patent_number(
                                a.completed_on.year, ptype, 8_000_000 + serial
                            ),
                            status=PatentStatus.APPLIED,
                        )
                    )
                index.append((a.pk, path_of[a.enterprise_id], f"{a.title} {' '.join(names)}"))
            Completer.objects.bulk_create(completers, batch_size=5000)
            BenefitEntry.objects.bulk_create(ledger, batch_size=5000)
            Patent.objects.bulk_create(patents, batch_size=5000, ignore_conflicts=True)
            totals["search"] += search_index_many(SEARCH_KIND, index)
            totals["achievements"] += len(batch)
            totals["completers"] += len(completers)
            totals["benefit"] += len(ledger)
            totals["patents"] += len(patents)
            say(f"achievements: {totals['achievements']:,} / {n:,}")
    say(
        f"done: {totals['achievements']:,} achievements, {totals['completers']:,} completers, "
        f"{totals['benefit']:,} benefit entries, {totals['patents']:,} patents in "
        f"{time.perf_counter() - t0:.1f}s"
    )
    return totals
