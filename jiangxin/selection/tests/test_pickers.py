"""The selection pickers: the campaign's expert pool (for panels and expert profiles) and
its subjects (for nominating), each only for the users who may see them."""

import re

import pytest
from django.urls import reverse

from ..models import Panel
from .factories import make_campaign, make_expert

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _values(client, kind, q, campaign):
    response = client.post(reverse("core:pick", args=[kind]), {"q": q, "campaign": campaign.pk})
    assert response.status_code == 200
    return [int(v) for v in re.findall(r'data-value="(\d+)"', response.content.decode())]


def test_picker_expert_offers_the_pool_to_its_managers_only(world):
    campaign = make_campaign(world)
    expert = make_expert("expert0", world.province, home=world.other_city)
    assert _values(world.client(world.city_staff), "expert", "expert", campaign) == [expert.pk]
    assert _values(world.client(world.city_staff), "expert", "admin", campaign) == []  # no expert
    assert _values(world.client(world.admin_b), "expert", "expert", campaign) == []


def test_experts_page_creates_a_panel_from_picked_experts_and_refuses_others(world):
    campaign = make_campaign(world)
    expert = make_expert("expert0", world.province, home=world.other_city)
    client = world.client(world.city_staff)
    url = reverse("selection:experts", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert f'data-param-campaign="{campaign.pk}"' in page  # the pickers offer this pool
    panel_url = reverse("selection:panel_create", args=[campaign.pk])
    profile_url = reverse("selection:expert_profile", args=[campaign.pk])
    response = client.post(panel_url, {"name": "组", "experts": [world.admin_a.pk]}, **EN)
    assert response.status_code == 200
    assert "no such choice" in str(response.context["panel_form"].errors["experts"])
    response = client.post(panel_url, {"name": "组", "experts": [expert.pk]})
    assert response.status_code == 302
    assert list(Panel.objects.get(campaign=campaign).members.all()) == [expert]
    response = client.post(profile_url, {"expert": expert.pk, "employer": world.ent_c.pk}, **EN)
    assert response.status_code == 200
    assert "employer" in response.context["profile_form"].errors  # another city's enterprise


def test_expert_profile_employer_anywhere_under_the_organisers_root(world):
    """An expert's employer may be any org of the organiser's tree — under the root at
    depth 1, the province (a city's campaign takes experts from the other city too) —
    and none of another tree."""
    from django.core.exceptions import ValidationError

    from jiangxin.orgs.enums import OrgKind
    from jiangxin.orgs.models import Org
    from jiangxin.orgs.paths import root_path

    from ..services import expert_profile_set

    campaign = make_campaign(world)
    assert campaign.org == world.city and root_path(world.city.path) == world.province.path
    expert = make_expert("expert0", world.province, home=world.other_city)
    profile = expert_profile_set(
        actor=world.city_staff, campaign=campaign, expert=expert, fields=[], employer=world.ent_c
    )
    assert profile.employer == world.ent_c  # another city's enterprise, the same province
    other_root = Org.objects.add_root(
        instance=Org(name="外省总工会", kind=OrgKind.PROVINCIAL, region_code="320000")
    )
    with pytest.raises(ValidationError) as refused:
        expert_profile_set(
            actor=world.city_staff, campaign=campaign, expert=expert, fields=[], employer=other_root
        )
    assert "employer" in refused.value.message_dict
