"""Studio 公示 on the one announcement board: the studio's final approval posts it as a
one-entry studio-naming campaign; the public pages list it with the objection form; an
open objection holds back naming, an upheld one withdraws the studio, naming publishes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from jiangxin.selection import services
from jiangxin.selection.enums import EntryStatus, ObjectionStatus, Stage, SubjectKind
from jiangxin.selection.models import Announcement, Campaign, Entry
from jiangxin.studios import services as studio_services
from jiangxin.studios.enums import ReviewDecision, StudioStatus
from jiangxin.studios.models import Studio
from jiangxin.testing.people import make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced_studio(world, workday_today):
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
    studio.refresh_from_db()
    return studio


def _end(studio):
    yesterday = datetime.date(2024, 9, 26)
    Announcement.objects.filter(campaign__entries__subject_id=studio.pk).update(
        starts_on=yesterday - datetime.timedelta(days=7), ends_on=yesterday
    )
    Studio.objects.filter(pk=studio.pk).update(announce_until=yesterday)
    studio.refresh_from_db()
    return studio


def _name(world, studio):
    return studio_services.studio_name(
        actor=world.province_admin,
        studio=studio,
        document_number="鲁工发〔2024〕18号",
        unveiled_on=datetime.date(2024, 10, 15),
        level="provincial",
    )


def _object(studio):
    entry = Entry.objects.get(subject_kind=SubjectKind.STUDIO_NAMING, subject_id=studio.pk)
    return services.objection_file(
        announcement=entry.campaign.announcement,
        entry_id=entry.pk,
        kind="person",
        name="王某",
        contact="13912345678",
        content="该工作室申报的成果与事实不符，请核查。",
    )


def test_final_approval_posts_the_studio_on_the_public_board(world, announced_studio):
    studio = announced_studio
    assert studio.status == StudioStatus.ANNOUNCED
    campaign = Campaign.objects.get(subject_kind=SubjectKind.STUDIO_NAMING)
    assert campaign.org == world.province and campaign.stage == Stage.ANNOUNCEMENT
    announcement = campaign.announcement
    assert (announcement.starts_on, announcement.ends_on) == (
        studio.announced_on,
        studio.announce_until,
    )
    client = world.client(None)  # anonymous
    listing = client.get(reverse("announcements:list")).content.decode()
    assert "栾军创新工作室" in listing
    page = client.get(announcement.get_absolute_url()).content.decode()
    assert "栾军创新工作室" in page and world.ent_a.name in page and 'id="sel-object"' in page
    form = client.get(reverse("announcements:object", args=[announcement.uuid]))
    assert form.status_code == 200 and "栾军创新工作室" in form.content.decode()
    detail = world.client(world.province_admin).get(studio.get_absolute_url()).content.decode()
    assert announcement.get_absolute_url() in detail


def test_public_objection_form_holds_back_the_naming(world, announced_studio):
    studio = announced_studio
    entry = Entry.objects.get(subject_kind=SubjectKind.STUDIO_NAMING, subject_id=studio.pk)
    url = reverse("announcements:object", args=[entry.campaign.announcement.uuid])
    response = world.client(None).post(
        url,
        {
            "entry": entry.pk,
            "kind": "person",
            "name": "王某",
            "contact": "13912345678",
            "content": "该工作室申报的成果与事实不符，请核查。",
        },
    )
    assert response.status_code == 302
    assert Entry.objects.get(pk=entry.pk).frozen
    studio = _end(studio)
    with translation.override("en"), pytest.raises(ValidationError, match="objection"):
        _name(world, studio)  # (the request above switched the thread to Chinese)
    page = world.client(world.province_admin).get(studio.get_absolute_url())
    assert page.context["d"].open_objections == 1
    assert "name" in page.context["actions"]  # shown, but the service explains the hold


def test_upheld_objection_withdraws_the_studio(world, announced_studio):
    studio = announced_studio
    objection = _object(studio)
    services.objection_investigate(actor=world.province_admin, objection=objection, notes="核实")
    services.objection_decide(
        actor=world.province_admin,
        objection=objection,
        outcome=ObjectionStatus.UPHELD,
        note="成果数据不实",
    )
    studio.refresh_from_db()
    assert studio.status == StudioStatus.RETURNED
    assert studio.reviews.last().comment == "成果数据不实"
    entry = Entry.objects.get(subject_id=studio.pk, subject_kind=SubjectKind.STUDIO_NAMING)
    assert entry.status == EntryStatus.WITHDRAWN


def test_dismissed_objection_lets_the_naming_go_ahead_and_naming_publishes(world, announced_studio):
    studio = announced_studio
    objection = _object(studio)
    services.objection_investigate(actor=world.province_admin, objection=objection, notes="核实")
    services.objection_decide(
        actor=world.province_admin,
        objection=objection,
        outcome=ObjectionStatus.DISMISSED,
        note="反映问题不属实",
    )
    named = _name(world, _end(studio))
    assert named.status == StudioStatus.NAMED
    entry = Entry.objects.select_related("campaign__announcement").get(
        subject_id=studio.pk, subject_kind=SubjectKind.STUDIO_NAMING
    )
    assert entry.status == EntryStatus.AWARDED and entry.certificate_id == named.certificate_id
    assert entry.campaign.stage == Stage.PUBLISHED
    assert entry.campaign.decision_number == "鲁工发〔2024〕18号"
    assert entry.campaign.announcement.closed_at is not None
