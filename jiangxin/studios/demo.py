"""Demo studios, as the articles tell it: 栾军创新工作室 at 日照钢铁 named at provincial level
with 25 members, quarterly reports and an assessment; a studio at each other stage (one
submitted, one at the city's review, one announced, one named at city level); the Shaanxi
2020 naming rules; the province's creation-rate target (80% by the end of 2026).
Running it twice adds nothing.

`seed_province_studios` fills the province design load (20,000 studios) in bulk."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jiangxin.core.audit import audit_record
from jiangxin.core.documents import document_issue
from jiangxin.core.validators import resident_id_check_char

from .enums import MemberRole, ReviewDecision, StageLevel, StudioLevel, StudioStatus
from .models import (
    CreationRateTarget,
    NamingRule,
    Studio,
    StudioAssessment,
    StudioMember,
    StudioQuarterlyReport,
    StudioReview,
)
from .rules import naming_rules_evaluate
from .services import CERTIFICATE_KIND
from .workflow import announcement_end, review_path

STEEL = "日照钢铁控股集团有限公司"

# Shaanxi 2020: the criteria for a provincial studio (data, editable in the admin).
NAMING_RULES = [
    (
        "shaanxi-2020-leader",
        "领办人为省级以上劳动模范、五一劳动奖章获得者或省级以上工匠",
        "leader_honour",
        {
            "categories": ["model_worker", "may_day_medal", "craftsman"],
            "levels": ["national", "provincial"],
        },
    ),
    ("shaanxi-2020-years", "创建并运行3年以上", "min_years_running", {"years": 3}),
    (
        "shaanxi-2020-achievements",
        "取得3项以上有经济效益的创新成果",
        "min_achievements_with_benefit",
        {"count": 3},
    ),
    ("shaanxi-2020-trainings", "每年开展2次以上交流或培训", "min_trainings_per_year", {"count": 2}),
    ("shaanxi-2020-promoted", "3名以上成员技能等级晋升", "min_members_promoted", {"count": 3}),
]

# name, leader, host, field, level, established, status
DEMO_STUDIOS = [
    ("栾军创新工作室", "栾军", STEEL, "汽轮机检修与技术创新", "provincial", date(2012, 3, 1), "named"),
    ("许振超创新工作室", "许振超", "青岛港集团有限公司", "集装箱装卸工艺", "city", date(2015, 6, 1), "named_city"),
    ("王树国创新工作室", "王树国", "山东钢铁集团有限公司", "轧钢工艺优化", "provincial", date(2018, 4, 1), "announced"),
    ("郭锐创新工作室", "郭锐", "中车青岛四方机车车辆股份有限公司", "高速列车焊接", "provincial", date(2019, 9, 1), "city_review"),
    ("孙红梅创新工作室", "孙红梅", "海尔集团公司", "智能装配", "city", date(2021, 3, 1), "submitted"),
    ("李明创新工作室", "李明", "国网山东省电力公司", "输电线路带电作业", "provincial", date(2017, 6, 1), "province_review"),
]  # fmt: skip

REVIEWERS = {
    StageLevel.ENTERPRISE: ("rizhao_steel_admin", "shandong_steel_admin"),
    StageLevel.CITY: ("qingdao_staff",),
    StageLevel.PROVINCE: ("province_staff", "province_admin"),
}


def _user(names):
    from jiangxin.accounts.models import User

    return User.objects.filter(username__in=names).order_by("id").first()


def _leader(name: str, host, workers: dict):
    """The demo worker of that name, or (without jiangxin.people.demo) a new one."""
    from jiangxin.people.models import Honour, HonourType, Worker
    from jiangxin.people.services import worker_build

    worker = workers.get(name)
    if worker is None or not worker.employer.path.startswith(host.path):
        worker = Worker.objects.filter(name=name, employer__path__startswith=host.path).first()
    if worker is not None:
        return worker
    if name != "栾军":
        return None
    rid = _resident_id(host.region_code or "371100", date(1975, 3, 8), 17)
    worker = worker_build(
        resident_id=rid,
        name=name,
        employer=host,
        occupation="汽轮机检修工",
        skill_level=8,
        first_line=True,
        showcase_consent=True,
    )
    worker.save()
    kind = HonourType.objects.filter(code="qilu-craftsman").first()
    if kind is not None:
        Honour.objects.create(
            worker=worker, honour_type=kind, year=2021, awarding_body=kind.awarding_body
        )
    return worker


def _resident_id(region: str, birth: date, seq: int) -> str:
    body = f"{region}{birth:%Y%m%d}{seq % 1000:03d}"
    return body + resident_id_check_char(body)


def _team(studio: Studio, leader, size: int, rng: random.Random) -> None:
    """Fill the studio up to `size` members from the host's workers (new ones if short)."""
    from jiangxin.people.models import Worker
    from jiangxin.people.services import worker_build

    have = set(studio.members.values_list("worker_id", flat=True))
    pool = list(
        Worker.objects.filter(employer__path__startswith=studio.host.path)
        .exclude(pk__in=have)
        .order_by("id")[: max(size - len(have), 0)]
    )
    seq = 500
    while len(have) + len(pool) < size:
        seq += 1
        rid = _resident_id(studio.host.region_code, date(1990, 1, 1) + timedelta(days=seq), seq)
        worker = worker_build(
            resident_id=rid,
            name=f"团队成员{seq - 500}",
            employer=studio.host,
            occupation="检修工",
            skill_level=rng.randint(3, 6),
        )
        if not Worker.objects.filter(id_hash=worker.id_hash).exists():
            worker.save()
            pool.append(worker)
    StudioMember.objects.bulk_create(
        [
            StudioMember(
                studio=studio,
                worker=w,
                role=MemberRole.CORE if i < 5 else MemberRole.MEMBER,
                joined_on=studio.established_on + timedelta(days=30 * (i + 1)),
            )
            for i, w in enumerate(pool)
        ]
    )


