"""The demo studios (idempotent) and the province design load."""

import pytest
from django.utils import timezone

from jiangxin.studios import selectors
from jiangxin.studios.demo import seed_demo_studios, seed_province_studios
from jiangxin.studios.enums import StudioStatus
from jiangxin.studios.models import CreationRateTarget, NamingRule, Studio, StudioMember
from jiangxin.studios.workflow import naming_org

from .helpers import honour_type

pytestmark = pytest.mark.django_db


def _seed():
    from jiangxin.accounts.demo import seed_demo_users
    from jiangxin.orgs.demo import seed_demo_orgs
    from jiangxin.people.demo import seed_demo_people
    from jiangxin.people.honour_types import HONOUR_TYPES

    for row in HONOUR_TYPES:  # a transactional test's flush may have removed them
        honour_type(row[0])
    orgs = seed_demo_orgs()
    seed_demo_users(orgs)
    workers = seed_demo_people(orgs)
    return orgs, seed_demo_studios(orgs, workers)


def test_demo_studios_follow_the_articles_and_seed_once():
    orgs, studios = _seed()
    by_name = {s.name: s for s in studios}
    luan = by_name["栾军创新工作室"]
    assert luan.status == StudioStatus.NAMED and luan.named_level == "provincial"
    assert luan.members.count() == 25 and luan.certificate_id
    assert luan.reports.exists() and luan.assessments.filter(year=2025).exists()
    assert [r.stage_level for r in luan.reviews.all()] == ["enterprise", "province"]
    statuses = {s.status for s in studios}
    assert {"named", "submitted", "under_review", "announced"} <= statuses
    assert luan.document_number.startswith("鲁工发〔2025〕")
    assert luan.applied_at.date() < luan.reviews.last().at.date() < luan.announced_on
    assert luan.announce_until < luan.named_at.date() <= luan.unveiled_on
    # two studios whose 公示 is over, to be named at once by the province and by Qingdao
    today = timezone.localdate()
    wang, xu = by_name["王树国创新工作室"], by_name["许振超创新工作室"]
    for s in (wang, xu):
        assert s.status == StudioStatus.ANNOUNCED and s.announce_until < today
    assert naming_org(xu.host, xu.level) == orgs["青岛市总工会"]
    assert naming_org(wang.host, wang.level) == orgs["province"]
    assert by_name["李明创新工作室"].announce_until >= today  # in 公示 now
    assert by_name["郭锐创新工作室"].stage_org == orgs["青岛市总工会"]
    assert by_name["孙红梅创新工作室"].stage_org == orgs["海尔集团公司"]
    assert NamingRule.objects.filter(code__startswith="shaanxi-2020-").count() == 5
    target = CreationRateTarget.objects.get(org=orgs["province"])
    assert target.target_rate == 80
    counts = (Studio.objects.count(), StudioMember.objects.count())
    _seed()
    assert (Studio.objects.count(), StudioMember.objects.count()) == counts


def test_demo_creation_rate_of_the_province():
    from jiangxin.accounts.models import User

    orgs, _studios = _seed()
    admin = User.objects.get(username="province_admin")
    rate = selectors.creation_rate(admin, orgs["province"])
    assert rate.numerator == 1 and rate.denominator > rate.numerator
    assert rate.target_rate == 80.0


def test_province_studios_load_in_bulk():
    from jiangxin.accounts.seeding import seed_province

    seed_province(orgs=400)
    assert seed_province_studios(n=300) == 300
    assert Studio.objects.count() == 300
    assert StudioMember.objects.count() == 300
    assert Studio.objects.filter(status=StudioStatus.NAMED).count() > 150
    assert seed_province_studios(n=300) == 0  # once
