"""Closing the review, the arithmetic part: a campaign's results computed from its
submitted scorecards and written back to its entries.

Without normalisation (the default) the database sums the cards up: one GROUP BY gives
each entry's count, sum, lowest and highest total and first-place votes, and
`domain.results.results_from_tallies` ranks from those. With a z-score normalisation
every card is needed: they are read as plain tuples and `domain.results.campaign_results`
applies the rules card by card. Either way the results are written with a few
`UPDATE … FROM (VALUES …)` statements, not one per entry."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from django.db import connection

from ..domain.results import Card, Result, Tally, campaign_results, results_from_tallies
from ..enums import EntryStatus, Normalisation, ScorecardStatus
from ..models import Campaign, Entry, Scorecard

RANKABLE = (EntryStatus.CHECK_PASSED, EntryStatus.RANKED)
_Q = Decimal("0.001")


def _entries(campaign: Campaign) -> dict[int, datetime | None]:
    return dict(
        Entry.objects.filter(campaign=campaign, status__in=RANKABLE).values_list(
            "pk", "nominated_at"
        )
    )


def _tallies(campaign: Campaign) -> list[Tally]:
    """Per entry: n, Σ total, lowest, highest (in thousandths: on SQLite a total is stored
    as a float, exact again once rounded to the column's three decimals, and the error of
    a sum of a few dozen totals is far below 0.0005), and the number of experts whose best
    total it is (an expert's best taken over the rankable entries' submitted cards)."""
    qn = connection.ops.quote_name
    card, entry = qn(Scorecard._meta.db_table), qn(Entry._meta.db_table)
    where = (
        "{c}.campaign_id = %s AND {c}.status = %s AND {c}.total IS NOT NULL"  # noqa: S608
        f" AND {{c}}.entry_id IN (SELECT e.id FROM {entry} e"
        " WHERE e.campaign_id = %s AND e.status IN (%s, %s))"
    )  # table names and placeholders only
    params = [campaign.pk, ScorecardStatus.SUBMITTED, campaign.pk, *RANKABLE]
    sql = (
        "SELECT s.entry_id, COUNT(*), CAST(ROUND(SUM(s.total) * 1000) AS BIGINT),"  # noqa: S608
        " CAST(ROUND(MIN(s.total) * 1000) AS BIGINT), CAST(ROUND(MAX(s.total) * 1000) AS BIGINT),"
        " SUM(CASE WHEN s.total = b.best THEN 1 ELSE 0 END)"
        f" FROM {card} s JOIN (SELECT t.expert_id, MAX(t.total) AS best FROM {card} t"
        f" WHERE {where.format(c='t')} GROUP BY t.expert_id) b ON b.expert_id = s.expert_id"
        f" WHERE {where.format(c='s')} GROUP BY s.entry_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params + params)
        return [
            Tally(eid, n, int(total), int(lo), int(hi), int(votes))
            for eid, n, total, lo, hi, votes in cursor.fetchall()
        ]


def _cards(campaign: Campaign) -> list[Card]:
    rows = Scorecard.objects.filter(
        campaign=campaign,
        status=ScorecardStatus.SUBMITTED,
        total__isnull=False,
        entry__campaign=campaign,
        entry__status__in=RANKABLE,
    ).values_list("entry_id", "expert_id", "panel_id", "total")
    return [Card(*row) for row in rows]


def compute_results(campaign: Campaign) -> list[Result[int]]:
    """Aggregate the submitted scorecards, normalise if asked, rank with the declared
    tie-breaks and fill the tiers (a result's `tier` is the tier's id); nothing is saved."""
    submitted_at = _entries(campaign)
    tiers = list(campaign.tiers.order_by("position").values_list("pk", "quota"))
    if campaign.normalisation == Normalisation.NONE:
        return results_from_tallies(
            _tallies(campaign),
            submitted_at,
            aggregation=campaign.aggregation,
            tie_breaks=campaign.tie_breaks,
            tiers=tiers,
        )
    return campaign_results(
        _cards(campaign),
        submitted_at,
        aggregation=campaign.aggregation,
        normalisation=campaign.normalisation,
        tie_breaks=campaign.tie_breaks,
        tiers=tiers,
    )


RESULT_COLUMNS = (
    "score",
    "max_score",
    "first_places",
    "n_scores",
    "rank",
    "tied",
    "tier_id",
    "status",
)
SAVE_BATCH = 2000  # rows a statement: 9 parameters each, below SQLite's 32,766


def _row(r: Result[int]) -> tuple:
    return (
        r.entry_id,
        None if r.score is None else r.score.quantize(_Q),
        None if r.max_score is None else r.max_score.quantize(_Q),
        r.first_places,
        r.n_scores,
        r.rank,
        r.tied,
        r.tier,
        EntryStatus.RANKED,
    )


def save_results(results: Sequence[Result[int]]) -> None:
    """Write the results to the entries: `WITH v(…) AS (VALUES …) UPDATE … FROM v`, one
    statement per SAVE_BATCH entries (PostgreSQL, and SQLite from 3.33)."""
    qn = connection.ops.quote_name
    table = qn(Entry._meta.db_table)
    fields = {f.column: f for f in Entry._meta.concrete_fields}
    cols = ["id", *(fields[c].column for c in RESULT_COLUMNS)]
    # Typed placeholders: a column of only NULLs in VALUES would otherwise be text on
    # PostgreSQL, and SET numeric = text is refused.
    casts = ["%s"] + [f"CAST(%s AS {fields[c].cast_db_type(connection)})" for c in RESULT_COLUMNS]
    sets = ", ".join(f"{qn(c)} = v.{qn(c)}" for c in cols[1:])
    head = f"WITH v({', '.join(qn(c) for c in cols)}) AS (VALUES "
    tail = f") UPDATE {table} SET {sets} FROM v WHERE {table}.id = v.id"  # noqa: S608
    row_sql = "(" + ", ".join(casts) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(results), SAVE_BATCH):
            batch = [_row(r) for r in results[start : start + SAVE_BATCH]]
            sql = head + ", ".join([row_sql] * len(batch)) + tail
            cursor.execute(sql, [x for row in batch for x in row])