def _review(studio: Studio, stages, upto: int, at) -> None:
    for stage in stages[:upto]:
        StudioReview.objects.create(
            studio=studio,
            stage_org=stage.org,
            stage_level=stage.level,
            decision=ReviewDecision.APPROVE,
            comment="同意推荐",
            reviewer=_user(REVIEWERS[stage.level]),
            at=at,
        )


def _name(studio: Studio, stages, level: str, number: str, unveiled: date) -> None:
    authority = stages[-1].org
    studio.status = StudioStatus.NAMED
    studio.named_level, studio.document_number, studio.unveiled_on = level, number, unveiled
    studio.announced_on = unveiled - timedelta(days=30)
    studio.announce_until = announcement_end(studio.announced_on)
    studio.named_at = timezone.now()
    studio.certificate = document_issue(
        actor=None,
        kind=CERTIFICATE_KIND,
        title="劳模和工匠人才创新工作室",
        holder_name=studio.name,
        org=authority,
        facts=[
            ["工作室", studio.name],
            ["领办人", studio.leader.name],
            ["依托单位", studio.host.name],
            ["级别", str(StudioLevel(level).label)],
            ["文号", number],
            ["揭牌日期", unveiled.isoformat()],
        ],
    )


def _seed_studio(spec, orgs: dict, workers: dict, rng: random.Random) -> Studio | None:
    name, leader_name, host_name, field, level, established, stage = spec
    host = orgs.get(host_name)
    if host is None:
        return None
    existing = Studio.objects.filter(host=host, name=name).first()
    if existing is not None:
        return existing
    leader = _leader(leader_name, host, workers)
    if leader is None or not leader.employer.path.startswith(host.path):
        return None
    stages = review_path(host)
    studio = Studio(
        name=name,
        leader=leader,
        host=host,
        field=field,
        level=level,
        established_on=established,
        description=f"{leader.name}领衔，围绕{field}开展技术攻关、成果转化和人才培养。",
        space_m2=Decimal(rng.choice([120, 180, 260, 400])),
        funding_yuan=Decimal(rng.choice([200000, 500000, 1000000])),
        status=StudioStatus.SUBMITTED,
        stage_level=stages[0].level,
        stage_org=stages[0].org,
        applied_at=timezone.now() - timedelta(days=60),
    )
    studio.full_clean(exclude=["stage_org", "applied_by", "certificate"])
    studio.save()
    StudioMember.objects.create(
        studio=studio, worker=leader, role=MemberRole.LEADER, joined_on=established
    )
    at = timezone.now() - timedelta(days=40)
    if stage == "city_review":
        _review(studio, stages, 1, at)
        studio.status = StudioStatus.UNDER_REVIEW
        studio.stage_level, studio.stage_org = stages[1].level, stages[1].org
    elif stage == "province_review":  # waits for the last stage (the home page's to-do)
        _review(studio, stages, len(stages) - 1, at)
        studio.status = StudioStatus.UNDER_REVIEW
        studio.stage_level, studio.stage_org = stages[-1].level, stages[-1].org
    elif stage == "announced":
        _review(studio, stages, len(stages), at)
        studio.status = StudioStatus.ANNOUNCED
        studio.stage_level, studio.stage_org = "", None
        studio.announced_on = timezone.localdate()
        studio.announce_until = announcement_end(studio.announced_on)
    elif stage in ("named", "named_city"):
        _review(studio, stages, len(stages), at)
        studio.stage_level, studio.stage_org = "", None
        if stage == "named":
            _name(studio, stages, "provincial", "鲁工发〔2025〕18号", date(2025, 5, 1))
        else:
            _name(studio, stages, "city", "鲁工发〔2024〕7号", date(2024, 4, 28))
    studio.save()
    if stage == "named":
        _team(studio, leader, 25, rng)
    elif stage in ("named_city", "announced"):
        _team(studio, leader, 8, rng)
    studio.rule_results = [
        r.as_dict() for r in naming_rules_evaluate(studio, today=timezone.localdate())
    ]
    studio.rules_checked_at = timezone.now()
    studio.save(update_fields=["rule_results", "rules_checked_at"])
    return studio


