"""The demo seed: a selection at every stage, so that a newcomer can take each step."""

import datetime

import pytest
from django.utils import timezone

from jiangxin.selection import demo
from jiangxin.selection.models import Announcement, Campaign, Entry, Objection, Scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_today(monkeypatch):
    """Today is Monday 2026-06-15: the 2024 campaign lies in the past, this year's
    official calendar is known."""
    fixed = datetime.date(2026, 6, 15)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: fixed)
    return fixed


@pytest.fixture
def seeded(demo_today):
    from jiangxin.accounts.demo import seed_demo_users
    from jiangxin.achievements.demo import seed_demo_achievements
    from jiangxin.core.management.commands.seed import _link_demo_worker
    from jiangxin.orgs.demo import seed_demo_orgs
    from jiangxin.people.demo import seed_demo_people

    orgs = seed_demo_orgs()
    seed_demo_users(orgs)
    workers = seed_demo_people(orgs)
    _link_demo_worker(workers)
    seed_demo_achievements(orgs, workers)
    made = demo.seed_demo_selection(orgs, workers)
    return orgs, workers, made


def _campaign(title: str) -> Campaign:
    year = str(timezone.localdate().year)
    return Campaign.objects.get(title=title.replace("2026", year) if title[:4] == "2026" else title)


def test_demo_seed_has_a_selection_at_every_stage(seeded):
    from jiangxin.people.models import Honour

    orgs, workers, made = seeded
    assert len(made) == 6 and Campaign.objects.count() == 6
    titles = _campaign(demo.CRAFTSMAN_TITLE)
    assert titles.stage == "published" and titles.announcement.starts_on.year == 2022
    assert titles.published_at.date() > titles.announcement.ends_on
    assert Honour.objects.filter(document_number="青工发〔2022〕36号").exists()
    # the Qingdao 公示 is open, with an investigated objection to decide
    awards = _campaign(demo.ACHIEVEMENT_TITLE)
    assert awards.stage == "announcement"
    objection = Objection.objects.get(entry__campaign=awards)
    assert objection.status == "open" and objection.investigations.exists()
    # the province: published in 2024, ready to publish, under review, nominating
    done = _campaign(demo.PROVINCE_PUBLISHED)
    assert done.stage == "published" and done.decision_number == "鲁工发〔2024〕21号"
    ready = _campaign(demo.PROVINCE_TO_PUBLISH)
    assert ready.stage == "announcement" and ready.org.name == "山东省总工会"
    assert ready.announcement.ends_on < timezone.localdate()
    assert Entry.objects.filter(campaign=ready, tier__isnull=False).count() >= 3
    review = _campaign(demo.PROVINCE_REVIEW)
    assert review.stage == "expert_review"
    waiting = set(
        Scorecard.objects.filter(campaign=review, status="draft").values_list(
            "expert__username", flat=True
        )
    )
    assert waiting == {"expert_sun", "qingdao_staff"}
    nominating = _campaign(demo.PROVINCE_NOMINATION)
    assert (
        nominating.stage == "nomination" and Entry.objects.filter(campaign=nominating).count() == 2
    )
    _dates_follow_each_other()
    _luan_holds_a_certificate_on_his_passport(workers)
    assert demo.seed_demo_selection(orgs, workers).keys() == made.keys()  # again: nothing new
    assert Campaign.objects.count() == 6


def _dates_follow_each_other():
    for campaign in Campaign.objects.filter(stage__in=["published", "announcement"]):
        entry = Entry.objects.filter(campaign=campaign).order_by("nominated_at").first()
        card = Scorecard.objects.filter(campaign=campaign, submitted_at__isnull=False).first()
        announcement = Announcement.objects.get(campaign=campaign)
        assert entry.nominated_at < entry.checked_at < card.submitted_at, campaign
        assert card.submitted_at.date() < announcement.starts_on <= announcement.ends_on
        if campaign.stage == "published":
            cert = Entry.objects.filter(campaign=campaign, certificate__isnull=False).first()
            assert announcement.ends_on < cert.certificate.issued_at.date()
            assert cert.certificate.issued_at.date() == campaign.published_at.date()


def _luan_holds_a_certificate_on_his_passport(workers):
    from jiangxin.people.passport import passport_timeline

    rows = [e for e in passport_timeline(workers["栾军"]) if e.document_url]
    assert rows and "一等奖" in rows[0].title and "2024" in rows[0].title


def test_demo_ready_campaign_publishes_at_once(seeded):
    from jiangxin.accounts.models import User
    from jiangxin.selection import services

    ready = _campaign(demo.PROVINCE_TO_PUBLISH)
    admin = User.objects.get(username="province_admin")
    services.campaign_publish(actor=admin, campaign=ready, decision_number="鲁工发〔2026〕12号")
    ready.refresh_from_db()
    assert ready.stage == "published"
    assert Entry.objects.filter(
        campaign=ready, status="awarded", certificate__isnull=False
    ).exists()
