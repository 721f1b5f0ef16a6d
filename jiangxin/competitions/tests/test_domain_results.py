"""Results: ranking with declared tie-breaks and shared ranks, prizes with quotas that
ineligible entrants never consume, advancement, and medal tables per org subtree."""

from datetime import UTC, datetime
from decimal import Decimal as D

import pytest

from jiangxin.competitions.domain.results import (
    MEDAL_POINTS,
    Prize,
    PrizeTier,
    RankInput,
    TieBreak,
    advancing,
    award_prizes,
    medal_table,
    rank_entrants,
)

T = datetime(2026, 5, 1, 9, tzinfo=UTC)
TIERS = [PrizeTier(Prize.FIRST, 1), PrizeTier(Prize.SECOND, 2), PrizeTier(Prize.THIRD, 3)]


def ranks(ranked):
    return [(r.entrant, r.rank) for r in ranked]


def test_rank_by_total_then_practical_theory_finish_time():
    rows = [
        RankInput("a", D("80.50"), practical=D(56), theory=D("24.5")),
        RankInput("b", D("80.50"), practical=D(57), theory=D("23.5")),  # higher practical
        RankInput("c", D("80.50"), practical=D(56), theory=D("24.5"), finished_at=T),  # earlier
        RankInput("d", D(90)),
        RankInput("e", None),
        RankInput(
            "f", D("80.50"), practical=D(56), theory=D("24.5"), finished_at=T.replace(hour=10)
        ),
    ]
    ranked = rank_entrants(rows)
    assert ranks(ranked) == [("d", 1), ("b", 2), ("c", 3), ("f", 4), ("a", 5), ("e", None)]
    by = {r.entrant: r for r in ranked}
    assert by["b"].decided_by is None  # first of the level group
    assert by["c"].decided_by == TieBreak.PRACTICAL
    assert by["f"].decided_by == TieBreak.FINISH_TIME
    assert by["a"].decided_by == TieBreak.FINISH_TIME  # no finish time: after those with one
    assert not any(r.tied for r in ranked)


def test_rank_shares_a_rank_when_every_tie_break_is_level():
    rows = [RankInput(i, D(70), practical=D(50)) for i in ("x", "y")] + [
        RankInput("z", D(60)),
        RankInput("w", D(75)),
    ]
    ranked = rank_entrants(rows)
    assert ranks(ranked) == [("w", 1), ("x", 2), ("y", 2), ("z", 4)]
    assert [r.tied for r in ranked] == [False, True, True, False]
    # with no tie-breaks declared, practical does not separate
    rows2 = [RankInput("p", D(70), practical=D(50)), RankInput("q", D(70), practical=D(40))]
    assert ranks(rank_entrants(rows2, tie_breaks=())) == [("p", 1), ("q", 1)]
    assert ranks(rank_entrants(rows2, tie_breaks=["theory", "practical"])) == [("p", 1), ("q", 2)]
    with pytest.raises(ValueError):
        rank_entrants(rows2, tie_breaks=["age"])


def test_prizes_fill_quotas_and_ineligible_entrants_never_consume_one():
    rows = [
        RankInput("guest", D(99), eligible=False),  # out of scope: tops the list, no prize
        RankInput("a", D(95)),
        RankInput("b", D(90)),
        RankInput("out", D(89), eligible=False),
        RankInput("c", D(88)),
        RankInput("d", D(80)),
        RankInput("e", D(79)),
        RankInput("f", D(78)),
        RankInput("g", D(77)),
        RankInput("h", None),
    ]
    ranked = rank_entrants(rows)
    by = {r.entrant: r for r in ranked}
    assert (by["guest"].rank, by["guest"].official_rank) == (1, None)
    assert (by["a"].rank, by["a"].official_rank) == (2, 1)
    prizes = award_prizes(ranked, TIERS)
    assert prizes == {
        "guest": None,
        "a": Prize.FIRST,
        "b": Prize.SECOND,
        "out": None,
        "c": Prize.SECOND,
        "d": Prize.THIRD,
        "e": Prize.THIRD,
        "f": Prize.THIRD,
        "g": None,
        "h": None,
    }


def test_tied_entrants_share_a_prize_and_use_up_the_places():
    rows = [
        RankInput("a", D(90)),
        RankInput("b", D(90)),
        RankInput("c", D(85)),
        RankInput("d", D(80)),
    ]
    prizes = award_prizes(
        rank_entrants(rows, ()),
        [PrizeTier(Prize.FIRST, 1), PrizeTier(Prize.SECOND, 1), PrizeTier(Prize.THIRD, 1)],
    )
    # two tied firsts take places 1 and 2: no second prize; c is third; d nothing
    assert prizes == {"a": Prize.FIRST, "b": Prize.FIRST, "c": Prize.THIRD, "d": None}


