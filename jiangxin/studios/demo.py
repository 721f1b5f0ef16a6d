"""Demo studios, as the articles tell it, at every stage of their way:

- 栾军创新工作室 (日照钢铁, steelmaking): named at provincial level in 2025 (鲁工发), with 25
  members, quarterly reports, an assessment, and its 公示 on the public board;
- 王树国创新工作室 (山东钢铁, provincial) and 许振超创新工作室 (青岛港, city level): their
  公示 has ended with no objection, so the province and Qingdao can name them at once;
- 李明创新工作室 (国网山东省电力公司, provincial): in 公示 now, open for objections;
- 郭锐创新工作室 (中车四方, provincial): waiting for the Qingdao federation's review;
- 孙红梅创新工作室 (海尔, city level): submitted at an enterprise with no reviewer account,
  so the Qingdao federation decides in its place.

Dates run in sequence (applied < reviewed < announced < named). The Shaanxi 2020 naming
rules and the province's creation-rate target come with it. Running it twice adds nothing.
`studio_demo_refresh` re-checks the rules once the achievements are seeded.

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

from .announcement import studio_close, studio_post
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
from .workflow import review_path

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
        "取得3项以上有经济效益的职工创新成果",
        "min_achievements_with_benefit",
        {"count": 3},
    ),
    ("shaanxi-2020-trainings", "每年开展2次以上交流或培训", "min_trainings_per_year", {"count": 2}),
    ("shaanxi-2020-promoted", "3名以上成员技能等级晋升", "min_members_promoted", {"count": 3}),
]

# name, leader, host, field, level, established, stage, team size
DEMO_STUDIOS = [
    ("栾军创新工作室", "栾军", STEEL, "转炉炼钢工艺与设备技术创新", "provincial", date(2012, 3, 1), "named", 25),
    ("王树国创新工作室", "王树国", "山东钢铁集团有限公司", "热轧带钢轧制工艺优化", "provincial", date(2018, 4, 1), "announcement_over", 8),
    ("许振超创新工作室", "许振超", "青岛港集团有限公司", "集装箱桥吊装卸工艺", "city", date(2015, 6, 1), "announcement_over", 8),
    ("李明创新工作室", "李明", "国网山东省电力公司", "配电网带电作业技术", "provincial", date(2017, 5, 1), "announced", 6),
    ("郭锐创新工作室", "郭锐", "中车青岛四方机车车辆股份有限公司", "高速动车组转向架焊接", "provincial", date(2019, 9, 1), "city_review", 1),
    ("孙红梅创新工作室", "孙红梅", "海尔集团公司", "冰箱智能装配工艺", "city", date(2021, 3, 1), "submitted", 1),
]  # fmt: skip

# Document numbers at the naming level: the province (鲁工发) or the city (青工发 …).
DOCUMENT_PREFIX = {"province": "鲁工发", "青岛市总工会": "青工发", "日照市总工会": "日工发"}

_TEAM = """
张建华 刘志强 陈立新 杨文斌 赵海涛 孙晓东 周明亮 吴国庆 郑春雷 王丽娜 冯永刚 韩学军
曹立峰 许文静 邓志刚 彭海波 曾庆华 肖建平 田晓燕 董卫东 袁春生 潘红霞 蒋国栋 蔡明辉
余建军 杜玉兰 叶振华 程志远 苏国强 魏海燕
"""
TEAM_NAMES = _TEAM.split()

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
        occupation="炼钢工",
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


def _team(studio: Studio, size: int, rng: random.Random) -> None:
    """Fill the studio up to `size` members from the host's workers (new ones if short,
    some of them promoted a skill grade since the studio was established)."""
    from jiangxin.people.models import SkillPromotion, Worker
    from jiangxin.people.services import worker_build

    have = set(studio.members.values_list("worker_id", flat=True))
    pool = list(
        Worker.objects.filter(employer__path__startswith=studio.host.path)
        .exclude(pk__in=have)
        .exclude(led_studios__isnull=False)
        .order_by("id")[: max(size - len(have), 0)]
    )
    seq = 500 + studio.pk * 20
    taken = set(Worker.objects.filter(name__in=TEAM_NAMES).values_list("name", flat=True))
    names = iter([n for n in TEAM_NAMES if n not in taken])  # no one in two teams
    while len(have) + len(pool) < size:
        seq += 1
        rid = _resident_id(studio.host.region_code, date(1985, 1, 1) + timedelta(days=seq), seq)
        worker = worker_build(
            resident_id=rid,
            name=next(names, f"{studio.leader.name[0]}伟{seq % 100}"),
            employer=studio.host,
            occupation=studio.leader.occupation or "技术工人",
            skill_level=rng.randint(4, 6),
        )
        if Worker.objects.filter(id_hash=worker.id_hash).exists():
            continue
        worker.save()
        SkillPromotion.objects.create(
            worker=worker,
            level=worker.skill_level,
            date=date(2022 + len(pool) % 3, 3 + len(pool) % 9, 1),
            evidence_kind="certificate",
            evidence_ref=f"SD{seq:06d}",
        )
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


def _host_admin(org):
    """The enterprise's own account (its union applies and reports), or None."""
    from jiangxin.accounts.models import RoleAssignment
    from jiangxin.core.roles import Role

    found = RoleAssignment.objects.filter(org=org, role=Role.ENTERPRISE_ADMIN).order_by("id")
    return found.first().user if found.exists() else None


