"""Conflict-of-interest exclusion: each reason, pure and at assignment."""

import pytest

from jiangxin.people.models import Worker
from jiangxin.selection import services
from jiangxin.selection.domain.coi import ExpertFacts, SubjectFacts, coi_reasons
from jiangxin.selection.enums import CoiReason
from jiangxin.selection.models import ConflictRecord, Scorecard
from jiangxin.selection.subjects import register_mentoring_check
from jiangxin.testing.people import make_worker

from .factories import make_campaign, make_expert, nominate_up

SUBJECT = SubjectFacts(
    org_path="0001000100010002",
    region_code="370102",
    worker_ids=frozenset({5}),
    studio_ids=frozenset({9}),
)


@pytest.mark.parametrize(
    ("expert", "kwargs", "reason"),
    [
        (ExpertFacts(1, employer_paths=("000100010001",)), {}, CoiReason.SAME_EMPLOYER),
        (ExpertFacts(1, studio_ids=frozenset({9})), {}, CoiReason.SAME_STUDIO),
        (ExpertFacts(1, worker_ids=frozenset({5})), {}, CoiReason.SELF),
        (
            ExpertFacts(1, worker_ids=frozenset({6})),
            {"mentoring": lambda a, b: 6 in a and 5 in b},
            CoiReason.MENTORING,
        ),
        (ExpertFacts(1, region_code="370103"), {"region_digits": 4}, CoiReason.SAME_REGION),
    ],
)
def test_coi_each_reason(expert, kwargs, reason):
    assert coi_reasons(expert, SUBJECT, **kwargs) == [reason]


def test_coi_none_when_unrelated():
    expert = ExpertFacts(
        1,
        employer_paths=("00010002",),
        region_code="370202",
        worker_ids=frozenset({6}),
        studio_ids=frozenset({8}),
    )
    assert coi_reasons(expert, SUBJECT, region_digits=4, mentoring=lambda a, b: False) == []
    assert (
        coi_reasons(ExpertFacts(1, region_code="370102"), SUBJECT) == []
    )  # region only when asked


@pytest.fixture
def review(world):
    campaign = make_campaign(world, coi_region_digits=0)
    w_a, w_b = make_worker(world.ent_a, 1, name="甲工"), make_worker(world.ent_b, 2, name="乙工")
    entries = nominate_up(world, campaign, [w_a, w_b])
    services.campaign_open_formal_check(actor=world.city_staff, campaign=campaign)
    for e in entries:
        services.entry_formal_check(actor=world.city_staff, entry=e, passed=True)
    services.campaign_open_review(actor=world.city_staff, campaign=campaign)
    return campaign, entries, w_a, w_b


def _assign(world, campaign, *experts):
    services.panel_create(
        actor=world.city_staff,
        campaign=campaign,
        name="p",
        field="",
        expert_ids=[u.pk for u in experts],
    )
    return services.experts_assign(actor=world.city_staff, campaign=campaign)


def _reasons(campaign, expert, entry):
    row = ConflictRecord.objects.filter(campaign=campaign, expert=expert, entry=entry).first()
    return row.reasons if row else []


def _has_card(expert, entry):
    return Scorecard.objects.filter(expert=expert, entry=entry).exists()


def test_coi_same_employer_home_org_subtree(world, review):
    campaign, (e_a, e_b), *_ = review
    at_a = make_expert("x_a", world.province, home=world.ent_a)
    at_branch = make_expert("x_branch", world.province, home=world.branch_a1)  # shares enterprise A
    _assign(world, campaign, at_a, at_branch)
    for expert in (at_a, at_branch):
        assert _reasons(campaign, expert, e_a) == ["same_employer"]
        assert not _has_card(expert, e_a) and _has_card(expert, e_b)


def test_coi_federation_home_is_not_an_employer(world, review):
    campaign, (e_a, e_b), *_ = review
    at_city = make_expert("x_city", world.city, home=world.city)
    _assign(world, campaign, at_city)
    assert _has_card(at_city, e_a) and _has_card(at_city, e_b)


def test_coi_nominee_themselves(world, review):
    campaign, (e_a, e_b), w_a, _w_b = review
    expert = make_expert("x_self", world.province, home=world.other_city)
    Worker.objects.filter(pk=w_a.pk).update(user=expert)
    _assign(world, campaign, expert)
    assert _reasons(campaign, expert, e_a) == ["self"]
    assert _has_card(expert, e_b)


def test_coi_mentor_apprentice_through_the_hook(world, review):
    campaign, (e_a, e_b), w_a, _w_b = review
    expert = make_expert("x_mentor", world.province, home=world.other_city)
    mentor = make_worker(world.ent_c, 3, name="师傅")
    Worker.objects.filter(pk=mentor.pk).update(user=expert)
    register_mentoring_check(lambda mine, theirs: mentor.pk in mine and w_a.pk in theirs)
    try:
        _assign(world, campaign, expert)
    finally:
        register_mentoring_check(None)
    assert _reasons(campaign, expert, e_a) == ["mentoring"]
    assert _has_card(expert, e_b)


def test_coi_same_region_when_asked(world, review):
    campaign, (e_a, e_b), *_ = review
    type(campaign).objects.filter(pk=campaign.pk).update(coi_region_digits=4)
    local = make_expert("x_local", world.province, home=world.county)  # 370102: same city
    far = make_expert("x_far", world.province, home=world.ent_c)  # 370202: another city
    _assign(world, campaign, local, far)
    assert _reasons(campaign, local, e_a) == ["same_region"] and _reasons(campaign, local, e_b) == [
        "same_region"
    ]
    assert _has_card(far, e_a) and _has_card(far, e_b)


def test_coi_same_studio(world, review):
    from datetime import date

    from jiangxin.studios.models import Studio, StudioMember

    campaign, (e_a, e_b), w_a, _w_b = review
    expert = make_expert("x_studio", world.province, home=world.other_city)
    colleague = make_worker(world.ent_a, 4, name="同事")
    Worker.objects.filter(pk=colleague.pk).update(user=expert)
    studio = Studio.objects.create(
        name="甲工创新工作室",
        leader=w_a,
        host=world.ent_a,
        field="炼钢",
        established_on=date(2020, 1, 1),
        level="city",
    )
    StudioMember.objects.create(
        studio=studio, worker=w_a, role="leader", joined_on=date(2020, 1, 1)
    )
    StudioMember.objects.create(
        studio=studio, worker=colleague, role="member", joined_on=date(2020, 1, 1)
    )
    _assign(world, campaign, expert)
    assert _reasons(campaign, expert, e_a) == ["same_studio"]
    assert _has_card(expert, e_b)


def test_coi_report_page_lists_reasons(world, review):
    from django.urls import reverse

    campaign, (e_a, _e_b), *_ = review
    at_a = make_expert("x_a", world.province, home=world.ent_a)
    _assign(world, campaign, at_a)
    body = (
        world.client(world.city_staff)
        .get(reverse("selection:experts", args=[campaign.pk]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Same employer" in body and e_a.title in body
