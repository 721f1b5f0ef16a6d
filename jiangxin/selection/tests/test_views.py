"""Pages: forms with clear errors, fixed query counts on lists, exports."""

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiangxin.core.models import AuditEvent
from jiangxin.selection.models import Campaign, Entry, Quota
from jiangxin.testing.exports import export_get
from jiangxin.testing.people import make_worker

from .factories import make_campaign, to_announcement, to_review

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _tier_rows(*rows) -> dict:
    """The award-tier formset's POST data: rows of {name, quota, honour_type, order, …}."""
    data = {"tiers-TOTAL_FORMS": len(rows), "tiers-INITIAL_FORMS": 0}
    for n, row in enumerate(rows):
        data.update({f"tiers-{n}-{k}": v for k, v in row.items()})
    return data


def _form(world, tiers=None, **over):
    from jiangxin.people.models import HonourType

    great = HonourType.objects.get(code="qingdao-great-craftsman").pk
    data = {
        "org": world.city.pk, "title": "2022年青岛市职工创新成果评选", "year": 2022, "subject_kind": "craftsman_title",
        "criteria": "创新性 | 60 | 100\n实用性 | 40 | 100",
        "aggregation": "trimmed_mean", "normalisation": "none", "coi_region_digits": 0, "experts_per_entry": 3,
        "tie_breaks": ["max_score"], "announcement_workdays": 5, "quota_method": "fixed",
    }  # fmt: skip
    data.update(
        _tier_rows(
            *(
                tiers
                or [
                    {"name": "一等奖", "quota": 1, "honour_type": great, "order": 1},
                    {"name": "二等奖", "quota": 2, "order": 2},
                ]
            )
        )
    )
    data.update(over)
    return data


def test_campaign_create_view(world):
    response = world.client(world.city_staff).post(
        reverse("selection:campaign_create"), _form(world)
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    assert [t.name for t in campaign.tiers.all()] == ["一等奖", "二等奖"]
    assert campaign.tiers.first().honour_type.code == "qingdao-great-craftsman"


@pytest.mark.parametrize(
    ("over", "field", "fragment"),
    [
        ({"criteria": "创新性 | 60 | 100\n实用性 | 30 | 100"}, "criteria", "add up to 90"),
        ({"criteria": "创新性 60 100"}, "criteria", "Line 1"),
        ({"org": 999999}, "org", "Organiser: no such choice in your scope"),
        ({"year": 1800}, "year", ""),
        ({"title": ""}, "title", ""),
    ],
)
def test_campaign_create_view_bad_input_names_the_field(world, over, field, fragment):
    response = world.client(world.city_staff).post(
        reverse("selection:campaign_create"), _form(world, **over), **EN
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and fragment in " ".join(errors[field])
    assert not Campaign.objects.exists()


def test_campaign_create_view_tiers_as_rows_in_their_order(world):
    """Rows are kept in their order column; a removed row and an empty one are dropped."""
    from jiangxin.people.models import HonourType

    plain = HonourType.objects.get(code="qingdao-craftsman").pk
    rows = [
        {"name": "二等奖", "quota": 3, "order": 2},
        {"name": "作废", "quota": 9, "order": 1, "DELETE": "on"},
        {"name": "一等奖", "quota": 1, "order": 1, "honour_type": plain, "recommend_may_day": "on"},
        {"name": "", "quota": "", "order": ""},
    ]
    response = world.client(world.city_staff).post(
        reverse("selection:campaign_create"), _form(world, tiers=rows)
    )
    assert response.status_code == 302
    tiers = list(Campaign.objects.get().tiers.select_related("honour_type"))
    assert [(t.position, t.name, t.quota) for t in tiers] == [(1, "一等奖", 1), (2, "二等奖", 3)]
    assert tiers[0].honour_type.code == "qingdao-craftsman" and tiers[0].recommend_may_day


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        ([{"name": "一等奖", "quota": "many", "order": 1}], "Row 1 (一等奖), Places"),
        ([{"name": "一等奖", "quota": 1}, {"name": "二等奖", "quota": -1}], "Row 2 (二等奖)"),
        ([{"name": "一等奖", "quota": 1, "honour_type": 999999}], "Row 1 (一等奖), Honour"),
        ([{"name": "", "quota": 2, "order": 1}], "Row 1 (—), Award"),
        ([{"name": "一等奖", "quota": 1}, {"name": "一等奖", "quota": 2}], "same award name"),
        ([{"name": "一等奖", "quota": 1, "DELETE": "on"}], "at least one award tier"),
    ],
)
def test_campaign_create_view_bad_tier_row_is_named(world, rows, fragment):
    response = world.client(world.city_staff).post(
        reverse("selection:campaign_create"), _form(world, tiers=rows), **EN
    )
    assert response.status_code == 200
    errors = " ".join(response.context["tiers"].non_form_errors())
    assert fragment in errors, errors
    assert fragment.split(",")[0] in response.content.decode()
    assert not Campaign.objects.exists()


