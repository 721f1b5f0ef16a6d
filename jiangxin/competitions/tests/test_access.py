"""Truth tables for a competition's and a registration's lifecycle, and who may act on
a registration (`domain.workflow`, `access`): one line per case. No database.

1 = allowed, 0 = refused."""

from datetime import date
from types import SimpleNamespace

import pytest

from jiangxin.competitions import access
from jiangxin.competitions.domain.workflow import COMPETITION, REGISTRATION
from jiangxin.competitions.enums import CompetitionStatus as C
from jiangxin.competitions.enums import RegistrationStatus as R
from jiangxin.testing.scopes import role_scope

COMPETITION_ACTIONS = (
    "edit", "open_registration", "register", "approve", "close_registration", "start_marking",
    "publish_results",
)  # fmt: skip

COMPETITION_TABLE = [
    # status     edit open reg approve close marking publish
    (C.DRAFT,     1,   1,   0,  0,      0,    0,      0),
    (C.OPEN,      1,   0,   1,  1,      1,    0,      0),
    (C.CLOSED,    1,   0,   0,  1,      0,    1,      0),
    (C.MARKING,   0,   0,   0,  0,      0,    0,      1),
    (C.PUBLISHED, 0,   0,   0,  0,      0,    0,      0),
]  # fmt: skip


@pytest.mark.parametrize("row", COMPETITION_TABLE, ids=lambda r: r[0])
def test_competition_workflow_state_table(row):
    status, *allowed = row
    assert [int(COMPETITION.can(status, a)) for a in COMPETITION_ACTIONS] == allowed


REGISTRATION_ACTIONS = (
    "enterprise_approve", "organiser_approve", "committee_approve", "reject", "withdraw",
    "substitute",
)  # fmt: skip

REGISTRATION_TABLE = [
    # status                ent org com reject withdraw substitute
    (R.SUBMITTED,            1,  0,  0,  1,     1,       1),
    (R.ENTERPRISE_APPROVED,  0,  1,  0,  1,     1,       1),
    (R.ORGANISER_APPROVED,   0,  0,  1,  1,     1,       1),
    (R.COMMITTEE_APPROVED,   0,  0,  0,  0,     1,       1),
    (R.REJECTED,             0,  0,  0,  0,     0,       0),
    (R.WITHDRAWN,            0,  0,  0,  0,     0,       0),
    (R.SUBSTITUTED,          0,  0,  0,  0,     0,       0),
]  # fmt: skip


@pytest.mark.parametrize("row", REGISTRATION_TABLE, ids=lambda r: r[0])
def test_registration_workflow_state_table(row):
    status, *allowed = row
    assert [int(REGISTRATION.can(status, a)) for a in REGISTRATION_ACTIONS] == allowed


def test_workflow_tables_cover_every_status():
    assert {r[0] for r in COMPETITION_TABLE} == set(C.values) == set(COMPETITION.table)
    assert {r[0] for r in REGISTRATION_TABLE} == set(R.values) == set(REGISTRATION.table)


PROVINCE, CITY, OTHER_CITY, ENT, SIBLING = (
    "0001",
    "00010001",
    "00010002",
    "000100010001",
    "000100010002",
)
TODAY = date(2026, 6, 1)
WHO = {
    "enterprise union": ("enterprise_admin", ENT),
    "sibling union": ("enterprise_admin", SIBLING),
    "city staff": ("federation_staff", CITY),
    "other city staff": ("federation_staff", OTHER_CITY),
    "province admin": ("federation_admin", PROVINCE),
    "worker": ("worker", ENT),
    "expert": ("expert", PROVINCE),
}


def _competition(status=C.OPEN, deadline=date(2026, 7, 1)):
    return SimpleNamespace(org=SimpleNamespace(path=PROVINCE), status=status,
                           registration_deadline=deadline)  # fmt: skip


def _registration(status, employer=ENT, user_id=None):
    return SimpleNamespace(
        status=status,
        employer=SimpleNamespace(path=employer),
        worker=SimpleNamespace(user_id=user_id),
    )


