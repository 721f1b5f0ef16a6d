"""Truth tables for a studio's lifecycle and who may act on it (`domain.workflow`,
`access`): one line per case, to be checked by eye against the rules. No database.

1 = allowed, 0 = refused."""

import datetime
from types import SimpleNamespace

import pytest

from jiangxin.studios import access
from jiangxin.studios.domain.workflow import STUDIO
from jiangxin.studios.enums import StageLevel
from jiangxin.studios.enums import StudioStatus as S
from jiangxin.testing.scopes import role_scope, user_with

ACTIONS = (
    "resubmit", "review", "announce", "withdraw_announcement", "name", "report", "assess",
    "members", "revoke",
)  # fmt: skip

STATE_TABLE = [
    # status         resubmit review announce withdraw_ann name report assess members revoke
    (S.DRAFT,        1,       0,     0,       0,           0,   0,     0,     1,      1),
    (S.RETURNED,     1,       0,     0,       0,           0,   0,     0,     1,      1),
    (S.SUBMITTED,    0,       1,     1,       0,           0,   0,     0,     1,      1),
    (S.UNDER_REVIEW, 0,       1,     1,       0,           0,   0,     0,     1,      1),
    (S.ANNOUNCED,    0,       0,     1,       1,           1,   0,     0,     1,      1),
    (S.NAMED,        0,       0,     0,       0,           0,   1,     1,     1,      1),
    (S.REVOKED,      0,       0,     0,       0,           0,   0,     0,     0,      0),
]  # fmt: skip


@pytest.mark.parametrize("row", STATE_TABLE, ids=lambda r: r[0])
def test_studio_workflow_state_table(row):
    status, *allowed = row
    assert [int(STUDIO.can(status, a)) for a in ACTIONS] == allowed


def test_studio_workflow_table_covers_every_status():
    assert {row[0] for row in STATE_TABLE} == set(S.values) == set(STUDIO.table)


def test_studio_review_outcomes():
    assert STUDIO.next_states(S.SUBMITTED, "review") == {S.UNDER_REVIEW, S.ANNOUNCED, S.RETURNED}


PROVINCE, CITY, ENT = "0001", "00010001", "000100010001"
PROVINCE_ID, CITY_ID, ENT_ID = 1, 2, 3
AUTHORITY = SimpleNamespace(path=PROVINCE)  # the province names this studio
ENDED = datetime.date(2000, 1, 1)  # an announcement long over
RUNNING = datetime.date(2999, 1, 1)  # one still running


def _studio(status, *, until=None, host=ENT):
    in_review = status in (S.SUBMITTED, S.UNDER_REVIEW)
    return SimpleNamespace(
        status=status,
        host=SimpleNamespace(path=host),
        stage_org_id=CITY_ID if in_review else None,
        stage_level=StageLevel.CITY if in_review else "",
        stage_org=SimpleNamespace(path=CITY) if in_review else None,
        announce_until=until,
    )


WHO = {
    "applicant": ("enterprise_admin", ENT, ENT_ID),
    "city reviewer": ("federation_staff", CITY, CITY_ID),
    "province admin": ("federation_admin", PROVINCE, PROVINCE_ID),
    "other province": ("federation_admin", "0002", 9),
    "expert": ("expert", PROVINCE, PROVINCE_ID),
}

# studio_actions: who × status → the actions offered (the studio waits at the city stage).
ACTIONS_TABLE = [
    ("applicant",      S.DRAFT,        None,    {"resubmit", "members"}),
    ("applicant",      S.RETURNED,     None,    {"resubmit", "members"}),
    ("applicant",      S.SUBMITTED,    None,    {"members"}),
    ("applicant",      S.ANNOUNCED,    ENDED,   {"members"}),
    ("applicant",      S.NAMED,        None,    {"members", "report"}),
    ("applicant",      S.REVOKED,      None,    set()),
    ("city reviewer",  S.SUBMITTED,    None,    {"review"}),
    ("city reviewer",  S.UNDER_REVIEW, None,    {"review"}),
    ("city reviewer",  S.DRAFT,        None,    set()),
    ("city reviewer",  S.NAMED,        None,    set()),  # the province names and assesses
    ("province admin", S.SUBMITTED,    None,    {"members", "revoke"}),  # not its stage
    ("province admin", S.ANNOUNCED,    RUNNING, {"members", "revoke"}),
    ("province admin", S.ANNOUNCED,    ENDED,   {"members", "name", "revoke"}),
    ("province admin", S.NAMED,        None,    {"members", "report", "assess", "revoke"}),
    ("province admin", S.REVOKED,      None,    set()),
    ("other province", S.NAMED,        None,    set()),
    ("other province", S.ANNOUNCED,    ENDED,   set()),
    ("expert",         S.NAMED,        None,    set()),
]  # fmt: skip


@pytest.mark.parametrize(("who", "status", "until", "expected"), ACTIONS_TABLE)
def test_studio_actions_truth_table(who, status, until, expected):
    role, path, org_id = WHO[who]
    user = user_with(role_scope(role, path, org_id))
    assert access.studio_actions(user, _studio(status, until=until), AUTHORITY) == expected


# is_stage_reviewer: who × status (the stage is the city federation).
REVIEWER_TABLE = [
    # who              submitted under_review announced
    ("city reviewer",  1,        1,           0),
    ("applicant",      0,        0,           0),
    ("province admin", 0,        0,           0),
]  # fmt: skip


@pytest.mark.parametrize("row", REVIEWER_TABLE, ids=lambda r: r[0])
def test_is_stage_reviewer_truth_table(row):
    who, *allowed = row
    role, path, org_id = WHO[who]
    scope = role_scope(role, path, org_id)
    got = [
        int(access.is_stage_reviewer(scope, _studio(s)))
        for s in (S.SUBMITTED, S.UNDER_REVIEW, S.ANNOUNCED)
    ]
    assert got == allowed