def _reviewer(stage, stages):
    """Who decided the stage: a reviewer account of its org; for an enterprise with none,
    the next stage's federation in its place (as `studio_review` allows). (user, acting)"""
    from jiangxin.accounts.models import RoleAssignment

    from .access import REVIEWER_ROLES

    here = (
        RoleAssignment.objects.filter(org=stage.org, role__in=REVIEWER_ROLES)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if here is not None:
        return here.user, None
    if stage.level != StageLevel.ENTERPRISE or len(stages) < 2:
        return _user(REVIEWERS[stage.level]), None
    above = stages[1]
    return _user(REVIEWERS[above.level]), above.org


def stage_last(stages) -> str:
    return stages[-1].level


OVERRIDE = "该工作室在本领域技术攻关贡献突出，经研究同意破格推荐。"


def _review(studio: Studio, stages, upto: int, start) -> object:
    """Approvals of the first `upto` stages, a fortnight apart from `start`; the time of
    the last one. The last stage approves an unmet rule with a recorded reason."""
    at = start
    unmet = any(not r["passed"] for r in studio.rule_results)
    for stage in stages[:upto]:
        at = at + timedelta(days=14)
        reviewer, acting = _reviewer(stage, stages)
        StudioReview.objects.create(
            override_reason=OVERRIDE if unmet and stage is stages[-1] else "",
            acting_org=acting,
            studio=studio,
            stage_org=stage.org,
            stage_level=stage.level,
            decision=ReviewDecision.APPROVE,
            comment=(
                "该企业尚未开通审核账号，由上级总工会代为审核，材料齐全，同意推荐。"
                if acting
                else "材料齐全，同意推荐。"
                if stage is not stages[-1]
                else "经审核，同意命名公示。"
            ),
            reviewer=reviewer,
            rule_results=studio.rule_results,
            at=at,
        )
    return at


def _announce(studio: Studio, stages, starts_on: date) -> None:
    from django.utils import translation

    studio.status = StudioStatus.ANNOUNCED
    studio.stage_level, studio.stage_org = "", None
    with translation.override("zh-hans"):  # the board words the notice
        posting = studio_post(
            actor=_user(REVIEWERS[stage_last(stages)]), studio=studio, starts_on=starts_on
        )
    studio.announced_on, studio.announce_until = starts_on, posting.ends_on


def _name(studio: Studio, stages, number: str, named: date, unveiled: date) -> None:
    authority = stages[-1].org
    level = studio.level
    studio.status = StudioStatus.NAMED
    studio.named_level, studio.document_number, studio.unveiled_on = level, number, unveiled
    studio.named_at = timezone.make_aware(timezone.datetime(named.year, named.month, named.day, 10))
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
    studio.save()
    studio_close(actor=None, studio=studio)


def _check(studio: Studio, today: date) -> None:
    studio.rule_results = [r.as_dict() for r in naming_rules_evaluate(studio, today=today)]
    studio.rules_checked_at = timezone.now()


def _seed_studio(spec, orgs: dict, workers: dict, rng: random.Random) -> Studio | None:
    name, leader_name, host_name, field, level, established, stage, size = spec
    host = orgs.get(host_name)
    if host is None:
        return None
    existing = Studio.objects.filter(host=host, name=name).first()
    if existing is not None:
        return existing
    leader = _leader(leader_name, host, workers)
    if leader is None or not leader.employer.path.startswith(host.path):
        return None
    stages = review_path(host, level)
    today = timezone.localdate()
    # when it applied: the named one in early 2025, the others so that its reviews (a
    # fortnight apart) end a few days before its announcement
    gap = {"announced": 3, "announcement_over": 25, "city_review": 10, "submitted": 5}
    applied = (
        timezone.make_aware(timezone.datetime(2025, 2, 10, 9))
        if stage == "named"
        else timezone.now() - timedelta(days=14 * len(stages) + gap.get(stage, 5))
    )
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
        applied_by=_host_admin(host),
        applied_at=applied,
    )
    studio.full_clean(exclude=["stage_org", "applied_by", "certificate"])
    studio.save()
    StudioMember.objects.create(
        studio=studio, worker=leader, role=MemberRole.LEADER, joined_on=established
    )
    if size > 1:
        _team(studio, size, rng)
    _check(studio, today)
    if stage == "city_review":
        _review(studio, stages, 1, applied)
        studio.status = StudioStatus.UNDER_REVIEW
        studio.stage_level, studio.stage_org = stages[1].level, stages[1].org
    elif stage == "province_review":  # waits for the last stage (the home page's to-do)
        _review(studio, stages, len(stages) - 1, applied)
        studio.status = StudioStatus.UNDER_REVIEW
        studio.stage_level, studio.stage_org = stages[-1].level, stages[-1].org
    elif stage == "announced":
        _review(studio, stages, len(stages), applied)
        _announce(studio, stages, today)
    elif stage == "announcement_over":
        last = _review(studio, stages, len(stages), applied)
        _announce(studio, stages, timezone.localtime(last).date() + timedelta(days=1))
    elif stage == "named":
        last = _review(studio, stages, len(stages), applied)
        _announce(studio, stages, timezone.localtime(last).date() + timedelta(days=3))
        number = f"{DOCUMENT_PREFIX.get(_key(stages[-1].org, orgs), '鲁工发')}〔2025〕18号"
        _name(studio, stages, number, date(2025, 4, 15), date(2025, 4, 28))
    studio.save()
    return studio


