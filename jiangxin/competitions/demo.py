"""Demo data: a provincial first-class competition of the province (seed 003: new
tracks such as new-energy exploration, carbon-fibre carbonisation, industrial robot
operation and maintenance) with its stages, quotas cascaded to the cities, and
registrations of several enterprises at every step of the approval ladder.
Deterministic (workers taken in id order) and idempotent."""

from __future__ import annotations

import datetime

from django.utils import timezone

from jiangxin.people.models import Worker
from jiangxin.selection.domain.quota import quota_cascade
from jiangxin.selection.selectors import cascade_children

from .enums import RegistrationSource, RegistrationStatus
from .models import Competition, Quota, Registration, Stage, Track

TITLE = "%(year)d年山东省职工职业技能大赛（省级一类竞赛）"
TRACKS = [
    # code, name, occupation, levels, ages, mode, team size
    ("SD-XNYKT", "新能源勘探", "", (3, 8), (18, 55), "individual", 1),
    ("SD-TXWTH", "碳纤维碳化", "", (3, 8), (18, 55), "individual", 1),
    ("SD-JQRYW", "工业机器人运维", "", (2, 8), (18, 50), "team", 2),
]
ENTERPRISES = [
    "日照钢铁控股集团有限公司",
    "山东钢铁集团有限公司",
    "青岛港集团有限公司",
    "中车青岛四方机车车辆股份有限公司",
    "济南二机床集团有限公司",
]
# The status of the n-th registration of an enterprise (cycled).
STATUSES = [
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.ENTERPRISE_APPROVED,
    RegistrationStatus.ORGANISER_APPROVED,
    RegistrationStatus.COMMITTEE_APPROVED,
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.REJECTED,
    RegistrationStatus.ENTERPRISE_APPROVED,
    RegistrationStatus.WITHDRAWN,
]
REASONS = {
    RegistrationStatus.REJECTED: "技能等级证书与职工名册不一致，请核实后重新报名。",
    RegistrationStatus.WITHDRAWN: "因生产任务安排退赛。",
}


def seed_demo_competitions(orgs: dict, workers: dict) -> Competition | None:
    province = orgs.get("province")
    if province is None:
        return None
    today = timezone.localdate()
    title = TITLE % {"year": today.year}
    if existing := Competition.objects.unscoped("the demo seed").filter(title=title).first():
        return existing
    competition = Competition.objects.create(
        org=province,
        title=title,
        level="provincial_1",
        year=today.year,
        status="open",
        registration_deadline=today + datetime.timedelta(days=60),
        description="赛项覆盖新职业、新领域：新能源勘探、碳纤维碳化、工业机器人运维。",
    )
    tracks = [
        Track.objects.create(
            competition=competition,
            code=code,
            name=name,
            occupation=occupation,
            min_level=levels[0],
            max_level=levels[1],
            min_age=ages[0],
            max_age=ages[1],
            mode=mode,
            team_size=size,
        )
        for code, name, occupation, levels, ages, mode, size in TRACKS
    ]
    start = today + datetime.timedelta(days=75)
    stages = [
        Stage.objects.create(
            competition=competition,
            kind=kind,
            order=n,
            starts_on=start + datetime.timedelta(days=30 * (n - 1)),
            ends_on=start + datetime.timedelta(days=30 * (n - 1) + 5),
            advance_rule=rule,
            advance_value=value,
        )
        for n, (kind, rule, value) in enumerate(
            [("enterprise", "top_n", 3), ("city", "top_percent", 30), ("provincial", "top_n", 10)],
            start=1,
        )
    ]
    _quotas(stages[0], province)
    _registrations(orgs, tracks, today)
    return competition


def _quotas(stage: Stage, province) -> None:
    """60 places of the enterprise selection, shared among the cities by enterprises."""
    from jiangxin.orgs.models import Org

    children = cascade_children(province)
    weights = {c.pk: 0 for c in children}
    counts = (
        Org.objects.unscoped("the demo seed")
        .filter(kind="enterprise", path__startswith=province.path)
        .values_list("path", flat=True)
    )
    by_path = {c.path: c.pk for c in children}
    for path in counts:
        for prefix, pk in by_path.items():
            if path.startswith(prefix):
                weights[pk] += 1
    shares = quota_cascade(60, weights, paths={c.pk: c.path for c in children})
    Quota.objects.bulk_create(
        Quota(stage=stage, org_id=pk, amount=n, method="enterprises", weight=weights[pk])
        for pk, n in shares.items()
    )


def _registrations(orgs: dict, tracks: list[Track], today) -> None:
    rows: list[Registration] = []
    for ent_name in ENTERPRISES:
        employer = orgs.get(ent_name)
        if employer is None:
            continue
        staff = list(
            Worker.objects.unscoped("the demo seed")
            .filter(employer=employer, skill_level__gte=3)
            .exclude(user__isnull=False)
            .order_by("pk")[:10]
        )
        for n, worker in enumerate(staff):
            if not _eligible(worker, today):
                continue
            track = tracks[n % 2] if n < 8 else tracks[2]
            status = STATUSES[n % len(STATUSES)] if n < 8 else RegistrationStatus.SUBMITTED
            rows.append(
                Registration(
                    track=track,
                    worker=worker,
                    employer=employer,
                    team_name=f"{employer.name[:4]}机器人运维队" if track.mode == "team" else "",
                    is_leader=track.mode == "team" and n == 8,
                    status=status,
                    reason=REASONS.get(status, ""),
                    source=RegistrationSource.IMPORT,
                )
            )
    Registration.objects.bulk_create(rows)


def _eligible(worker: Worker, today) -> bool:
    from .domain.registration import age_on

    return 18 <= age_on(worker.birth_date, today) <= 50
