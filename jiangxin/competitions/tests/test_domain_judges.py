"""Judges of judgement aspects: spread flags for re-marking, and the judge report
(leniency against the panel median, disagreement counts)."""

from decimal import Decimal as D

import pytest

from jiangxin.competitions.domain.judges import JudgementCard, judge_report, judgement_flags


def cards(table):
    """{(entrant, aspect): {judge: score}} → cards."""
    return [
        JudgementCard(e, a, j, s) for (e, a), scores in table.items() for j, s in scores.items()
    ]


PANELS = {
    (1, "A1.3"): {"li": 2, "wang": 3, "zhao": 2},  # spread 1: fine
    (1, "B1.1"): {"li": 1, "wang": 3, "zhao": 2},  # spread 2: re-mark
    (2, "A1.3"): {"li": 0, "wang": 2, "zhao": 1},  # spread 2: re-mark
    (2, "B1.1"): {"li": 3, "wang": 3, "zhao": 3},
}


def test_judgement_flags_more_than_one_point_apart():
    flags = judgement_flags(cards(PANELS))
    assert [(f.entrant, f.aspect, f.spread) for f in flags] == [(1, "B1.1", 2), (2, "A1.3", 2)]
    assert flags[0].scores == {"li": 1, "wang": 3, "zhao": 2}
    assert judgement_flags(cards(PANELS), max_spread=2) == []
    assert len(judgement_flags(cards(PANELS), max_spread=0)) == 3


def test_judge_report_leniency_against_the_panel_median():
    rows = {r.judge: r for r in judge_report(cards(PANELS))}
    # medians: 2, 2, 1, 3. wang: +1 +1 +1 0 → 0.75; li: 0 −1 −1 0 → −0.5; zhao: 0 0 0 0
    assert rows["wang"].leniency == D("0.75")
    assert rows["li"].leniency == D("-0.5")
    assert rows["zhao"].leniency == 0
    assert (rows["wang"].off_median, rows["li"].off_median, rows["zhao"].off_median) == (3, 2, 0)
    assert all(r.flagged == 2 and r.scores == 4 for r in rows.values())
    assert [r.judge for r in judge_report(cards(PANELS))] == [
        "wang",
        "zhao",
        "li",
    ]  # most lenient first


def test_judge_report_even_panel_median_and_lone_judge():
    table = {
        (1, "A1.3"): {"li": 1, "wang": 2},  # median 1.5
        (2, "A1.3"): {"li": 3},  # alone: not compared
    }
    rows = {r.judge: r for r in judge_report(cards(table))}
    assert rows["li"].leniency == D("-0.5") and rows["li"].scores == 1
    assert rows["wang"].leniency == D("0.5")
    only = judge_report(cards({(1, "A1.3"): {"sun": 2}}))
    assert [(r.judge, r.scores, r.leniency) for r in only] == [("sun", 0, 0)]
    # thirds round half up to 0.001
    table = {(e, "A"): {"li": 1 if e == 0 else 0, "wang": 0, "zhao": 0} for e in range(3)}
    assert {r.judge: r.leniency for r in judge_report(cards(table))}["li"] == D("0.333")


def test_a_judge_scoring_a_panel_twice_is_refused():
    twice = [JudgementCard(1, "A1.3", "li", 2), JudgementCard(1, "A1.3", "li", 3)]
    with pytest.raises(ValueError):
        judgement_flags(twice)


def test_a_score_outside_0_to_3_is_refused():
    for bad in (4, -1, True):
        with pytest.raises(ValueError):
            judge_report([JudgementCard(1, "A1.3", "li", bad)])
