"""The whole path of a craftsman-title campaign, and the steps' guards."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from jiangxin.core.models import AuditEvent, IssuedDocument
from jiangxin.people.models import Honour
from jiangxin.selection import services
from jiangxin.selection.enums import EntryStatus, Stage
from jiangxin.selection.models import Entry, Quota, SheetLine
from jiangxin.testing.people import make_worker

from .factories import end_announcement, make_campaign, nominate_up, to_announcement

pytestmark = pytest.mark.django_db


def test_flow_craftsman_title_end_to_end(world, workday_today):
    campaign = make_campaign(world)
    announcement = to_announcement(world, campaign)
    entries = list(Entry.objects.filter(campaign=campaign).order_by("rank"))
    assert [e.tier.name if e.tier else None for e in entries] == [
        "青岛大工匠",
        "青岛工匠",
        "青岛工匠",
        None,
    ]
    assert entries[0].score == 90 and entries[0].n_scores == 3
    # 5 working days from Friday 2024-09-27: 27, Sun 29 (make-up day), 30, Oct 8, Oct 9
    assert announcement.ends_on.isoformat() == "2024-10-09"
    with pytest.raises(ValidationError, match="2024-10-09"):
        services.campaign_publish(
            actor=world.city_staff, campaign=campaign, decision_number="青工发〔2022〕8号"
        )
    end_announcement(announcement)
    campaign = services.campaign_publish(
        actor=world.city_staff, campaign=campaign, decision_number="青工发〔2022〕8号"
    )
    assert campaign.stage == Stage.PUBLISHED and campaign.award_list.kind == "award_list"
    awarded = list(
        Entry.objects.filter(campaign=campaign, status=EntryStatus.AWARDED).select_related(
            "certificate"
        )
    )
    assert len(awarded) == 3 and all(
        e.certificate and e.certificate.kind == "selection_award" for e in awarded
    )
    honours = Honour.objects.filter(year=2022, document_number="青工发〔2022〕8号").select_related(
        "honour_type"
    )
    assert sorted(h.honour_type.code for h in honours) == [
        "qingdao-craftsman",
        "qingdao-craftsman",
        "qingdao-great-craftsman",
    ]
    actions = set(
        AuditEvent.objects.filter(action__startswith="selection.").values_list("action", flat=True)
    )
    assert {
        "selection.campaign.create", "selection.entry.nominate", "selection.sheet.submit",
        "selection.campaign.formal_check", "selection.entry.check", "selection.campaign.expert_review",
        "selection.experts.assign", "selection.scorecard.save", "selection.scorecard.submit",
        "selection.campaign.ranking", "selection.campaign.announcement", "selection.campaign.publish",
    } <= actions  # fmt: skip
    assert IssuedDocument.objects.filter(kind="selection_award").count() == 3


def test_flow_over_quota_sheet_refused_with_a_clear_message(world):
    campaign = make_campaign(world)
    services.quota_set(
        actor=world.city_staff,
        campaign=campaign,
        parent=world.city,
        method="fixed",
        amounts={world.county.pk: 3},
    )
    services.quota_set(
        actor=world.city_staff,
        campaign=campaign,
        parent=world.county,
        method="fixed",
        amounts={world.ent_a.pk: 1, world.ent_b.pk: 2},
    )
    workers = [make_worker(world.ent_a, n) for n in (1, 2)]
    entries = [
        services.entry_nominate(actor=world.admin_a, campaign=campaign, subject_id=w.pk)
        for w in workers
    ]
    with pytest.raises(ValidationError) as exc:
        services.sheet_submit(
            actor=world.admin_a,
            campaign=campaign,
            org=world.ent_a,
            ranked_entry_ids=[e.pk for e in entries],
        )
    assert "entries" in exc.value.error_dict
    assert "may recommend 1" in str(exc.value) and "Take 1 off" in str(exc.value)
    assert not SheetLine.objects.exists()
    services.sheet_submit(
        actor=world.admin_a, campaign=campaign, org=world.ent_a, ranked_entry_ids=[entries[1].pk]
    )
    first, second = (Entry.objects.get(pk=e.pk) for e in entries)
    assert second.current_org == world.county and first.status == EntryStatus.NOT_RECOMMENDED
    # the parent's quota bounds what the children may be given
    with pytest.raises(ValidationError, match="3 places"):
        services.quota_set(
            actor=world.city_staff,
            campaign=campaign,
            parent=world.county,
            method="fixed",
            amounts={world.ent_a.pk: 2, world.ent_b.pk: 2},
        )


def test_flow_quota_by_formula_enterprises(world):
    campaign = make_campaign(world)
    # under the city: the county only (A and B); under the province: city (2) and other city (1)
    rows = services.quota_preview(parent=world.province, method="enterprises", total=5)
    assert [(o.name, w, s) for o, w, s in rows] == [
        (world.city.name, 2, 3),
        (world.other_city.name, 1, 2),
    ]
    saved = services.quota_set(
        actor=world.city_staff, campaign=campaign, parent=world.county, method="workers", total=4
    )
    assert {q.org_id: q.amount for q in saved} == {
        world.ent_a.pk: 2,
        world.ent_b.pk: 2,
    }  # no workers: equal
    (
        make_worker(world.ent_a, 1),
        make_worker(world.ent_a, 2),
        make_worker(world.ent_a, 3),
        make_worker(world.ent_b, 4),
    )
    services.quota_set(
        actor=world.city_staff, campaign=campaign, parent=world.county, method="workers", total=4
    )
    assert dict(Quota.objects.filter(campaign=campaign).values_list("org_id", "amount")) == {
        world.ent_a.pk: 3,
        world.ent_b.pk: 1,
    }


def test_flow_nomination_guards(world):
    campaign = make_campaign(
        world, rules=[{"kind": "not_manager"}, {"kind": "not_already_awarded"}]
    )
    boss = make_worker(world.ent_a, 1, first_line=False, name="厂长")
    with pytest.raises(ValidationError) as exc:
        services.entry_nominate(actor=world.admin_a, campaign=campaign, subject_id=boss.pk)
    assert "managers are excluded" in str(exc.value.error_dict["subject"])
    theirs = make_worker(world.ent_b, 2)
    with pytest.raises(ValidationError) as exc:  # another enterprise's worker: no such subject
        services.entry_nominate(actor=world.admin_a, campaign=campaign, subject_id=theirs.pk)
    assert "subject" in exc.value.error_dict
    far = make_worker(world.ent_c, 3)
    with pytest.raises(ValidationError, match="not under"):
        services.entry_nominate(actor=world.province_admin, campaign=campaign, subject_id=far.pk)
    mine = make_worker(world.ent_a, 4)
    services.entry_nominate(actor=world.admin_a, campaign=campaign, subject_id=mine.pk)
    with pytest.raises(ValidationError, match="already nominated"):
        services.entry_nominate(actor=world.admin_a, campaign=campaign, subject_id=mine.pk)
    with pytest.raises(Http404):
        services.entry_nominate(actor=world.worker_a, campaign=campaign, subject_id=mine.pk)


def test_flow_already_awarded_title_excluded(world):
    from jiangxin.people.models import HonourType

    campaign = make_campaign(world, rules=[{"kind": "not_already_awarded"}])
    w = make_worker(world.ent_a, 1)
    Honour.objects.create(
        worker=w,
        honour_type=HonourType.objects.get(code="qingdao-craftsman"),
        year=2019,
        awarding_body="x",
    )
    with pytest.raises(ValidationError, match="Already holds"):
        services.entry_nominate(actor=world.admin_a, campaign=campaign, subject_id=w.pk)


def test_flow_federation_nominates_at_its_own_level(world):
    campaign = make_campaign(world)
    w = make_worker(world.ent_b, 1)
    entry = services.entry_nominate(actor=world.city_staff, campaign=campaign, subject_id=w.pk)
    assert entry.current_org == world.city  # the organiser itself: straight to the formal check


def test_flow_formal_check_fail_needs_reason_and_stage_guards(world):
    campaign = make_campaign(world)
    (entry,) = nominate_up(world, campaign, [make_worker(world.ent_a, 1)])
    with pytest.raises(ValidationError, match="needs the campaign to be in"):
        services.entry_formal_check(actor=world.city_staff, entry=entry, passed=True)
    services.campaign_open_formal_check(actor=world.city_staff, campaign=campaign)
    with pytest.raises(ValidationError) as exc:
        services.entry_formal_check(actor=world.city_staff, entry=entry, passed=False, reason=" ")
    assert "reason" in exc.value.error_dict
    with pytest.raises(ValidationError, match="wait for the formal check"):
        services.campaign_open_review(actor=world.city_staff, campaign=campaign)
    services.entry_formal_check(
        actor=world.city_staff, entry=entry, passed=False, reason="材料不全"
    )
    with pytest.raises(ValidationError, match="No nomination passed"):
        services.campaign_open_review(actor=world.city_staff, campaign=campaign)
    with pytest.raises(Http404):  # another city's staff cannot touch it
        services.entry_formal_check(actor=world.admin_a, entry=entry, passed=True)


def test_flow_close_review_needs_submitted_cards_unless_forced(world):
    from .factories import to_review

    campaign = make_campaign(world)
    to_review(world, campaign, n=2, experts=3)
    with pytest.raises(ValidationError, match="not submitted"):
        services.campaign_close_review(actor=world.city_staff, campaign=campaign)
    with pytest.raises(ValidationError, match="No scorecard"):
        services.campaign_close_review(actor=world.city_staff, campaign=campaign, force=True)


def test_flow_expert_normalisation_changes_the_order(world):
    """A harsh expert (60, 40) and a lenient one (99, 90), each scoring a different pair:
    raw, the lenient expert's second beats the harsh expert's best; with per-expert
    z-scores each expert's best ties and beats the other's second."""
    from jiangxin.selection.models import Scorecard

    from .factories import score_all, to_review

    campaign = make_campaign(world, normalisation="expert", aggregation="mean", experts_per_entry=1)
    entries, _pool = to_review(world, campaign, n=4, experts=2)
    cards = {c.entry_id: c.expert_id for c in Scorecard.objects.filter(campaign=campaign)}
    harsh, lenient = sorted(set(cards.values()))
    mine = {x: [i for i, e in enumerate(entries) if cards[e.pk] == x] for x in (harsh, lenient)}
    table = {}
    for n, i in enumerate(mine[harsh]):
        table[(i, 0)] = [[60, 60, 30], [40, 40, 20]][n]
    for n, i in enumerate(mine[lenient]):
        table[(i, 1)] = [[99, 99, 49.5], [90, 90, 45]][n]
    score_all(campaign, table)
    services.campaign_close_review(actor=world.city_staff, campaign=campaign)
    score = {e.pk: e.score for e in Entry.objects.filter(campaign=campaign)}
    harsh_best, lenient_best, lenient_second = (
        entries[mine[harsh][0]].pk,
        entries[mine[lenient][0]].pk,
        entries[mine[lenient][1]].pk,
    )
    assert score[harsh_best] == score[lenient_best]
    assert score[harsh_best] > score[lenient_second]
