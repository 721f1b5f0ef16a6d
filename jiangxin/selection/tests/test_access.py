"""Truth tables for a campaign's stages, an entry's statuses and who may act
(`domain.workflow`, `access`): one line per case, to be checked by eye. No database.

1 = allowed, 0 = refused."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from jiangxin.selection import access
from jiangxin.selection.domain.workflow import (
    CAMPAIGN,
    ENTRY,
    OBJECTION,
    SCORECARD,
    require_unfrozen,
)
from jiangxin.selection.enums import EntryStatus as E
from jiangxin.selection.enums import ObjectionStatus as Ob
from jiangxin.selection.enums import ScorecardStatus as Sc
from jiangxin.selection.enums import Stage as St
from jiangxin.testing.scopes import role_scope

STEPS = (
    "quotas", "nominate", "recommend", "open_formal_check", "check", "panels", "open_review",
    "assign_experts", "score", "close_review", "announce", "decide_objection", "publish",
)  # fmt: skip

CAMPAIGN_TABLE = [
    # stage           quotas nominate recommend open_fc check panels open_review assign score close_review announce decide publish
    (St.NOMINATION,    1,    1,       1,        1,      0,    1,     0,          0,     0,    0,           0,       0,     0),
    (St.FORMAL_CHECK,  0,    0,       0,        0,      1,    1,     1,          0,     0,    0,           0,       0,     0),
    (St.EXPERT_REVIEW, 0,    0,       0,        0,      0,    1,     0,          1,     1,    1,           0,       0,     0),
    (St.RANKING,       0,    0,       0,        0,      0,    0,     0,          0,     0,    0,           1,       0,     0),
    (St.ANNOUNCEMENT,  0,    0,       0,        0,      0,    0,     0,          0,     0,    0,           0,       1,     1),
    (St.PUBLISHED,     0,    0,       0,        0,      0,    0,     0,          0,     0,    0,           0,       1,     0),
]  # fmt: skip


@pytest.mark.parametrize("row", CAMPAIGN_TABLE, ids=lambda r: r[0])
def test_campaign_workflow_state_table(row):
    stage, *allowed = row
    assert [int(CAMPAIGN.can(stage, s)) for s in STEPS] == allowed


def test_campaign_moves_one_stage_forward_at_a_time():
    order = [row[0] for row in CAMPAIGN_TABLE]
    assert order == list(St.values) == list(CAMPAIGN.table)
    for here, there in zip(order, order[1:], strict=False):
        assert CAMPAIGN.targets(here) - {here} == {there}
    assert CAMPAIGN.targets(St.PUBLISHED) == {St.PUBLISHED}


def test_campaign_wrong_stage_says_which_stage_the_step_needs():
    with pytest.raises(ValidationError) as exc:
        CAMPAIGN.require_transition(St.RANKING, "panels")
    (message,) = exc.value.messages
    assert "needs the campaign to be in: Nomination, Formal check, Expert review" in message
    assert "(it is in Ranking)" in message


ENTRY_STEPS = ("recommend", "not_recommend", "check", "rank", "withdraw", "award")

ENTRY_TABLE = [
    # status             recommend not_recommend check rank withdraw award
    (E.NOMINATED,        1,        1,            1,    0,   0,       0),
    (E.NOT_RECOMMENDED,  0,        0,            0,    0,   0,       0),
    (E.CHECK_PASSED,     0,        0,            1,    1,   0,       0),
    (E.CHECK_FAILED,     0,        0,            1,    0,   0,       0),
    (E.RANKED,           0,        0,            0,    1,   1,       1),
    (E.WITHDRAWN,        0,        0,            0,    0,   0,       0),
    (E.AWARDED,          0,        0,            0,    0,   0,       0),
]  # fmt: skip


@pytest.mark.parametrize("row", ENTRY_TABLE, ids=lambda r: r[0])
def test_entry_workflow_state_table(row):
    status, *allowed = row
    assert [int(ENTRY.can(status, s)) for s in ENTRY_STEPS] == allowed


def test_entry_workflow_table_covers_every_status():
    assert {row[0] for row in ENTRY_TABLE} == set(E.values) == set(ENTRY.table)


SMALL_TABLES = [
    # workflow   state         step          allowed
    (SCORECARD,  Sc.DRAFT,     "save",       1),
    (SCORECARD,  Sc.DRAFT,     "submit",     1),
    (SCORECARD,  Sc.SUBMITTED, "save",       0),
    (SCORECARD,  Sc.SUBMITTED, "submit",     0),
    (OBJECTION,  Ob.OPEN,      "investigate", 1),
    (OBJECTION,  Ob.OPEN,      "decide",     1),
    (OBJECTION,  Ob.UPHELD,    "investigate", 0),
    (OBJECTION,  Ob.UPHELD,    "decide",     0),
    (OBJECTION,  Ob.DISMISSED, "decide",     0),
]  # fmt: skip


@pytest.mark.parametrize(("workflow", "state", "step", "allowed"), SMALL_TABLES)
def test_scorecard_and_objection_state_tables(workflow, state, step, allowed):
    assert int(workflow.can(state, step)) == allowed


@pytest.mark.parametrize(
    ("frozen", "refused"),
    [
        # frozen  refused?
        (False,   False),
        (True,    True),
    ],
)  # fmt: skip
def test_require_unfrozen_truth_table(frozen, refused):
    entry = SimpleNamespace(frozen=frozen, display_name="职工100", title="职工100")
    if refused:
        with pytest.raises(ValidationError, match="职工100: an objection is open"):
            require_unfrozen(entry)
    else:
        require_unfrozen(entry)


CITY, COUNTY, ENT, OTHER_CITY = "00010001", "000100010001", "0001000100010001", "00010002"


def _campaign(stage, org=CITY):
    return SimpleNamespace(stage=stage, org=SimpleNamespace(path=org))


# can_manage: role × where it is held (the campaign is the city's).
MANAGE_TABLE = [
    # role               held at     manages?
    ("federation_staff", CITY,       1),
    ("federation_admin", CITY,       1),
    ("federation_admin", "0001",     1),  # the province above
    ("federation_staff", COUNTY,     0),  # a level below nominates, does not manage
    ("enterprise_admin", ENT,        0),
    ("expert",           CITY,       0),
    ("federation_staff", OTHER_CITY, 0),
]  # fmt: skip


@pytest.mark.parametrize(("role", "path", "allowed"), MANAGE_TABLE)
def test_can_manage_truth_table(role, path, allowed):
    assert int(access.can_manage(role_scope(role, path), _campaign(St.NOMINATION))) == allowed


# campaign_actions: who × stage → the buttons shown.
ACTIONS_TABLE = [
    ("federation_staff", CITY,       St.NOMINATION,   CAMPAIGN.actions(St.NOMINATION)),
    ("federation_staff", CITY,       St.RANKING,      {"announce"}),
    ("federation_staff", CITY,       St.ANNOUNCEMENT, {"decide_objection", "publish"}),
    ("federation_staff", COUNTY,     St.NOMINATION,   {"nominate", "recommend"}),
    ("enterprise_admin", ENT,        St.NOMINATION,   {"nominate", "recommend"}),
    ("enterprise_admin", ENT,        St.FORMAL_CHECK, set()),
    ("expert",           CITY,       St.EXPERT_REVIEW, set()),
    ("federation_staff", OTHER_CITY, St.RANKING,      set()),
    ("federation_staff", OTHER_CITY, St.NOMINATION,   set()),  # not below the organiser
]  # fmt: skip


@pytest.mark.parametrize(("role", "path", "stage", "expected"), ACTIONS_TABLE)
def test_campaign_actions_truth_table(role, path, stage, expected):
    assert access.campaign_actions(role_scope(role, path), _campaign(stage)) == expected