def _key(org, orgs: dict) -> str:
    return next((k for k, o in orgs.items() if o.pk == org.pk), org.name)


def _records(studio: Studio, *, first_year: int = 2025) -> None:
    """Quarterly reports from `first_year` up to the last complete quarter."""
    today = timezone.localdate()
    current = (today.year, (today.month - 1) // 3 + 1)
    quarters = [(y, q) for y in range(first_year, today.year + 1) for q in range(1, 5)]
    activities = [
        f"围绕{studio.field}开展技术攻关，完成2项工艺改进。",
        "组织青年职工技能培训2期，举办技术交流会1次。",
        "完成作业标准化手册修订，推广先进操作法。",
        "参加全省劳模工匠创新交流活动，分享职工创新成果。",
    ]
    submitter = _host_admin(studio.host)
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
                "achievements": "降低成本约120万元" if q == 2 else "",
                "submitted_by": submitter,
            },
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
    for s in studios:
        if s.name in ("栾军创新工作室", "王树国创新工作室"):
            _records(s, first_year=2024)
    studio_demo_refresh()
    return studios


def studio_demo_refresh() -> None:
    """Once the other modules' demo records exist (achievements, benefit, patents): the
    demo studios' rule checks and the named studio's 2025 assessment, from those records.
    Running it twice changes nothing more."""
    from .indicators import studio_indicators

    names = [spec[0] for spec in DEMO_STUDIOS]
    for studio in Studio.objects.filter(name__in=names).select_related("host", "leader"):
        when = timezone.localdate() if studio.named_at is None else studio.named_at.date()
        _check(studio, when)
        studio.save(update_fields=["rule_results", "rules_checked_at"])
        unmet = any(not r["passed"] for r in studio.rule_results)
        studio.reviews.update(rule_results=studio.rule_results)
        if not unmet:  # met once the achievements counted: no override was needed
            studio.reviews.update(override_reason="")
        if studio.status == StudioStatus.NAMED:
            StudioAssessment.objects.update_or_create(
                studio=studio,
                year=2025,
                defaults={
                    "indicators": studio_indicators([studio], 2025)[studio.pk],
                    "rating": "excellent",
                    "comment": "职工创新成果突出，人才培养成效明显。",
                    "assessor": _user(REVIEWERS[StageLevel.PROVINCE]),
                },
            )


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