# approval_level: who × status → the step offered (the competition open, the employer ENT).
APPROVAL_TABLE = [
    ("enterprise union", R.SUBMITTED,           "enterprise_approve"),
    ("enterprise union", R.ENTERPRISE_APPROVED, None),
    ("sibling union",    R.SUBMITTED,           None),
    ("city staff",       R.SUBMITTED,           None),
    ("city staff",       R.ENTERPRISE_APPROVED, "organiser_approve"),
    ("other city staff", R.ENTERPRISE_APPROVED, None),
    ("city staff",       R.ORGANISER_APPROVED,  None),
    ("province admin",   R.ENTERPRISE_APPROVED, "organiser_approve"),
    ("province admin",   R.ORGANISER_APPROVED,  "committee_approve"),
    ("province admin",   R.COMMITTEE_APPROVED,  None),
    ("province admin",   R.REJECTED,            None),
    ("worker",           R.SUBMITTED,           None),
    ("expert",           R.ORGANISER_APPROVED,  None),
]  # fmt: skip


@pytest.mark.parametrize("row", APPROVAL_TABLE, ids=lambda r: f"{r[0]}-{r[1]}")
def test_registration_approval_level_truth_table(row):
    who, status, expected = row
    role, path = WHO[who]
    scope = role_scope(role, path)
    assert access.approval_level(scope, _registration(status), _competition()) == expected


@pytest.mark.parametrize("status", [C.DRAFT, C.MARKING, C.PUBLISHED])
def test_registration_approval_only_while_open_or_closed(status):
    scope = role_scope("enterprise_admin", ENT)
    assert access.approval_level(scope, _registration(R.SUBMITTED), _competition(status)) is None


ME = SimpleNamespace(pk=7)
# can_withdraw / can_substitute: who × own? × before the deadline → allowed
WITHDRAW_TABLE = [
    # who                own  deadline ok  withdraw substitute
    ("enterprise union", 0,   1,           1,       1),
    ("enterprise union", 0,   0,           0,       0),
    ("sibling union",    0,   1,           0,       0),
    ("city staff",       0,   1,           1,       1),
    ("other city staff", 0,   1,           0,       0),
    ("worker",           1,   1,           1,       0),
    ("worker",           0,   1,           0,       0),
    ("worker",           1,   0,           0,       0),
    ("expert",           0,   1,           0,       0),
]  # fmt: skip


@pytest.mark.parametrize("row", WITHDRAW_TABLE, ids=lambda r: f"{r[0]}-{r[1]}{r[2]}")
def test_registration_withdraw_substitute_truth_table(row):
    who, own, in_time, withdraw, substitute = row
    role, path = WHO[who]
    scope = role_scope(role, path)
    reg = _registration(R.SUBMITTED, user_id=ME.pk if own else 99)
    c = _competition(deadline=date(2026, 7, 1) if in_time else date(2026, 5, 1))
    assert int(access.can_withdraw(scope, ME, reg, c, TODAY)) == withdraw
    assert int(access.can_substitute(scope, reg, c, TODAY)) == substitute


# can_register: who × competition status × deadline → enters workers of ENT
REGISTER_TABLE = [
    ("enterprise union", C.OPEN,   1, 1),
    ("enterprise union", C.OPEN,   0, 0),
    ("enterprise union", C.DRAFT,  1, 0),
    ("enterprise union", C.CLOSED, 1, 0),
    ("sibling union",    C.OPEN,   1, 0),
    ("city staff",       C.OPEN,   1, 1),
    ("worker",           C.OPEN,   1, 0),
    ("expert",           C.OPEN,   1, 0),
]  # fmt: skip


@pytest.mark.parametrize("row", REGISTER_TABLE, ids=lambda r: f"{r[0]}-{r[1]}-{r[2]}")
def test_registration_register_truth_table(row):
    who, status, in_time, expected = row
    role, path = WHO[who]
    c = _competition(status, deadline=date(2026, 7, 1) if in_time else date(2026, 5, 1))
    assert int(access.can_register(role_scope(role, path), c, ENT, TODAY)) == expected


def test_competition_actions_only_for_the_organisers_staff():
    c = _competition(C.DRAFT)
    assert access.competition_actions(role_scope("federation_admin", PROVINCE), c) == {
        "edit",
        "open_registration",
    }
    assert access.competition_actions(role_scope("federation_staff", CITY), c) == frozenset()
    assert access.competition_actions(role_scope("enterprise_admin", ENT), c) == frozenset()
