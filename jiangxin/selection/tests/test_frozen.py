"""`Entry.frozen` is a real guard: every service that changes, awards or publishes an
entry refuses a frozen one. An open objection holds back its entry only; the
publication goes ahead without it and the entry is awarded (or withdrawn) when its
objection is decided. Each test fails without its service's guard."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from jiangxin.selection import services
from jiangxin.selection.enums import EntryStatus, ObjectionStatus, Stage
from jiangxin.selection.models import Campaign, Entry
from jiangxin.testing.people import make_worker

from .factories import end_announcement, full_scores, make_campaign, to_announcement, to_review

pytestmark = pytest.mark.django_db

DECISION = "青工发〔2022〕8号"


def _freeze(entry) -> None:
    Entry.objects.filter(pk=entry.pk).update(frozen=True)


def _object(announcement, entry):
    return services.objection_file(
        announcement=announcement,
        entry_id=entry.pk,
        kind="person",
        name="王某",
        contact="13912345678",
        content="该同志的成果材料与事实不符，请核查。",
    )


def test_entry_formal_check_refuses_a_frozen_entry(world):
    campaign = make_campaign(world)
    worker = make_worker(world.ent_a, 100)
    entry = services.entry_nominate(actor=world.admin_a, campaign=campaign, subject_id=worker.pk)
    Entry.objects.filter(pk=entry.pk).update(current_org=campaign.org)
    services.campaign_open_formal_check(actor=world.city_staff, campaign=campaign)
    _freeze(entry)
    with pytest.raises(ValidationError, match="objection is open"):
        services.entry_formal_check(actor=world.city_staff, entry=entry, passed=True)
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.NOMINATED


def test_sheet_submit_refuses_a_frozen_entry(world):
    campaign = make_campaign(world)
    worker = make_worker(world.ent_a, 100)
    entry = services.entry_nominate(actor=world.admin_a, campaign=campaign, subject_id=worker.pk)
    _freeze(entry)
    with pytest.raises(ValidationError, match="objection is open"):
        services.sheet_submit(
            actor=world.admin_a, campaign=campaign, org=world.ent_a, ranked_entry_ids=[entry.pk]
        )
    assert Entry.objects.get(pk=entry.pk).current_org_id == world.ent_a.pk


def test_close_review_refuses_a_frozen_entry(world):
    campaign = make_campaign(world)
    entries, _pool = to_review(world, campaign)
    full_scores(campaign, [[90, 90, 45], [80, 80, 40], [70, 70, 35], [60, 60, 30]])
    _freeze(entries[0])
    with pytest.raises(ValidationError, match="objection is open"):
        services.campaign_close_review(actor=world.city_staff, campaign=campaign)
    assert Campaign.objects.get(pk=campaign.pk).stage == Stage.EXPERT_REVIEW
    assert Entry.objects.get(pk=entries[0].pk).status == EntryStatus.CHECK_PASSED


@pytest.fixture
def announced(world, workday_today):
    campaign = make_campaign(world)
    announcement = to_announcement(world, campaign)
    entries = list(Entry.objects.filter(campaign=campaign, tier__isnull=False).order_by("rank"))
    return campaign, announcement, entries


def test_publish_does_not_award_a_frozen_entry(world, announced):
    """Frozen without an objection on record (the flag alone): still held back."""
    campaign, announcement, (first, *rest) = announced
    _freeze(first)
    end_announcement(announcement)
    services.campaign_publish(actor=world.city_staff, campaign=campaign, decision_number=DECISION)
    assert Entry.objects.get(pk=first.pk).status == EntryStatus.RANKED
    assert all(Entry.objects.get(pk=e.pk).status == EntryStatus.AWARDED for e in rest)


def test_held_back_entry_is_awarded_when_its_objection_is_dismissed(world, announced):
    campaign, announcement, (first, *_rest) = announced
    objection = _object(announcement, first)
    end_announcement(announcement)
    services.campaign_publish(actor=world.city_staff, campaign=campaign, decision_number=DECISION)
    assert Entry.objects.get(pk=first.pk).status == EntryStatus.RANKED
    services.objection_investigate(actor=world.city_staff, objection=objection, notes="核实无误")
    services.objection_decide(
        actor=world.city_staff, objection=objection, outcome="dismissed", note="查无实据"
    )
    entry = Entry.objects.get(pk=first.pk)
    assert entry.status == EntryStatus.AWARDED and not entry.frozen
    assert entry.certificate_id is not None


def test_held_back_entry_is_withdrawn_when_its_objection_is_upheld(world, announced):
    campaign, announcement, (first, *_rest) = announced
    objection = _object(announcement, first)
    end_announcement(announcement)
    services.campaign_publish(actor=world.city_staff, campaign=campaign, decision_number=DECISION)
    services.objection_investigate(actor=world.city_staff, objection=objection, notes="核实属实")
    services.objection_decide(
        actor=world.city_staff, objection=objection, outcome="upheld", note="成果署名不实"
    )
    entry = Entry.objects.get(pk=first.pk)
    assert entry.status == EntryStatus.WITHDRAWN and entry.certificate_id is None
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD


def test_studio_naming_refuses_a_frozen_entry(world, workday_today):
    from jiangxin.studios import services as studio_services
    from jiangxin.studios.enums import ReviewDecision, StudioStatus
    from jiangxin.studios.models import Studio

    leader = make_worker(world.ent_a, 71, name="栾军")
    studio = studio_services.studio_apply(
        actor=world.admin_a,
        host=world.ent_a,
        leader=leader,
        name="栾军创新工作室",
        field="转炉炼钢",
        level="provincial",
        established_on=datetime.date(2015, 3, 1),
    )
    for reviewer in (world.admin_a, world.city_staff, world.province_admin):
        studio_services.studio_review(
            actor=reviewer, studio=studio, decision=ReviewDecision.APPROVE, comment="同意"
        )
    entry = Entry.objects.get(subject_id=studio.pk)
    _freeze(entry)  # the flag alone: no objection is on record for studio_name to see
    Studio.objects.filter(pk=studio.pk).update(announce_until=datetime.date(2024, 9, 26))
    studio.refresh_from_db()
    with pytest.raises(ValidationError, match="objection is open"):
        studio_services.studio_name(
            actor=world.province_admin,
            studio=studio,
            document_number="鲁工发〔2024〕18号",
            unveiled_on=datetime.date(2024, 10, 15),
            level="provincial",
        )
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.RANKED
    assert Studio.objects.get(pk=studio.pk).status == StudioStatus.ANNOUNCED
