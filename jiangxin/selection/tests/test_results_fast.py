"""The fast results path gives exactly the results of the rules applied card by card:
the same ranks, ties, scores, highest scores, first-place votes, counts and tiers, on
random campaigns (hypothesis) — in pure Python (tallies made by `tally_cards`) and
through the database (tallies made by one SQL GROUP BY, on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiangxin.selection.domain import scoring
from jiangxin.selection.domain.results import (
    Card,
    campaign_results,
    results_from_tallies,
    tally_cards,
)
from jiangxin.selection.enums import (
    Aggregation,
    EntryStatus,
    Normalisation,
    ScorecardStatus,
    Stage,
    SubjectKind,
    TieBreak,
)

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)

# Totals from a narrow range with three decimals, so that equal scores, equal highest
# totals and equal first-place votes are common (the tie-breaks are then exercised).
totals = st.builds(
    lambda whole, thousandths: Decimal(whole) + Decimal(thousandths).scaleb(-3),
    st.integers(60, 64),
    st.sampled_from([0, 0, 500, 333, 1, 999]),
)
tie_breaks = st.permutations(list(TieBreak.values)).flatmap(
    lambda order: st.integers(0, len(order)).map(lambda n: order[:n])
)


@st.composite
def campaigns(draw):
    """(cards, submitted_at, aggregation, tie_breaks, tiers): entries 1..n, some without
    cards, each scored by a subset of the experts (an expert scores an entry once)."""
    n = draw(st.integers(0, 14))
    experts = draw(st.integers(1, 6))
    submitted_at = {
        eid: draw(st.one_of(st.none(), st.integers(0, 3).map(lambda d: T0 + timedelta(days=d))))
        for eid in range(1, n + 1)
    }
    cards = []
    for eid in submitted_at:
        for expert in draw(st.sets(st.integers(1, experts), max_size=experts)):
            panel = draw(st.sampled_from([None, 1, 2]))
            cards.append(Card(eid, expert, panel, draw(totals)))
    aggregation = draw(st.sampled_from(list(Aggregation.values)))
    quotas = draw(st.lists(st.integers(0, 4), max_size=3))
    tiers = [(f"tier{i}", q) for i, q in enumerate(quotas)]
    return cards, submitted_at, aggregation, draw(tie_breaks), tiers


@settings(max_examples=400, deadline=None)
@given(campaigns())
def test_results_from_tallies_equal_the_card_by_card_results(campaign):
    cards, submitted_at, aggregation, order, tiers = campaign
    slow = campaign_results(
        cards,
        submitted_at,
        aggregation=aggregation,
        normalisation=Normalisation.NONE,
        tie_breaks=order,
        tiers=tiers,
    )
    fast = results_from_tallies(
        tally_cards(cards), submitted_at, aggregation=aggregation, tie_breaks=order, tiers=tiers
    )
    assert fast == slow
    assert [r.rank for r in fast] == list(range(1, len(submitted_at) + 1))


def test_results_from_tallies_trimmed_mean_ties_and_votes():
    """A worked case: trimmed means 87.667 and 86.333, one tie that max_score resolves."""
    d = Decimal
    given_ = {1: [90, 85, 70, 95, 88], 2: [88, 90, 40, 86, 85], 3: [80, 90], 4: [85, 85]}
    cards = [Card(e, x, None, d(s)) for e, row in given_.items() for x, s in enumerate(row)]
    when = dict.fromkeys((1, 2, 3, 4, 5), T0)
    out = results_from_tallies(
        tally_cards(cards),
        when,
        aggregation=Aggregation.TRIMMED_MEAN,
        tie_breaks=[TieBreak.MAX_SCORE],
        tiers=[("一等奖", 1), ("二等奖", 2)],
    )
    assert [(r.entry_id, r.rank, r.tied, r.tier) for r in out] == [
        (1, 1, False, "一等奖"),
        (2, 2, False, "二等奖"),
        (3, 3, False, "二等奖"),  # 85 like entry 4, but a higher highest score (90)
        (4, 4, False, None),
        (5, 5, False, None),  # no scores: last, no tier
    ]
    assert out[0].score == d(263) / 3 and out[0].max_score == d("95.000")
    # entry 1 is the best of experts 0, 2, 3, 4; expert 1 has entries 2 and 3 level at 90
    assert [r.first_places for r in out] == [4, 1, 1, 0, 0]
    assert (out[4].score, out[4].max_score, out[4].n_scores) == (None, None, 0)


def test_results_from_tallies_refuse_an_unknown_tie_break():
    with pytest.raises(ValueError, match="tie-break"):
        results_from_tallies([], {1: None}, aggregation="mean", tie_breaks=["coin"], tiers=[])


def _naive_rank(rows, order):
    """rank_entries as first written: one sort on the exact key."""
    keyed = sorted(((scoring._key(r, order), r.entry_id, r) for r in rows), key=lambda t: t[:2])
    out, previous = [], None
    for position, (key, _id, row) in enumerate(keyed, start=1):
        out.append(scoring.Ranked(row.entry_id, position, row.score, tied=key == previous))
        previous = key
    return out


rank_inputs = st.lists(
    st.builds(
        scoring.RankInput,
        entry_id=st.integers(1, 10_000),
        score=st.one_of(
            st.none(),
            totals,
            st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
            st.decimals(
                allow_nan=False, allow_infinity=False, places=30, min_value=-2, max_value=2
            ),
        ),
        max_score=totals,
        first_places=st.integers(0, 2),
        submitted_at=st.one_of(st.none(), st.just(T0)),
    ),
    max_size=30,
    unique_by=lambda r: r.entry_id,
)


@settings(max_examples=300, deadline=None)
@given(rank_inputs, tie_breaks)
def test_rank_entries_orders_as_one_exact_sort(rows, order):
    """The float pre-sort never changes the order nor the tie flags, even for Decimals
    closer together than a float can tell apart."""
    assert scoring.rank_entries(rows, order) == _naive_rank(rows, order)


# --- through the database ----------------------------------------------------------------


def _campaign_in_db(world, data, *, normalisation=Normalisation.NONE):
    """The random campaign written to the database, with noise the results must ignore:
    draft cards, and an entry that is no longer rankable whose cards are submitted."""
    from jiangxin.accounts.models import User
    from jiangxin.selection.models import AwardTier, Campaign, Entry, Panel, Scorecard

    cards, submitted_at, aggregation, order, tiers = data
    campaign = Campaign.objects.create(
        org=world.city, title="随机评选", year=2024, subject_kind=SubjectKind.CRAFTSMAN_TITLE,
        stage=Stage.EXPERT_REVIEW, aggregation=aggregation, normalisation=normalisation,
        tie_breaks=list(order),
    )  # fmt: skip
    tier_ids = {
        name: AwardTier.objects.create(campaign=campaign, position=i, name=name, quota=q).pk
        for i, (name, q) in enumerate(tiers, start=1)
    }
    panels = {p: Panel.objects.create(campaign=campaign, name=f"组{p}").pk for p in (1, 2)}
    expert_ids = sorted({c.expert_id for c in cards} | {1})
    users = {
        x: User.objects.create_user(username=f"rx_{campaign.pk}_{x}", password=None)
        for x in expert_ids
    }
    now = timezone.now()
    entries = {}
    for eid in [*submitted_at, "gone"]:
        entries[eid] = Entry.objects.create(
            campaign=campaign, subject_kind=SubjectKind.CRAFTSMAN_TITLE,
            subject_id=eid if eid != "gone" else 10**6, title=str(eid), display_name=str(eid),
            org=world.ent_a, current_org=world.city,
            status=EntryStatus.WITHDRAWN if eid == "gone" else EntryStatus.CHECK_PASSED,
            nominated_at=submitted_at.get(eid) or now,
        )  # fmt: skip
    rows = [
        Scorecard(
            campaign=campaign,
            entry=entries[c.entry_id],
            expert=users[c.expert_id],
            panel_id=panels.get(c.panel_id),
            total=c.total,
            status=ScorecardStatus.SUBMITTED,
            submitted_at=now,
        )  # fmt: skip
        for c in cards
    ]
    # The withdrawn entry's card is the best of expert 1 (it must not take the vote) …
    rows.append(
        Scorecard(
            campaign=campaign,
            entry=entries["gone"],
            expert=users[1],
            total=Decimal("99.999"),
            status=ScorecardStatus.SUBMITTED,
            submitted_at=now,
        )  # fmt: skip
    )
    Scorecard.objects.bulk_create(rows)
    # … and a draft card counts for nothing.
    if submitted_at:
        first = next(iter(submitted_at))
        extra = User.objects.create_user(username=f"rx_{campaign.pk}_draft", password=None)
        Scorecard.objects.create(
            campaign=campaign, entry=entries[first], expert=extra, total=Decimal("100"),
            status=ScorecardStatus.DRAFT,
        )  # fmt: skip
    # the nomination times as stored (a None in the data: "now", as the column is required)
    stored = dict(
        Entry.objects.filter(campaign=campaign, status=EntryStatus.CHECK_PASSED).values_list(
            "pk", "nominated_at"
        )
    )
    by_pk = {
        Card(entries[c.entry_id].pk, users[c.expert_id].pk, panels.get(c.panel_id), c.total)
        for c in cards
    }
    tiers_by_id = [(tier_ids[name], q) for name, q in tiers]
    return campaign, by_pk, stored, tiers_by_id


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=campaigns())
def test_compute_results_in_sql_equal_the_card_by_card_results(world, data):
    from jiangxin.selection.services.results import compute_results

    campaign, cards, stored, tiers = _campaign_in_db(world, data)
    expected = campaign_results(
        cards,
        stored,
        aggregation=campaign.aggregation,
        normalisation=Normalisation.NONE,
        tie_breaks=campaign.tie_breaks,
        tiers=tiers,
    )
    assert compute_results(campaign) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("normalisation", [Normalisation.EXPERT, Normalisation.PANEL])
def test_compute_results_normalised_reads_every_card(world, normalisation):
    from jiangxin.selection.services.results import compute_results

    data = (
        [Card(e, x, 1 + e % 2, Decimal(60 + (e * 7 + x * 3) % 11)) for e in range(1, 7) for x in (1, 2, 3)],
        {e: T0 + timedelta(days=e % 2) for e in range(1, 7)},
        Aggregation.TRIMMED_MEAN, list(TieBreak.values), [("a", 1), ("b", 2)],
    )  # fmt: skip
    campaign, cards, stored, tiers = _campaign_in_db(world, data, normalisation=normalisation)
    expected = campaign_results(
        cards,
        stored,
        aggregation=campaign.aggregation,
        normalisation=normalisation,
        tie_breaks=campaign.tie_breaks,
        tiers=tiers,
    )
    assert compute_results(campaign) == expected


@pytest.mark.django_db
def test_save_results_writes_every_batch(world, monkeypatch):
    """Results go out in several UPDATE … FROM (VALUES …) statements; every entry gets its
    own rank, score, tier and status, NULLs included."""
    from jiangxin.selection.models import Entry
    from jiangxin.selection.services import results as service

    data = (
        [Card(e, x, None, Decimal(f"{70 + e}.{x}05")) for e in range(1, 8) for x in (1, 2, 3)],
        dict.fromkeys(range(1, 10), T0),  # entries 8 and 9 without scores
        Aggregation.MEAN, [TieBreak.MAX_SCORE], [("一等奖", 1), ("二等奖", 2)],
    )  # fmt: skip
    campaign, _cards, _stored, tiers = _campaign_in_db(world, data)
    monkeypatch.setattr(service, "SAVE_BATCH", 4)
    results = service.compute_results(campaign)
    service.save_results(results)
    got = {
        e.pk: (e.rank, e.score, e.max_score, e.first_places, e.n_scores, e.tied, e.tier_id, e.status)
        for e in Entry.objects.filter(campaign=campaign, status=EntryStatus.RANKED)
    }  # fmt: skip
    q = Decimal("0.001")
    assert got == {
        r.entry_id: (
            r.rank,
            None if r.score is None else r.score.quantize(q),
            r.max_score,
            r.first_places,
            r.n_scores,
            r.tied,
            r.tier,
            EntryStatus.RANKED,
        )  # fmt: skip
        for r in results
    }
    assert len(got) == 9
    best = min(results, key=lambda r: r.rank)
    assert (best.tier, got[best.entry_id][1]) == (tiers[0][0], Decimal("77.205"))
    assert Entry.objects.get(campaign=campaign, title="gone").status == EntryStatus.WITHDRAWN
