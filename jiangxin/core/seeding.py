"""The province-scale design load (`manage.py seed --preset province`, used by `make bench`).

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
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

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


@dataclass
class _Node:
    path: str
    name: str
    kind: str
    region_code: str
    depth: int
    industry: str = ""
    uscc: str | None = None
    address: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    children: int = 0
    username: str = ""  # the user seeded at this org ("" for none)
    role: str = ""
    sub: list[_Node] = field(default_factory=list, repr=False)


class _Say:
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


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def _plan(root_path: str, orgs: int, rng: random.Random) -> list[_Node]:
    """All nodes under (and including) the root, parents before children."""
    from jiangxin.core.roles import Role
    from jiangxin.orgs.enums import OrgKind
    from jiangxin.orgs.models import Org

    fixed = 1 + len(INDUSTRY_UNIONS) + len(CITIES) * (1 + COUNTIES_PER_CITY)
    branches = max(3, orgs // 200)
    enterprises = orgs - fixed - branches
    if enterprises < (branches + 1) // 2:
        raise ValueError(f"orgs must be at least {fixed + 4}")

    def child(parent: _Node, **kw) -> _Node:
        parent.children += 1
        node = _Node(
            path=Org._get_path(parent.path, parent.depth + 1, parent.children),
            depth=parent.depth + 1,
            **kw,
        )
        parent.sub.append(node)
        return node

    root = _Node(
        path=root_path,
        name=ROOT_NAME,
        kind=OrgKind.PROVINCIAL,
        region_code=PROVINCE_CODE,
        depth=1,
    )
    unions = [
        child(
            root,
            name=name,
            kind=OrgKind.INDUSTRY,
            region_code=PROVINCE_CODE,
            industry=industry,
            username=f"{USER_PREFIX}iu{i + 1}_staff",
            role=Role.FEDERATION_STAFF,
        )
        for i, (name, industry) in enumerate(INDUSTRY_UNIONS)
    ]
    counties: list[_Node] = []
    for c, city in enumerate(CITIES):
        city_node = child(
            root,
            name=f"{city}市总工会",
            kind=OrgKind.MUNICIPAL,
            region_code=f"36{c + 1:02d}00",
            username=f"{USER_PREFIX}c{c + 1:02d}_staff",
            role=Role.FEDERATION_STAFF,
        )
        for k, county in enumerate(COUNTIES):
            counties.append(
                child(
                    city_node,
                    name=f"{city}市{county}区总工会",
                    kind=OrgKind.COUNTY,
                    region_code=f"36{c + 1:02d}{k + 1:02d}",
                    username=f"{USER_PREFIX}c{c + 1:02d}d{k + 1}_staff",
                    role=Role.FEDERATION_STAFF,
                )
            )
    # Counties differ in size (weights 1..5); one enterprise in ten hangs under an
    # industry union.
    slots = [i for i, _ in enumerate(counties) for _ in range(1 + (i * 7) % 5)]
    rng.shuffle(slots)
    ents: list[_Node] = []
    for i in range(enterprises):
        if i % 10 == 9:
            parent = unions[(i // 10) % len(unions)]
            county = counties[(i * 13) % len(counties)]
            trade, industry = rng.choice([t for t in TRADES if t[1] == parent.industry])
        else:
            county = parent = counties[slots[i % len(slots)]]
            trade, industry = rng.choice(TRADES)
        # "东川华鑫钢铁有限公司" (city) or "城关华鑫钢铁有限公司" (county)
        place = county.name[:2] if i % 2 else county.name[3:5]
        name = f"{place}{rng.choice(BRANDS)}{trade}{rng.choice(SUFFIXES)}"
        ents.append(
            child(
                parent,
                name=name,
                kind=OrgKind.ENTERPRISE,
                region_code=county.region_code,
                industry=industry,
                uscc=bench_uscc(county.region_code, i),
                address=f"{county.name[:-3]}{rng.choice(ROADS)}路{rng.randrange(1, 999)}号",
                contact_name=_person(rng),
                contact_phone=_mobile(rng),
                username=f"{USER_PREFIX}e{i + 1:06d}",
                role=Role.ENTERPRISE_ADMIN,
            )
        )
    for j in range(branches):
        ent = ents[j // 2]
        child(
            ent,
            name=BRANCH_NAMES[j % len(BRANCH_NAMES)],
            kind=OrgKind.BRANCH,
            region_code=ent.region_code,
        )
    nodes: list[_Node] = []
    stack = [root]
    while stack:  # depth first, children in order: tree order (sorted by path)
        node = stack.pop()
        nodes.append(node)
        stack.extend(reversed(node.sub))
        node.sub = []
    return nodes


def _insert(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
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


def seed_province(stdout=None, *, orgs: int = 100_000, users: int | None = None) -> dict:
    """Build the province design load (see the module docstring). `users` caps the number
    of enterprise admins (default: one per enterprise). Returns what was created."""
    from jiangxin.accounts.models import RoleAssignment, User
    from jiangxin.core.audit import audit_record
    from jiangxin.core.roles import Role
    from jiangxin.orgs.enums import OrgKind
    from jiangxin.orgs.models import Org
    from jiangxin.orgs.search import org_search_reindex_many

    say = _Say(stdout)
    if Org.objects.filter(depth=1, name=ROOT_NAME).exists():
        say(f"The province preset is already loaded (“{ROOT_NAME}” exists); nothing to do.")
        return {"orgs": 0, "users": 0, "roles": 0, "search": 0}

    rng = random.Random(2026)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic():
        root = Org.objects.add_root(
            instance=Org(name=ROOT_NAME, kind=OrgKind.PROVINCIAL, region_code=PROVINCE_CODE)
        )
        nodes = _plan(root.path, orgs, rng)
        say(f"planned {len(nodes):,} orgs under {ROOT_NAME} (path {root.path})")

        org_cols = (
            "path", "depth", "numchild", "name", "kind", "uscc", "region_code", "industry",
            "address", "contact_name", "contact_phone", "is_active", "created_at", "updated_at",
        )  # fmt: skip
        n_orgs = _insert(
            Org,
            org_cols,
            (
                (
                    n.path,
                    n.depth,
                    n.children,
                    n.name,
                    str(n.kind),
                    n.uscc,
                    n.region_code,
                    n.industry,
                    n.address,
                    n.contact_name,
                    n.contact_phone,
                    True,
                    now,
                    now,
                )  # fmt: skip
                for n in nodes[1:]
            ),
        )
        Org.objects.filter(pk=root.pk).update(numchild=nodes[0].children)
        say(f"inserted {n_orgs + 1:,} orgs")

        ids = dict(Org.objects.filter(path__startswith=root.path).values_list("path", "id"))
        password = make_password(BENCH_PASSWORD)  # hashed once, shared by every row
        people = [
            (PROVINCE_ADMIN, root.path, Role.FEDERATION_ADMIN),
            (PROVINCE_STAFF, root.path, Role.FEDERATION_STAFF),
        ]
        enterprise_admins = 0
        for n in nodes:
            if not n.username:
                continue
            if n.role == Role.ENTERPRISE_ADMIN:
                if users is not None and enterprise_admins >= users:
                    continue
                enterprise_admins += 1
            people.append((n.username, n.path, n.role))
        user_cols = (
            "username", "password", "display_name", "mobile", "email", "first_name",
            "last_name", "is_active", "is_staff", "is_superuser", "date_joined", "home_org_id",
        )  # fmt: skip
        n_users = _insert(
            User,
            user_cols,
            (
                (
                    username,
                    password,
                    _person(rng),
                    _mobile(rng),
                    "",
                    "",
                    "",
                    True,
                    False,
                    False,
                    now,
                    ids[path],
                )  # fmt: skip
                for username, path, _role in people
            ),
        )
        say(f"inserted {n_users:,} users (password {BENCH_PASSWORD})")

        user_ids = dict(
            User.objects.filter(username__startswith=USER_PREFIX).values_list("username", "id")
        )
        n_roles = _insert(
            RoleAssignment,
            ("user_id", "org_id", "role", "granted_at"),
            ((user_ids[u], ids[path], str(role), now) for u, path, role in people),
        )
        say(f"inserted {n_roles:,} role assignments")

        n_search = org_search_reindex_many(
            Org.objects.filter(path__startswith=root.path)
            .only("pk", "path", "name", "uscc", "region_code")
            .order_by("pk")
            .iterator(chunk_size=5000)
        )
        say(f"indexed {n_search:,} orgs for search")
        audit_record(
            action="seed.province",
            obj=root,
            username="system",
            details={"orgs": n_orgs + 1, "users": n_users, "roles": n_roles},
        )
    if connection.vendor == "postgresql":
        tables = [
            Org._meta.db_table,
            User._meta.db_table,
            RoleAssignment._meta.db_table,
            "core_searchdocument",
        ]
        with connection.cursor() as cursor:
            for table in tables:  # fresh planner statistics, as autovacuum would give
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    say(
        f"done: {n_orgs + 1:,} orgs, {n_users:,} users, {n_roles:,} roles, "
        f"{n_search:,} search documents in {time.perf_counter() - say.t0:.1f}s"
    )
    return {"orgs": n_orgs + 1, "users": n_users, "roles": n_roles, "search": n_search}
