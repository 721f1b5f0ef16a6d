"""Province-scale workers (the design load: 2M), for `seed --preset province` and the
benchmarks. Valid, unique resident ID numbers are generated from a counter; every row is
encrypted and blind-indexed like a real one, and inserted with COPY on PostgreSQL."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from django.db import transaction
from django.db.models.functions import Mod
from django.utils import timezone

from jiangxin.core.seeding import ROOT_NAME, _insert
from jiangxin.core.validators import resident_id_check_char
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org

from .crypto import mask_resident_id, pii_blind_index, pii_encrypt
from .models import Worker

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥玲芬燕彬鹏辉建国建华志强海波"
)
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
    "装配钳工",
    "车工",
]
BASE_BIRTH = date(1962, 1, 1)


def resident_id_for(index: int, region: str) -> str:
    """A valid ID number unique per index: birth date and sequence come from the index."""
    birth = BASE_BIRTH + timedelta(days=(index // 500) % 14600)
    seq = index % 500 * 2 + (index // 7_300_000) % 2  # stays unique for 14.6M indexes per region
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + resident_id_check_char(body)


def seed_province_workers(stdout=None, *, total: int = 2_000_000) -> int:
    say = (lambda m: stdout.write(m + "\n")) if stdout else (lambda m: None)
    root = Org.objects.filter(depth=1, name=ROOT_NAME).first()
    if root is None:
        say("load the province orgs first")
        return 0
    if Worker.objects.filter(employer__path__startswith=root.path).exists():
        say("province workers already loaded; nothing to do")
        return 0
    enterprises = list(
        Org.objects.filter(path__startswith=root.path, kind=OrgKind.ENTERPRISE).values_list(
            "id", "region_code"
        )
    )
    rng = random.Random(2)
    now = timezone.now()
    started = time.perf_counter()
    columns = [
        "name", "gender", "id_cipher", "id_hash", "id_masked", "birth_date", "mobile", "employer_id",
        "occupation", "skill_level", "first_line", "migrant", "education", "union_member_since",
        "showcase_consent", "bio", "user_id", "created_at", "updated_at",
    ]  # fmt: skip

    def rows():
        for i in range(total):
            employer_id, region = enterprises[i % len(enterprises)]
            rid = resident_id_for(i, region)
            yield (
                rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if i % 3 else ""),
                "M" if int(rid[16]) % 2 else "F",
                pii_encrypt(rid),
                pii_blind_index(rid),
                mask_resident_id(rid),
                date(int(rid[6:10]), int(rid[10:12]), int(rid[12:14])),
                "",
                employer_id,
                OCCUPATIONS[i % len(OCCUPATIONS)],
                1 + i % 8,
                i % 5 != 0,
                i % 4 == 0,
                "",
                None,
                False,
                "",
                None,
                now,
                now,
            )
            if i and i % 200_000 == 0:
                say(f"  {i:,} workers ({i / (time.perf_counter() - started):,.0f}/s)")

    with transaction.atomic():
        n = _insert(Worker, columns, rows())
    say(f"{n:,} workers in {time.perf_counter() - started:,.1f}s")
    return n


def seed_province_honours(stdout=None, *, leader_ids: list[int], share: int = 49) -> int:
    """The honours a province really has, verified: one counting honour (the first honour
    type that counts for the creation rate) for every studio leader in `leader_ids` and for
    the first-line workers whose id is a multiple of `share` (49: about 2 %; prime to the
    seed's every-fifth-worker pattern, so the sample does not depend on where ids start). Without them the
    creation-rate dashboard reads nothing (issue 11). Does nothing when honours exist."""
    from .enums import HonourStatus
    from .honour_types import honour_types_ensure
    from .models import Honour, HonourType

    say = (lambda m: stdout.write(m + "\n")) if stdout else (lambda m: None)
    root = Org.objects.filter(depth=1, name=ROOT_NAME).first()
    if not HonourType.objects.exists():
        honour_types_ensure(HonourType)
    kind = HonourType.objects.filter(counts_for_creation_rate=True).order_by("id").first()
    if root is None or kind is None:
        return 0
    if Honour.objects.filter(worker__employer__path__startswith=root.path).exists():
        say("province honours already loaded; nothing to do")
        return 0
    started = time.perf_counter()
    sampled = (
        Worker.objects.filter(employer__path__startswith=root.path, first_line=True)
        .alias(bucket=Mod("id", share))
        .filter(bucket=0)
        .values_list("id", flat=True)
    )
    holders = sorted(set(leader_ids) | set(sampled))
    now = timezone.now()
    columns = [
        "year", "awarding_body", "document_number", "created_at", "honour_type_id", "worker_id",
        "reject_reason", "status", "reviewed_at",
    ]  # fmt: skip
    rows = (
        (2018 + pk % 7, "省总工会", "", now, kind.pk, pk, "", HonourStatus.VERIFIED, now)
        for pk in holders
    )
    with transaction.atomic():
        n = _insert(Honour, columns, rows)
    say(f"{n:,} verified honours in {time.perf_counter() - started:,.1f}s")
    return n
