"""The seeding kit of the province-scale design load (`manage.py seed --preset province`,
used by `make bench`): names, codes and bulk inserts that every module's province seed
shares. The orgs are seeded by `jiangxin.orgs.seeding`, their users by
`jiangxin.accounts.seeding`, the rest by each module (see its `module.py`).

One provincial federation, "测试省总工会 (benchmark)", as a tree root of its own: 2 industry
unions and 16 cities of 8 counties each under it, enterprises (with valid Unified Social
Credit Codes) spread over the counties and industry unions, and a few branches under the
first enterprises — `orgs` nodes in all, 100,000 by default. Users: a federation admin and
staff at the province, one federation staff per industry union, city and county, and one
enterprise union admin per enterprise, each with their RoleAssignment; all share the
password BENCH_PASSWORD (hashed once). Every org is put in the search index.

Everything is computed in Python — the treebeard paths too (parent path + a base-36 step
of Org.steplen characters, numchild counted) — and written in bulk, in one transaction:
COPY on PostgreSQL, executemany of one INSERT per batch of 5,000 rows elsewhere. Running
it again when the root exists does nothing.

The tables that exist today are filled (orgs, users, role assignments, search documents);
the rest of the design load (2M workers, 20k studios, ...) follows with their modules.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Iterable, Sequence

from django.db import connection

from jiangxin.core.validators import USCC_ALPHABET, uscc_check_char

ROOT_NAME = "测试省总工会 (benchmark)"
PROVINCE_CODE = "360000"
BENCH_PASSWORD = "Jiangxin-2026"
USER_PREFIX = "bench_"
PROVINCE_ADMIN = "bench_province_admin"
PROVINCE_STAFF = "bench_province_staff"
BATCH_SIZE = 5000

CITIES = [
    "东川", "西岭", "南浦", "北陵", "青岚", "赤城", "金溪", "银湖",
    "铜山", "铁岭", "玉泉", "石门", "云阳", "雾江", "松原", "竹海",
]  # fmt: skip
COUNTIES = ["城关", "东湖", "西湖", "南山", "北岭", "新港", "高新", "临江"]
COUNTIES_PER_CITY = len(COUNTIES)
INDUSTRY_UNIONS = [("测试省冶金工会 (benchmark)", "C"), ("测试省电力工会 (benchmark)", "D")]
BRANDS = [
    "华鑫", "恒达", "宏远", "金诚", "鑫源", "永盛", "瑞丰", "汇通", "天成", "博远",
    "兴业", "中联", "长城", "东方", "新华", "安泰", "振华", "德润", "嘉禾", "立信",
    "明辉", "正泰", "海川", "盛世", "光明", "同创", "宇航", "锦程", "远大", "众诚",
]  # fmt: skip
TRADES = [
    ("精密机械", "C"), ("钢铁", "C"), ("特钢", "C"), ("有色金属", "C"), ("化工", "C"),
    ("新材料", "C"), ("汽车零部件", "C"), ("电子科技", "C"), ("纺织", "C"), ("食品", "C"),
    ("建材", "C"), ("电气设备", "C"), ("矿业", "B"), ("热电", "D"), ("燃气", "D"),
    ("建设工程", "E"), ("商贸", "F"), ("物流", "G"), ("软件", "I"), ("检测技术", "M"),
]  # fmt: skip
SUFFIXES = ["有限公司", "有限公司", "股份有限公司", "集团有限公司"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰辉鹏飞斌宇浩凯俊峰"
BRANCH_NAMES = ["炼铁厂分会", "设备检修班组", "质检中心分会", "动力车间班组"]
ROADS = ["人民", "解放", "建设", "工业", "胜利", "新华", "和平", "中山", "长江", "文化"]

# Organisation codes (characters 9-17 of a USCC): index i -> ((i + 1) * _MUL) mod 31**9 in base
# 31, a bijection, so distinct indices give distinct, random-looking codes.
_CODE_SPACE = 31**9
_MUL = 16_340_585_143_691  # ≈ 31**9 / φ, coprime with 31


def bench_uscc(region: str, index: int, kind: str = "91") -> str:
    """A valid Unified Social Credit Code, unique per `index` (benchmark data only)."""
    n = ((index + 1) * _MUL) % _CODE_SPACE
    digits = []
    for _ in range(9):
        n, r = divmod(n, 31)
        digits.append(USCC_ALPHABET[r])
    body = kind + region + "".join(reversed(digits))
    return body + uscc_check_char(body)


def county_names() -> list[tuple[str, str]]:
    """(name, region code) of the benchmark counties, in tree order."""
    return [
        (f"{city}市{county}区总工会", f"36{c + 1:02d}{k + 1:02d}")
        for c, city in enumerate(CITIES)
        for k, county in enumerate(COUNTIES)
    ]


class Say:
    def __init__(self, stdout):
        self.stdout = stdout
        self.t0 = time.perf_counter()

    def __call__(self, msg: str) -> None:
        if self.stdout is not None:
            line = f"[{time.perf_counter() - self.t0:7.1f}s] {msg}"
            self.stdout.write(line if line.endswith("\n") else line + "\n")
            flush = getattr(self.stdout, "flush", None)
            if flush:
                flush()


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def bulk_insert(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert rows of database-ready values (in the order of `columns`, attnames) in bulk:
    COPY on PostgreSQL, executemany in batches of BATCH_SIZE elsewhere (the same single
    INSERT as bulk_create, without building 100k model instances and compiling them)."""
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # psycopg 3
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608 (quoted names)
        for batch in itertools.batched(rows, BATCH_SIZE):
            cursor.executemany(sql, list(batch))
            count += len(batch)
    return count


def analyze(*tables: str) -> None:
    """Fresh planner statistics on PostgreSQL after a bulk load, as autovacuum would give."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


# The names other modules' seeds have borrowed.
_Say, _person, _mobile, _insert = Say, person_name, mobile, bulk_insert
