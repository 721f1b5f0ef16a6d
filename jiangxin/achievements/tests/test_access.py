"""Truth tables for the achievement lifecycle and its predicates (`domain.workflow`,
`access`): one line per case, to be checked by eye against the rules. No database.

1 = allowed, 0 = refused."""

from types import SimpleNamespace

import pytest

from jiangxin.achievements import access
from jiangxin.achievements.domain.workflow import ACHIEVEMENT
from jiangxin.achievements.enums import AchievementStatus as A
from jiangxin.testing.scopes import role_scope

ENT = "000100010001"  # the achievement's enterprise
CITY = "00010001"  # its city federation
OTHER_ENT = "000100020001"  # an enterprise elsewhere

STEPS = ("submit", "withdraw", "accept", "reopen", "edit", "certify_benefit")

# The state table: which step each status allows.
STATE_TABLE = [
    # status        submit withdraw accept reopen edit certify_benefit
    (A.DRAFT,       1,     0,       0,     0,     1,   0),
    (A.SUBMITTED,   0,     1,       1,     0,     1,   1),
    (A.ACCEPTED,    0,     0,       0,     1,     1,   1),
]  # fmt: skip


@pytest.mark.parametrize("row", STATE_TABLE, ids=lambda r: r[0])
def test_achievement_workflow_state_table(row):
    status, *allowed = row
    assert [int(ACHIEVEMENT.can(status, s)) for s in STEPS] == allowed


def test_achievement_workflow_table_covers_every_status():
    assert {row[0] for row in STATE_TABLE} == set(A.values) == set(ACHIEVEMENT.table)


def _achievement(status, path=ENT):
    return SimpleNamespace(status=status, enterprise=SimpleNamespace(path=path))


# can_step: role (held at the path) × the step, each asked in a status that allows it.
STEP_TABLE = [
    # role               held at  submit withdraw accept reopen
    ("enterprise_admin", ENT,     1,     1,       0,     0),
    ("federation_staff", CITY,    1,     1,       1,     1),
    ("federation_admin", CITY,    1,     1,       1,     1),
    ("expert",           CITY,    0,     0,       0,     0),
    ("worker",           ENT,     0,     0,       0,     0),
    ("auditor",          CITY,    0,     0,       0,     0),
    # a foreign org, same roles: never
    ("enterprise_admin", OTHER_ENT, 0,   0,       0,     0),
    ("federation_admin", "00010002", 0,  0,       0,     0),
]  # fmt: skip
STEP_FROM = {
    "submit": A.DRAFT,
    "withdraw": A.SUBMITTED,
    "accept": A.SUBMITTED,
    "reopen": A.ACCEPTED,
}


@pytest.mark.parametrize("row", STEP_TABLE, ids=lambda r: f"{r[0]}@{r[1]}")
def test_can_step_truth_table(row):
    role, path, *allowed = row
    scope = role_scope(role, path)
    got = [int(access.can_step(scope, _achievement(STEP_FROM[a]), a)) for a in STEP_FROM]
    assert got == allowed


def test_can_step_refuses_a_step_the_status_does_not_allow():
    scope = role_scope("federation_admin", CITY)
    assert not access.can_step(scope, _achievement(A.DRAFT), "accept")
    assert access.achievement_steps(scope, _achievement(A.SUBMITTED)) == [
        ("withdraw", A.DRAFT),
        ("accept", A.ACCEPTED),
    ]


# can_edit: role × status (an accepted achievement is locked but for a reviewer).
EDIT_TABLE = [
    # role               held at    draft submitted accepted
    ("enterprise_admin", ENT,       1,    1,        0),
    ("federation_staff", CITY,      1,    1,        1),
    ("expert",           CITY,      0,    0,        0),
    ("enterprise_admin", OTHER_ENT, 0,    0,        0),
]  # fmt: skip


@pytest.mark.parametrize(("role", "path", "draft", "submitted", "accepted"), EDIT_TABLE)
def test_can_edit_truth_table(role, path, draft, submitted, accepted):
    scope = role_scope(role, path)
    got = [int(access.can_edit(scope, _achievement(s))) for s in (A.DRAFT, A.SUBMITTED, A.ACCEPTED)]
    assert got == [draft, submitted, accepted]


# can_certify_benefit: role × status (a draft's benefit is not certified).
CERTIFY_TABLE = [
    # role               held at  draft submitted accepted
    ("federation_staff", CITY,    0,    1,        1),
    ("federation_admin", CITY,    0,    1,        1),
    ("enterprise_admin", ENT,     0,    0,        0),
    ("federation_staff", "00010002", 0, 0,        0),
]  # fmt: skip


@pytest.mark.parametrize(("role", "path", "draft", "submitted", "accepted"), CERTIFY_TABLE)
def test_can_certify_benefit_truth_table(role, path, draft, submitted, accepted):
    scope = role_scope(role, path)
    got = [
        int(access.can_certify_benefit(scope, _achievement(s)))
        for s in (A.DRAFT, A.SUBMITTED, A.ACCEPTED)
    ]
    assert got == [draft, submitted, accepted]