def test_campaign_create_form_offers_tier_rows_not_pipe_syntax(world):
    page = world.client(world.city_staff).get(reverse("selection:campaign_create"), **EN)
    html = page.content.decode()
    assert 'name="tiers-TOTAL_FORMS"' in html and 'id="sel-tier-add"' in html
    assert 'name="tiers-0-honour_type"' in html and "特等奖" in html and "may-day" not in html


def test_campaign_create_view_outside_scope(world):
    response = world.client(world.city_staff).post(
        reverse("selection:campaign_create"), _form(world, org=world.other_city.pk)
    )
    assert "org" in response.context["form"].errors and not Campaign.objects.exists()
    assert world.client(world.admin_a).get(reverse("selection:campaign_create")).status_code == 404


def test_campaign_list_query_count_is_fixed(world, django_assert_max_num_queries):
    client = world.client(world.admin_a)
    make_campaign(world)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("selection:campaign_list"))
    for n in range(12):
        make_campaign(world, title=f"评选{n}")
    with django_assert_max_num_queries(20) as many:
        client.get(reverse("selection:campaign_list"))
    assert len(few.captured_queries) == len(many.captured_queries)


def test_results_and_public_list_query_counts_are_fixed(
    world, workday_today, django_assert_max_num_queries
):
    campaign = make_campaign(world)
    announcement = to_announcement(world, campaign)
    staff, public = world.client(world.city_staff), world.client(None)
    with django_assert_max_num_queries(25) as r1:
        staff.get(reverse("selection:results", args=[campaign.pk]))
    with django_assert_max_num_queries(25) as p1:
        public.get(announcement.get_absolute_url())
    extra = [
        Entry(
            **{f.name: getattr(e, f.name) for f in Entry._meta.concrete_fields if f.name != "id"}
            | {"subject_id": 10_000 + i}
        )
        for i, e in enumerate(list(Entry.objects.filter(campaign=campaign)) * 5)
    ]
    Entry.objects.bulk_create(extra)
    with django_assert_max_num_queries(25) as r2:
        staff.get(reverse("selection:results", args=[campaign.pk]))
    with django_assert_max_num_queries(25) as p2:
        public.get(announcement.get_absolute_url())
    assert len(r1.captured_queries) == len(r2.captured_queries)
    assert len(p1.captured_queries) == len(p2.captured_queries)


def test_my_scorecards_query_count_is_fixed(world, django_assert_max_num_queries):
    campaign = make_campaign(world)
    _entries, pool = to_review(world, campaign, n=2, experts=3)
    client = world.client(pool[0])
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("selection:my_scorecards"))
    other = make_campaign(world, title="另一评选")
    to_review(world, other, n=6, experts=3, first=200)
    with django_assert_max_num_queries(20) as many:
        response = client.get(reverse("selection:my_scorecards"))
    assert len(response.context["page"].items) > 2
    assert len(few.captured_queries) == len(many.captured_queries)


