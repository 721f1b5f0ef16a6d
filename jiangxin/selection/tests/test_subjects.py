"""Subject adapters: achievement awards (first completer → May Day recommendation;
classified material and IP disputes excluded) and studio naming through a campaign."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from jiangxin.achievements.models import Achievement, Completer
from jiangxin.selection import services
from jiangxin.selection.enums import EntryStatus, SubjectKind
from jiangxin.selection.models import Entry, Recommendation, Scorecard
from jiangxin.selection.subjects import adapter_for, available_kinds
from jiangxin.studios.models import Studio, StudioMember
from jiangxin.testing.people import make_worker

from .factories import end_announcement, full_scores, make_campaign, make_expert

pytestmark = pytest.mark.django_db
RULES = [{"kind": "not_classified"}, {"kind": "no_ip_dispute"}]


def _achievement(ent, title, workers, **flags):
    a = Achievement.objects.create(
        title=title, kind="technical_innovation", enterprise=ent, **{"status": "accepted", **flags}
    )
    for order, w in enumerate(workers, start=1):
        Completer.objects.create(achievement=a, worker=w, order=order)
    return a


def _run(world, campaign, subjects, actor_of, organiser_actor):
    for s in subjects:
        services.entry_nominate(actor=actor_of(s), campaign=campaign, subject_id=s.pk)
    levels = (
        [world.ent_a, world.ent_b, world.county, world.city]
        if campaign.org == world.province
        else [world.ent_a, world.ent_b, world.county]
    )
    for org in levels:
        ids = list(
            Entry.objects.filter(campaign=campaign, current_org=org).values_list("pk", flat=True)
        )
        if ids:
            services.sheet_submit(
                actor=organiser_actor, campaign=campaign, org=org, ranked_entry_ids=ids
            )
    services.campaign_open_formal_check(actor=organiser_actor, campaign=campaign)
    for e in Entry.objects.filter(campaign=campaign):
        services.entry_formal_check(actor=organiser_actor, entry=e, passed=True)
    services.campaign_open_review(actor=organiser_actor, campaign=campaign)
    pool = [make_expert(f"sx{i}", world.province, home=world.other_city) for i in range(3)]
    services.panel_create(
        actor=organiser_actor,
        campaign=campaign,
        name="p",
        field="",
        expert_ids=[u.pk for u in pool],
    )
    services.experts_assign(actor=organiser_actor, campaign=campaign)


def test_subjects_all_kinds_available():
    assert set(available_kinds()) == set(SubjectKind.values)


def test_achievement_award_excludes_classified_and_disputed(world):
    campaign = make_campaign(
        world,
        kind=SubjectKind.ACHIEVEMENT_AWARD,
        rules=RULES,
        tiers=[services.TierIn("一等奖", 1, recommend_may_day=True)],
    )
    w = make_worker(world.ent_a, 1)
    for flags, fragment in (
        ({"classified": True}, "classified"),
        ({"ip_dispute": True}, "intellectual-property"),
    ):
        a = _achievement(world.ent_a, f"成果{fragment}", [w], **flags)
        with pytest.raises(ValidationError, match=fragment):
            services.entry_nominate(actor=world.admin_a, campaign=campaign, subject_id=a.pk)


def test_achievement_award_first_completer_recommended_for_may_day(world, workday_today):
    campaign = make_campaign(
        world,
        kind=SubjectKind.ACHIEVEMENT_AWARD,
        rules=RULES,
        tiers=[services.TierIn("一等奖", 1, recommend_may_day=True), services.TierIn("三等奖", 1)],
    )
    first, second = (
        make_worker(world.ent_a, 1, name="贾建华"),
        make_worker(world.ent_a, 2, name="李晓杰"),
    )
    other = make_worker(world.ent_b, 3, name="王工")
    a1 = _achievement(world.ent_a, "转炉智能出钢系统", [first, second])
    a2 = _achievement(world.ent_b, "皮带机防跑偏装置", [other])
    _run(
        world,
        campaign,
        [a1, a2],
        lambda a: world.admin_a if a.enterprise == world.ent_a else world.admin_b,
        world.city_staff,
    )
    entries = list(Entry.objects.filter(campaign=campaign).order_by("pk"))
    full_scores(campaign, [[95, 95, 48], [70, 70, 35]])
    services.campaign_close_review(actor=world.city_staff, campaign=campaign)
    announcement = services.announcement_open(actor=world.city_staff, campaign=campaign)
    end_announcement(announcement)
    services.campaign_publish(
        actor=world.city_staff, campaign=campaign, decision_number="青工发〔2022〕9号"
    )
    rec = Recommendation.objects.get()
    assert rec.worker == first and rec.kind == "may_day_medal" and rec.entry == entries[0]
    assert (
        Entry.objects.get(pk=entries[1].pk).status == EntryStatus.AWARDED
    )  # third prize: no medal


def test_achievement_completer_is_excluded_from_scoring_it(world):
    from jiangxin.people.models import Worker

    campaign = make_campaign(
        world, kind=SubjectKind.ACHIEVEMENT_AWARD, tiers=[services.TierIn("一等奖", 1)]
    )
    completer = make_worker(world.ent_a, 1)
    a = _achievement(world.ent_a, "成果甲", [make_worker(world.ent_a, 2), completer])
    _run(world, campaign, [a], lambda _a: world.admin_a, world.city_staff)
    expert = make_expert("completer_expert", world.province, home=world.other_city)
    Worker.objects.filter(pk=completer.pk).update(user=expert)
    services.panel_create(
        actor=world.city_staff, campaign=campaign, name="q", field="", expert_ids=[expert.pk]
    )
    services.experts_assign(actor=world.city_staff, campaign=campaign)
    assert not Scorecard.objects.filter(expert=expert).exists()


def test_studio_naming_through_a_campaign(world, workday_today):
    leader = make_worker(world.ent_a, 1, name="栾军")
    studio = Studio.objects.create(
        name="栾军创新工作室",
        leader=leader,
        host=world.ent_a,
        field="炼钢",
        established_on=date(2018, 1, 1),
        level="provincial",
        status="submitted",
    )
    StudioMember.objects.create(
        studio=studio, worker=leader, role="leader", joined_on=date(2018, 1, 1)
    )
    campaign = make_campaign(
        world,
        actor=world.province_admin,
        org=world.province,
        kind=SubjectKind.STUDIO_NAMING,
        tiers=[services.TierIn("省级劳模和工匠人才创新工作室", 5)],
    )
    _run(world, campaign, [studio], lambda _s: world.admin_a, world.province_admin)
    full_scores(campaign, [[90, 90, 45]])
    services.campaign_close_review(actor=world.province_admin, campaign=campaign)
    announcement = services.announcement_open(actor=world.province_admin, campaign=campaign)
    studio.refresh_from_db()
    assert studio.status == "announced" and studio.announce_until == announcement.ends_on
    end_announcement(announcement)
    Studio.objects.filter(pk=studio.pk).update(
        announce_until=announcement.ends_on.replace(year=2024, month=9, day=26)
    )
    services.campaign_publish(
        actor=world.province_admin, campaign=campaign, decision_number="鲁工发〔2024〕12号"
    )
    studio.refresh_from_db()
    entry = Entry.objects.get(campaign=campaign)
    assert studio.status == "named" and studio.document_number == "鲁工发〔2024〕12号"
    assert entry.certificate_id == studio.certificate_id  # the studio's own certificate


def test_studio_naming_upheld_objection_returns_the_studio(world, workday_today):
    leader = make_worker(world.ent_a, 1, name="栾军")
    studio = Studio.objects.create(
        name="栾军创新工作室",
        leader=leader,
        host=world.ent_a,
        field="炼钢",
        established_on=date(2018, 1, 1),
        level="provincial",
        status="submitted",
    )
    campaign = make_campaign(
        world,
        actor=world.province_admin,
        org=world.province,
        kind=SubjectKind.STUDIO_NAMING,
        tiers=[services.TierIn("省级工作室", 5)],
    )
    _run(world, campaign, [studio], lambda _s: world.admin_a, world.province_admin)
    full_scores(campaign, [[90, 90, 45]])
    services.campaign_close_review(actor=world.province_admin, campaign=campaign)
    announcement = services.announcement_open(actor=world.province_admin, campaign=campaign)
    entry = Entry.objects.get(campaign=campaign)
    o = services.objection_file(
        announcement=announcement,
        entry_id=entry.pk,
        kind="person",
        name="王某",
        contact="139",
        content="工作室成员名单与实际不符。",
    )
    services.objection_investigate(actor=world.province_admin, objection=o, notes="核实属实")
    services.objection_decide(
        actor=world.province_admin, objection=o, outcome="upheld", note="成员名单不实"
    )
    studio.refresh_from_db()
    assert studio.status == "returned" and studio.reviews.last().comment == "成员名单不实"


def test_subject_adapters_describe_their_subjects(world):
    w = make_worker(world.ent_a, 1, name="郭锐", occupation="焊工")
    craftsman = adapter_for(SubjectKind.CRAFTSMAN_TITLE)
    assert (
        craftsman.title(w) == "郭锐"
        and craftsman.org(w) == world.ent_a
        and craftsman.field(w) == "焊工"
    )
    a = _achievement(world.ent_a, "成果乙", [w])
    ach = adapter_for(SubjectKind.ACHIEVEMENT_AWARD)
    assert ach.people(ach.get(a.pk)) == [w] and ach.org(a) == world.ent_a
