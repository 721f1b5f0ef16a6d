"""The province-scale org tree (`seed --preset province`, see `jiangxin/core/seeding.py`).

One provincial federation, "测试省总工会 (benchmark)", as a tree root of its own: 2 industry
unions and 16 cities of 8 counties each under it, enterprises (with valid Unified Social
Credit Codes) spread over the counties and industry unions, and a few branches under the
first enterprises — `orgs` nodes in all, 100,000 by default. Every org is put in the search
index. The plan also names the user each org gets (seeded by `jiangxin.accounts.seeding`).

Everything is computed in Python — the treebeard paths too (parent path + a base-36 step
of Org.steplen characters, numchild counted) — and written in bulk, in one transaction:
COPY on PostgreSQL, executemany of one INSERT per batch elsewhere. Running it again when
the root exists does nothing.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from jiangxin.core.audit import audit_record
from jiangxin.core.roles import Role
from jiangxin.core.seeding import (
    BRANCH_NAMES,
    BRANDS,
    CITIES,
    COUNTIES,
    COUNTIES_PER_CITY,
    INDUSTRY_UNIONS,
    PROVINCE_CODE,
    ROADS,
    ROOT_NAME,
    SUFFIXES,
    TRADES,
    USER_PREFIX,
    Say,
    analyze,
    bench_uscc,
    bulk_insert,
    mobile,
    person_name,
)

from .enums import OrgKind
from .models import Org
from .search import org_search_reindex_many

SEED = 2026  # the plan is the same every time for the same number of orgs


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


def province_plan(root_path: str, orgs: int, rng: random.Random) -> list[_Node]:
    """All nodes under (and including) the root, parents before children."""
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
                contact_name=person_name(rng),
                contact_phone=mobile(rng),
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


def province_root() -> Org | None:
    return Org.objects.filter(depth=1, name=ROOT_NAME).first()


def seed_province_orgs(stdout=None, *, orgs: int = 100_000) -> dict:
    """Build the province's org tree (see the module docstring). Returns what was created."""
    say = Say(stdout)
    if province_root() is not None:
        say(f"The province preset is already loaded (“{ROOT_NAME}” exists); nothing to do.")
        return {"orgs": 0, "search": 0}
    rng = random.Random(SEED)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic():
        root = Org.objects.add_root(
            instance=Org(name=ROOT_NAME, kind=OrgKind.PROVINCIAL, region_code=PROVINCE_CODE)
        )
        nodes = province_plan(root.path, orgs, rng)
        say(f"planned {len(nodes):,} orgs under {ROOT_NAME} (path {root.path})")
        org_cols = (
            "path", "depth", "numchild", "name", "kind", "uscc", "region_code", "industry",
            "address", "contact_name", "contact_phone", "is_active", "created_at", "updated_at",
        )  # fmt: skip
        n_orgs = bulk_insert(
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
            details={"orgs": n_orgs + 1},
        )
    analyze(Org._meta.db_table, "core_searchdocument")
    say(
        f"done: {n_orgs + 1:,} orgs, {n_search:,} search documents in {time.perf_counter() - say.t0:.1f}s"
    )
    return {"orgs": n_orgs + 1, "search": n_search}