def test_quota_page_preview_and_set(world):
    campaign = make_campaign(world)
    client = world.client(world.city_staff)
    url = reverse("selection:quotas", args=[campaign.pk]) + f"?parent={world.county.pk}"
    make_worker(world.ent_a, 1), make_worker(world.ent_a, 2), make_worker(world.ent_b, 3)
    preview = client.get(url + "&method=workers&total=5&minimum=0")
    assert [(o.pk, w, s) for o, w, s in preview.context["preview"]] == [
        (world.ent_a.pk, 2, 3),
        (world.ent_b.pk, 1, 2),
    ]
    response = client.post(
        url, {"method": "fixed", f"amount_{world.ent_a.pk}": 2, f"amount_{world.ent_b.pk}": 1}
    )
    assert response.status_code == 302
    assert dict(Quota.objects.values_list("org_id", "amount")) == {
        world.ent_a.pk: 2,
        world.ent_b.pk: 1,
    }
    bad = client.post(url, {"method": "enterprises", "total": 1, "minimum": 1}, **EN)
    assert "total" in bad.context["form"].errors


def test_sheet_view_ranks_and_refuses_over_quota(world):
    campaign = make_campaign(world)
    from jiangxin.selection import services

    services.quota_set(
        actor=world.city_staff,
        campaign=campaign,
        parent=world.county,
        method="fixed",
        amounts={world.ent_a.pk: 1},
    )
    e1, e2 = (
        services.entry_nominate(
            actor=world.admin_a, campaign=campaign, subject_id=make_worker(world.ent_a, n).pk
        )
        for n in (1, 2)
    )
    client = world.client(world.admin_a)
    url = reverse("selection:sheet", args=[campaign.pk])
    page = client.get(url)
    assert page.status_code == 200 and e1.title in page.content.decode()
    over = client.post(url, {f"rank_{e1.pk}": "1", f"rank_{e2.pk}": "2"}, follow=True, **EN)
    assert "may recommend 1" in over.content.decode()
    dup = client.post(url, {f"rank_{e1.pk}": "1", f"rank_{e2.pk}": "1"}, follow=True, **EN)
    assert "same rank" in dup.content.decode()
    ok = client.post(url, {f"rank_{e2.pk}": "1", f"rank_{e1.pk}": ""})
    assert ok.status_code == 302 and Entry.objects.get(pk=e2.pk).current_org == world.county
    export = export_get(client, reverse("selection:sheet_export", args=[campaign.pk]))
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0).to_python()
    )
    assert rows[1][2] == e2.title and rows[2][2] == e1.title
    assert AuditEvent.objects.filter(action="export", details__kind="selection.sheet").exists()


def test_results_export_and_pages_after_review(world, workday_today):
    campaign = make_campaign(world)
    to_announcement(world, campaign)
    client = world.client(world.city_staff)
    export = export_get(client, reverse("selection:results_export", args=[campaign.pk]))
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0).to_python()
    )
    assert [r[0] for r in rows[1:]] == [1, 2, 3, 4] and rows[1][1] == "青岛大工匠"
    for name in ("campaign_detail", "check_list", "experts", "results", "announcement"):
        assert client.get(reverse(f"selection:{name}", args=[campaign.pk])).status_code == 200
    assert world.client(None).get(reverse("announcements:list")).status_code == 200


def test_entry_check_view_fail_without_reason(world):
    from .factories import nominate_up

    campaign = make_campaign(world)
    (entry,) = nominate_up(world, campaign, [make_worker(world.ent_a, 1)])
    from jiangxin.selection import services

    services.campaign_open_formal_check(actor=world.city_staff, campaign=campaign)
    client = world.client(world.city_staff)
    response = client.post(
        reverse("selection:entry_check", args=[entry.pk]),
        {"passed": "fail", "reason": ""},
        follow=True,
        **EN,
    )
    assert (
        "reason" in response.content.decode()
        and Entry.objects.get(pk=entry.pk).status == "nominated"
    )
    client.post(
        reverse("selection:entry_check", args=[entry.pk]),
        {"passed": "fail", "reason": "推荐表未盖章"},
    )
    assert Entry.objects.get(pk=entry.pk).status == "check_failed"


