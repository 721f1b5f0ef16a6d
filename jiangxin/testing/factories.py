"""factory-boy factories for tests."""

from __future__ import annotations

import factory

from jiangxin.accounts.models import User
from jiangxin.core.validators import uscc_check_char
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org


def make_uscc(region: str, n: int) -> str:
    body = f"91{region}{n:09d}"
    return body + uscc_check_char(body)


class OrgFactory(factory.Factory):
    """Builds an unsaved Org; `OrgFactory.under(parent, ...)` saves it as a child."""

    class Meta:
        model = Org

    name = factory.Sequence(lambda n: f"测试企业{n}")
    kind = OrgKind.ENTERPRISE
    region_code = "370102"
    uscc = factory.Sequence(lambda n: make_uscc("370102", 100000 + n))

    @classmethod
    def under(cls, parent: Org, **kwargs) -> Org:
        org = cls.build(**kwargs)
        return Org.objects.add_child(Org.objects.get(pk=parent.pk), instance=org)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Faker("name", locale="zh_CN")
    password = factory.django.Password("Test-pass-2026")
