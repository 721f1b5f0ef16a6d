"""The demo orgs and people look real: consistent places, trades, codes, dates and
document numbers; some honours wait for verification."""

import pytest

from jiangxin.core.validators import validate_region_code, validate_uscc
from jiangxin.orgs.demo import ENTERPRISE_TRADES, organisation_code
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org
from jiangxin.people import selectors
from jiangxin.people.crypto import pii_decrypt
from jiangxin.people.demo import AWARDS, OCCUPATIONS
from jiangxin.people.enums import HonourStatus
from jiangxin.people.models import Honour, SkillPromotion, Worker

pytestmark = pytest.mark.django_db

CITY_NAMES = {"3701": "济南市", "3702": "青岛市", "3703": "淄博市", "3711": "日照市"}


@pytest.fixture
def demo():
    from jiangxin.accounts.demo import seed_demo_users
    from jiangxin.orgs.demo import seed_demo_orgs
    from jiangxin.people.demo import seed_demo_people
    from jiangxin.people.honour_types import HONOUR_TYPES
    from jiangxin.people.models import HonourType

    for code, name, name_en, level, category, body, counts in HONOUR_TYPES:
        HonourType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "level": level,
                "category": category,
                "awarding_body": body,
                "counts_for_creation_rate": counts,
            },
        )
    orgs = seed_demo_orgs()
    seed_demo_users(orgs)
    return orgs, seed_demo_people(orgs)


def test_demo_enterprises_are_consistent(demo):
    orgs, _workers = demo
    steel = orgs["日照钢铁控股集团有限公司"]
    assert steel.region_code.startswith("3711") and steel.industry == "C"
    assert steel.address.startswith("山东省日照市岚山区")
    enterprises = list(Org.objects.filter(kind=OrgKind.ENTERPRISE))
    assert len(enterprises) >= 30
    for org in enterprises:
        validate_uscc(org.uscc)
        validate_region_code(org.region_code)
        assert org.uscc[2:8] == org.region_code, org.name
        assert organisation_code(org.uscc[8:16]) == org.uscc[8:17], org.name
        assert org.address.startswith("山东省" + CITY_NAMES[org.region_code[:4]]), org.name
        county = Org.objects.get(
            kind=OrgKind.COUNTY, region_code=org.region_code
        )  # its county exists, and the address names it
        assert county.name.removesuffix("总工会") in org.address
        assert org.industry and org.name in ENTERPRISE_TRADES
        parent = Org.objects.get_parent(org)
        assert parent.kind == OrgKind.INDUSTRY or parent.region_code == org.region_code


def test_demo_workers_fit_their_enterprise_and_dates_run_in_order(demo):
    _orgs, workers = demo
    assert workers["栾军"].occupation == "炼钢工"
    for w in Worker.objects.select_related("employer"):
        trade = ENTERPRISE_TRADES[w.employer.name]
        assert w.occupation in OCCUPATIONS[trade], (w.name, w.employer.name, w.occupation)
        rid = pii_decrypt(w.id_cipher)
        assert rid[:6] == w.employer.region_code
        assert w.union_member_since.year - w.birth_date.year >= 18
        promotions = list(SkillPromotion.objects.filter(worker=w).order_by("date", "level"))
        assert [p.level for p in promotions] == sorted(p.level for p in promotions)
        assert all(p.date >= w.union_member_since for p in promotions)
        if promotions:
            assert promotions[-1].level == w.skill_level


def test_demo_honours_numbered_at_their_level(demo):
    for h in Honour.objects.select_related("honour_type", "worker__employer"):
        assert h.valid_from.year == h.year
        assert h.year - h.worker.birth_date.year >= 25
        assert f"〔{h.year}〕" in h.document_number
        if h.honour_type.code in AWARDS:
            body, prefix = AWARDS[h.honour_type.code]
            assert h.awarding_body == body and h.document_number.startswith(prefix + "〔")
        elif h.honour_type.level == "city":
            city = CITY_NAMES[h.worker.employer.region_code[:4]].removesuffix("市")
            assert city in h.awarding_body


def test_demo_has_declared_honours_for_the_federations_to_verify(demo):
    from jiangxin.accounts.models import User

    assert Honour.objects.filter(status=HonourStatus.DECLARED).count() >= 3
    province_staff = User.objects.get(username="province_staff")
    qingdao_staff = User.objects.get(username="qingdao_staff")
    assert selectors.honours_awaiting_count(province_staff) >= 3
    assert selectors.honours_awaiting_count(qingdao_staff) >= 1
    steel_admin = User.objects.get(username="rizhao_steel_admin")
    assert selectors.honours_awaiting_count(steel_admin) == 0


def test_demo_seeds_once(demo):
    from jiangxin.orgs.demo import seed_demo_orgs
    from jiangxin.people.demo import seed_demo_people

    counts = (Org.objects.count(), Worker.objects.count(), Honour.objects.count())
    seed_demo_people(seed_demo_orgs())
    assert (Org.objects.count(), Worker.objects.count(), Honour.objects.count()) == counts