def _records(studio: Studio) -> None:
    """Quarterly reports of the last year and the assessment of 2025."""
    from .indicators import studio_indicators

    today = timezone.localdate()
    current = (today.year, (today.month - 1) // 3 + 1)
    quarters = [(2025, q) for q in range(1, 5)] + [(2026, q) for q in range(1, 5)]
    activities = [
        "开展汽轮机振动故障诊断技术攻关，完成2项工艺改进。",
        "组织青年职工技能培训2期，举办技术交流会1次。",
        "完成检修作业标准化手册修订，推广先进操作法。",
        "参加全省冶金行业劳模工匠创新交流活动，分享创新成果。",
    ]
    for year, q in quarters:
        if (year, q) >= current:
            break
        StudioQuarterlyReport.objects.get_or_create(
            studio=studio,
            year=year,
            quarter=q,
            defaults={
                "activities": activities[(q - 1) % len(activities)],
                "trainings": 2 + q % 2,
                "achievements": "降低检修成本约120万元" if q == 2 else "",
                "submitted_by": _user(REVIEWERS[StageLevel.ENTERPRISE]),
            },
        )
    if not StudioAssessment.objects.filter(studio=studio, year=2025).exists():
        StudioAssessment.objects.create(
            studio=studio,
            year=2025,
            indicators=studio_indicators([studio], 2025)[studio.pk],
            rating="excellent",
            comment="创新成果突出，人才培养成效明显。",
            assessor=_user(REVIEWERS[StageLevel.PROVINCE]),
        )


@transaction.atomic
def seed_demo_studios(orgs: dict, workers: dict) -> list[Studio]:
    rng = random.Random(2020)
    for code, description, kind, params in NAMING_RULES:
        NamingRule.objects.get_or_create(
            code=code,
            defaults={
                "description": description,
                "kind": kind,
                "params": params,
                "level": StudioLevel.PROVINCIAL,
            },
        )
    province = orgs.get("province")
    if province is not None:
        CreationRateTarget.objects.get_or_create(
            org=province,
            by_date=date(2026, 12, 31),
            defaults={
                "target_rate": Decimal("80"),
                "note": "到2026年底一线劳模工匠创新工作室创建率达到80%左右",
            },
        )
    if (qingdao := orgs.get("青岛市总工会")) is not None:
        CreationRateTarget.objects.get_or_create(
            org=qingdao,
            by_date=date(2026, 12, 31),
            defaults={"target_rate": Decimal("85"), "note": "青岛市目标"},
        )
    studios = [s for spec in DEMO_STUDIOS if (s := _seed_studio(spec, orgs, workers, rng))]
    luan = next((s for s in studios if s.name == "栾军创新工作室"), None)
    if luan is not None:
        _records(luan)
    return studios


# --- the province design load ----------------------------------------------------------


def seed_province_studios(stdout=None, n: int = 20_000) -> int:
    """`n` studios under the benchmark province (jiangxin.core.seeding), in bulk: one per
    enterprise (round robin), led by a worker of the enterprise where the people load has
    one, else by a new worker. Most are named; the rest spread over the other stages.
    Does nothing when the province is missing or already has studios."""
    from django.db.models import Min

    from jiangxin.core.seeding import ROOT_NAME, _person, _Say
    from jiangxin.orgs.enums import OrgKind
    from jiangxin.orgs.models import Org
    from jiangxin.people.crypto import mask_resident_id, pii_blind_index, pii_encrypt
    from jiangxin.people.models import Worker

    say = _Say(stdout)
    root = Org.objects.filter(depth=1, name=ROOT_NAME).first()
    if root is None:
        say("no benchmark province: run the province preset first; no studios seeded")
        return 0
    if Studio.objects.filter(host__path__startswith=root.path).exists():
        say("the benchmark province already has studios; nothing to do")
        return 0
    rng = random.Random(2026)
    enterprises = list(
        Org.objects.filter(path__startswith=root.path, kind=OrgKind.ENTERPRISE)
        .order_by("path")
        .values_list("id", "region_code")
    )
    if not enterprises:
        return 0
    first_worker = dict(
        Worker.objects.filter(employer_id__in=[e for e, _r in enterprises], first_line=True)
        .values("employer_id")
        .annotate(first=Min("id"))
        .values_list("employer_id", "first")
    )
    with transaction.atomic():
        leaders: list[tuple[int, int]] = []  # (enterprise id, worker id or -index of a new one)
        new_workers: list[Worker] = []
        for i in range(n):
            ent, region = enterprises[i % len(enterprises)]
            wid = first_worker.pop(ent, None) if i < len(enterprises) else None
            if wid is None:
                birth = date(1965, 1, 1) + timedelta(days=i // 900)
                rid = _resident_id(region, birth, 100 + i % 900)
                new_workers.append(
                    Worker(
                        name=_person(rng),
                        gender="M" if int(rid[16]) % 2 else "F",
                        id_cipher=pii_encrypt(rid),
                        id_hash=pii_blind_index(rid),
                        id_masked=mask_resident_id(rid),
                        birth_date=birth,
                        employer_id=ent,
                        occupation=rng.choice(["钳工", "焊工", "电工", "数控车工", "检修工"]),
                        skill_level=rng.randint(5, 8),
                        first_line=True,
                    )
                )
                wid = -len(new_workers)
            leaders.append((ent, wid))
        taken = set(
            Worker.objects.filter(id_hash__in=[w.id_hash for w in new_workers]).values_list(
                "id_hash", flat=True
            )
        )
        fresh = [w for w in new_workers if w.id_hash not in taken]
        Worker.objects.bulk_create(fresh, batch_size=2000)
        say(f"created {len(fresh):,} studio leaders")
        by_hash = {w.id_hash: w for w in fresh}
        statuses = [StudioStatus.NAMED] * 14 + [
            StudioStatus.ANNOUNCED,
            StudioStatus.SUBMITTED,
            StudioStatus.UNDER_REVIEW,
            StudioStatus.RETURNED,
            StudioStatus.REVOKED,
            StudioStatus.DRAFT,
        ]
        levels = list(StudioLevel.values)
        now = timezone.now()
        studios: list[Studio] = []
        names: dict[int, str] = dict(
            Worker.objects.filter(pk__in=[w for _e, w in leaders if w > 0]).values_list(
                "id", "name"
            )
        )
        for i, (ent, wid) in enumerate(leaders):
            if wid < 0:
                worker = by_hash.get(new_workers[-wid - 1].id_hash)
                if worker is None:
                    continue
                wid, leader_name = worker.pk, worker.name
            else:
                leader_name = names[wid]
            status = statuses[i % len(statuses)]
            level = levels[min(int(rng.expovariate(1.2)), 3)]
            named = status in (StudioStatus.NAMED, StudioStatus.REVOKED)
            studios.append(
                Studio(
                    name=f"{leader_name}创新工作室" + (f"（{i}）" if i >= len(enterprises) else ""),
                    leader_id=wid,
                    host_id=ent,
                    field=rng.choice(["工艺改进", "设备检修", "节能降耗", "智能制造", "质量攻关"]),
                    level=level,
                    status=status,
                    stage_level=StageLevel.ENTERPRISE
                    if status == StudioStatus.SUBMITTED
                    else (StageLevel.PROVINCE if status == StudioStatus.UNDER_REVIEW else ""),
                    stage_org_id=ent
                    if status == StudioStatus.SUBMITTED
                    else (root.pk if status == StudioStatus.UNDER_REVIEW else None),
                    established_on=date(2010 + rng.randrange(14), rng.randint(1, 12), 1),
                    named_level=level if named else "",
                    document_number=f"测工发〔{2015 + i % 10}〕{i % 97 + 1}号" if named else "",
                    named_at=now if named else None,
                    revoked_at=now if status == StudioStatus.REVOKED else None,
                    revoked_reason="考核不合格" if status == StudioStatus.REVOKED else "",
                )
            )
        Studio.objects.bulk_create(studios, batch_size=2000)
        say(f"created {len(studios):,} studios")
        StudioMember.objects.bulk_create(
            [
                StudioMember(
                    studio=s,
                    worker_id=s.leader_id,
                    role=MemberRole.LEADER,
                    joined_on=s.established_on,
                )
                for s in studios
            ],
            batch_size=2000,
        )
        audit_record(
            action="seed.province_studios",
            obj=root,
            username="system",
            details={"studios": len(studios)},
        )
    return len(studios)