def test_nominate_view_search_and_bad_id(world):
    campaign = make_campaign(world)
    w = make_worker(world.ent_a, 1, name="贾建华")
    make_worker(world.ent_b, 2, name="贾二")
    client = world.client(world.admin_a)
    page = client.get(reverse("selection:nominate", args=[campaign.pk]), {"q": "贾"})
    assert "贾建华" in page.content.decode() and "贾二" not in page.content.decode()
    bad = client.post(reverse("selection:nominate", args=[campaign.pk]), {"subject": 999999}, **EN)
    assert "subject" in bad.context["form"].errors
    ok = client.post(reverse("selection:nominate", args=[campaign.pk]), {"subject": w.pk})
    assert ok.status_code == 302 and Entry.objects.get().title == "贾建华"


# --- the expert page: one view per action ------------------------------------------------


def test_experts_actions_each_have_their_own_view(world):
    from jiangxin.selection.models import Panel, Scorecard

    from .factories import make_expert, nominate_up

    campaign = make_campaign(world)
    entries = nominate_up(world, campaign, [make_worker(world.ent_a, i) for i in (1, 2)])
    from jiangxin.selection import services

    services.campaign_open_formal_check(actor=world.city_staff, campaign=campaign)
    for e in entries:
        services.entry_formal_check(actor=world.city_staff, entry=e, passed=True)
    services.campaign_open_review(actor=world.city_staff, campaign=campaign)
    experts = [make_expert(f"ev{i}", world.province, home=world.other_city) for i in range(3)]
    client = world.client(world.city_staff)
    page = reverse("selection:experts", args=[campaign.pk])
    assert client.post(page, {"action": "assign"}).status_code == 405  # no more dispatching
    bad = client.post(
        reverse("selection:panel_create", args=[campaign.pk]), {"name": "", "experts": []}, **EN
    )
    assert bad.status_code == 200 and "name" in bad.context["panel_form"].errors
    ok = client.post(
        reverse("selection:panel_create", args=[campaign.pk]),
        {"name": "综合组", "field": "", "experts": [u.pk for u in experts]},
    )
    assert ok.status_code == 302 and ok["Location"] == page and Panel.objects.count() == 1
    bad = client.post(
        reverse("selection:expert_profile", args=[campaign.pk]),
        {"expert": experts[0].pk, "region_code": "12"},
        **EN,
    )
    assert bad.status_code == 200 and "region_code" in bad.context["profile_form"].errors
    foreign = client.post(
        reverse("selection:expert_profile", args=[campaign.pk]),
        {"expert": experts[0].pk, "employer": world.ent_c.pk},
        **EN,
    )
    assert "employer" in foreign.context["profile_form"].errors
    ok = client.post(
        reverse("selection:expert_profile", args=[campaign.pk]),
        {"expert": experts[0].pk, "fields_text": "冶金，机械", "region_code": "370200"},
    )
    assert ok.status_code == 302 and experts[0].expert_profile.fields == ["冶金", "机械"]
    assigned = client.post(reverse("selection:experts_assign", args=[campaign.pk]), follow=True)
    assert Scorecard.objects.filter(campaign=campaign).count() == 6
    assert "6 scorecards assigned" in assigned.content.decode() or "6" in assigned.content.decode()
    refused = client.post(reverse("selection:review_close", args=[campaign.pk]), follow=True, **EN)
    assert refused.redirect_chain[-1][0] == page and "not submitted yet" in refused.content.decode()
    forced = client.post(reverse("selection:review_close", args=[campaign.pk]), {"force": "on"})
    # no scorecard submitted: still refused, with its message
    assert forced.status_code == 302 and forced["Location"] == page
    for name in ("panel_create", "expert_profile", "experts_assign", "review_close"):
        assert client.get(reverse(f"selection:{name}", args=[campaign.pk])).status_code == 405