def test_excellence_without_quota_needs_the_standardised_threshold():
    rows = [RankInput(i, D(100 - i), scaled=760 - 20 * i) for i in range(6)]
    tiers = [
        PrizeTier(Prize.FIRST, 1),
        PrizeTier(Prize.SECOND, 1),
        PrizeTier(Prize.EXCELLENCE, None, min_scaled=700),
    ]
    prizes = award_prizes(rank_entrants(rows), tiers)
    # scaled: 760 740 720 700 680 660
    assert prizes == {
        0: Prize.FIRST,
        1: Prize.SECOND,
        2: Prize.EXCELLENCE,
        3: Prize.EXCELLENCE,
        4: None,
        5: None,
    }
    with pytest.raises(ValueError):
        award_prizes([], [PrizeTier(Prize.FIRST, None), PrizeTier(Prize.SECOND, 1)])
    with pytest.raises(ValueError):
        award_prizes([], [PrizeTier(Prize.FIRST, -1)])


def test_advancement_top_n_and_top_percent():
    rows = [RankInput(i, D(100 - i)) for i in range(10)] + [
        RankInput("guest", D(99.5), eligible=False)
    ]
    ranked = rank_entrants(rows)
    assert advancing(ranked, top_n=3) == [0, 1, 2]
    assert advancing(ranked, top_percent=25) == [0, 1]  # 10 × 25 % = 2.5 → 2
    assert advancing(ranked, top_percent=1) == [0]  # at least one
    assert advancing(ranked, top_percent=0) == []
    assert advancing(ranked, top_percent=100) == list(range(10))
    for bad in ({}, {"top_n": 1, "top_percent": 5}, {"top_n": -1}, {"top_percent": 101}):
        with pytest.raises(ValueError):
            advancing(ranked, **bad)


def test_advancement_ties_at_the_cut():
    rows = [
        RankInput("a", D(90)),
        RankInput("b", D(85)),
        RankInput("c", D(85)),
        RankInput("d", D(80)),
    ]
    ranked = rank_entrants(rows, ())
    assert advancing(ranked, top_n=2) == ["a", "b", "c"]
    assert advancing(ranked, top_n=2, include_ties=False) == ["a"]


ROOT = "0001"
CITY_A, CITY_B = "00010001", "00010002"


def test_medal_table_counts_each_child_subtree_with_points():
    awards = [
        (CITY_A + "0003", Prize.FIRST),
        (CITY_A + "00030001", Prize.THIRD),
        (CITY_A, Prize.EXCELLENCE),
        (CITY_B + "0001", Prize.SECOND),
        (CITY_B + "0002", Prize.SECOND),
        (CITY_B, "third"),
        (ROOT, Prize.EXCELLENCE),  # the province's own unit
        ("0002" + "0001", Prize.FIRST),  # another tree: not counted
        (CITY_A + "0004", None),  # no prize
    ]
    table = medal_table(awards, ROOT)
    rows = [(r.org_path, r.points, r.medals) for r in table.rows]
    # A: 4 + 2 + 1 = 7; B: 3 + 3 + 2 = 8; root itself: 1
    assert rows == [(CITY_B, 8, 3), (CITY_A, 7, 3), (ROOT, 1, 1)]
    assert table.rows[1].counts == {
        Prize.FIRST: 1,
        Prize.SECOND: 0,
        Prize.THIRD: 1,
        Prize.EXCELLENCE: 1,
    }
    assert (table.total.points, table.total.medals) == (16, 7)
    # a city as root: rows per enterprise under it
    city = medal_table(awards, CITY_A)
    assert [(r.org_path, r.points) for r in city.rows] == [(CITY_A + "0003", 6), (CITY_A, 1)]
    assert MEDAL_POINTS == {Prize.FIRST: 4, Prize.SECOND: 3, Prize.THIRD: 2, Prize.EXCELLENCE: 1}


def test_medal_table_orders_equal_points_by_golds():
    awards = [("00010001", Prize.FIRST), ("00010002", Prize.SECOND), ("00010002", Prize.EXCELLENCE)]
    assert [r.org_path for r in medal_table(awards, ROOT).rows] == ["00010001", "00010002"]
    assert medal_table([], ROOT).rows == ()
    with pytest.raises(ValueError):
        medal_table([("00010001", "gold")], ROOT)
