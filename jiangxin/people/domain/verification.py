"""Who verifies an honour: the awarding body, or a federation at (or above) the honour's
level, over the worker's employer. Pure rules on kinds and levels; the services and
selectors apply them to the user's active org.

A provincial model worker is verified by the provincial federation (or the national one),
a city honour by the municipal federation or above, an industry honour by an industry
union or a federation at city level or above, an enterprise honour by the enterprise (or
any federation above it). The root of the platform's tree has no body above it here, so
it verifies every level (a province-only platform verifies national honours itself)."""

from __future__ import annotations

from jiangxin.orgs.enums import OrgKind
from jiangxin.people.enums import HonourLevel

_ALL = frozenset(HonourLevel.values)
_BELOW_CITY = frozenset({HonourLevel.CITY, HonourLevel.INDUSTRY, HonourLevel.ENTERPRISE})

VERIFIES: dict[str, frozenset[str]] = {
    OrgKind.NATIONAL: _ALL,
    OrgKind.PROVINCIAL: _BELOW_CITY | {HonourLevel.PROVINCIAL},
    OrgKind.MUNICIPAL: _BELOW_CITY,
    OrgKind.COUNTY: frozenset({HonourLevel.ENTERPRISE}),
    OrgKind.INDUSTRY: frozenset({HonourLevel.INDUSTRY, HonourLevel.ENTERPRISE}),
    OrgKind.ENTERPRISE: frozenset({HonourLevel.ENTERPRISE}),
    OrgKind.BRANCH: frozenset(),
}


def verifiable_levels(org_kind: str | None, *, is_root: bool = False) -> frozenset[str]:
    """The honour levels an org of this kind verifies (over its own subtree)."""
    if org_kind is None:
        return frozenset()
    if is_root and org_kind != OrgKind.BRANCH:
        return _ALL
    return VERIFIES.get(org_kind, frozenset())


def verified_at_once(org_kind: str | None, level: str, *, is_root: bool = False) -> bool:
    """An honour recorded by an org that verifies its level counts at once."""
    return level in verifiable_levels(org_kind, is_root=is_root)
