"""Decisions respect the rules: only accepted achievements are nominated, and none twice
while it is in the running; a campaign's managers are not on its panel; an objection's
outcome is chosen (none preselected) and a withdrawal confirmed; the scorecard's submit
right after the last score is no conflict; the achievement 公示 lists the completers and
the objector gets a reference number."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiangxin.achievements.models import Achievement, Completer
from jiangxin.selection import services
from jiangxin.selection.enums import SubjectKind
from jiangxin.selection.forms import DecideForm
from jiangxin.selection.models import Entry, Objection, Scorecard
from jiangxin.selection.services.review import expert_pool
from jiangxin.testing.people import make_worker

from .factories import make_campaign, make_expert, to_announcement, to_review

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _achievement(ent, title, workers, status="accepted"):
    a = Achievement.objects.create(
        title=title, kind="technical_innovation", enterprise=ent, status=status
    )
    for order, w in enumerate(workers, start=1):
        Completer.objects.create(achievement=a, worker=w, order=order)
    return a


def _award_campaign(world, title="2022年职工创新成果评选"):
    return make_campaign(
        world,
        kind=SubjectKind.ACHIEVEMENT_AWARD,
        title=title,
        tiers=[services.TierIn("一等奖", 1), services.TierIn("二等奖", 1)],
    )


# --- nominations ---------------------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_nominate_refuses_an_achievement_not_accepted(world, status):
    campaign = _award_campaign(world)
    a = _achievement(world.ent_a, "未验收的成果", [make_worker(world.ent_a, 1)], status=status)
    with pytest.raises(ValidationError, match="only accepted achievements") as exc:
        services.entry_nominate(actor=world.admin_a, campaign=campaign, subject_id=a.pk)
    assert "subject" in exc.value.error_dict and not Entry.objects.exists()


def test_nomination_picker_offers_only_accepted_achievements(world):
    campaign = _award_campaign(world)
    w = make_worker(world.ent_a, 1)
    _achievement(world.ent_a, "成果已验收", [w])
    _achievement(world.ent_a, "成果待验收", [w], status="submitted")
    page = world.client(world.admin_a).get(reverse("selection:nominate", args=[campaign.pk]), **EN)
    html = page.content.decode()
    assert "成果已验收" in html and "成果待验收" not in html


def test_nominate_refuses_what_is_in_the_running_in_an_open_campaign(world):
    first = _award_campaign(world, title="甲市成果评选")
    second = _award_campaign(world, title="甲市成果评选（第二批）")
    a = _achievement(world.ent_a, "皮带机防跑偏装置", [make_worker(world.ent_a, 1)])
    services.entry_nominate(actor=world.admin_a, campaign=first, subject_id=a.pk)
    with pytest.raises(ValidationError, match="already nominated in 甲市成果评选"):
        services.entry_nominate(actor=world.admin_a, campaign=second, subject_id=a.pk)
    with pytest.raises(ValidationError, match="already nominated"):
        services.entry_nominate(actor=world.admin_a, campaign=first, subject_id=a.pk)
    # once it is out of the running there (not recommended), it may go to the other one
    Entry.objects.filter(campaign=first).update(status="not_recommended")
    services.entry_nominate(actor=world.admin_a, campaign=second, subject_id=a.pk)


def test_nomination_picker_marks_what_is_already_nominated(world):
    first = _award_campaign(world, title="甲市成果评选")
    second = _award_campaign(world, title="乙批成果评选")
    w = make_worker(world.ent_a, 1)
    taken = _achievement(world.ent_a, "成果甲", [w])
    _achievement(world.ent_a, "成果乙", [w])
    services.entry_nominate(actor=world.admin_a, campaign=first, subject_id=taken.pk)
    client = world.client(world.admin_a)
    here = client.get(reverse("selection:nominate", args=[first.pk]), **EN).content.decode()
    there = client.get(reverse("selection:nominate", args=[second.pk]), **EN).content.decode()
    # One "Nominate" button in the candidate list (the other achievement); the taken one
    # is marked instead.
    assert here.count('type="hidden" name="subject" value=') == 1 and "already nominated" in here
    assert there.count('type="hidden" name="subject" value=') == 1
    assert "nominated in 甲市成果评选" in there


# --- the panel -------------------------------------------------------------------------


def test_campaign_managers_cannot_sit_on_its_panel(world):
    from jiangxin.accounts.models import RoleAssignment
    from jiangxin.core.roles import Role

    campaign = make_campaign(world)
    # the city's staff (the organiser) also holds the expert role there
    RoleAssignment.objects.create(user=world.city_staff, org=world.city, role=Role.EXPERT)
    outsider = make_expert("ok_expert", world.province, home=world.other_city)
    pool = {u.pk for u in expert_pool(campaign)}
    assert outsider.pk in pool and world.city_staff.pk not in pool
    with pytest.raises(ValidationError, match="manage this selection") as exc:
        services.panel_create(
            actor=world.city_staff,
            campaign=campaign,
            name="综合组",
            field="",
            expert_ids=[outsider.pk, world.city_staff.pk],
        )
    assert "experts" in exc.value.error_dict
    page = world.client(world.city_staff).get(
        reverse("selection:experts", args=[campaign.pk]), **EN
    )
    offered = page.context["panel_form"].fields["experts"].queryset  # what the picker offers
    assert offered.filter(pk=outsider.pk).exists()
    assert not offered.filter(pk=world.city_staff.pk).exists()


def test_campaign_creator_cannot_sit_on_its_panel(world):
    creator = make_expert("creator", world.province, home=world.other_city)
    from jiangxin.selection.models import Campaign

    campaign = make_campaign(world)
    Campaign.objects.filter(pk=campaign.pk).update(created_by=creator)
    campaign.refresh_from_db()
    assert creator.pk not in {u.pk for u in expert_pool(campaign)}


# --- objection decisions -----------------------------------------------------------------


def test_decide_form_has_no_preselected_outcome():
    html = DecideForm().as_p()
    assert 'type="radio"' in html and "checked" not in html
    form = DecideForm({"note": "经核查"})
    assert not form.is_valid() and "outcome" in form.errors


def test_decide_form_withdrawal_needs_confirmation():
    form = DecideForm({"outcome": "upheld", "note": "经核查属实"})
    assert not form.is_valid() and "confirm_withdrawal" in form.errors
    ok = DecideForm({"outcome": "upheld", "note": "经核查属实", "confirm_withdrawal": "on"})
    assert ok.is_valid() and ok.cleaned_data == {"outcome": "upheld", "note": "经核查属实"}
    assert DecideForm({"outcome": "dismissed", "note": "不属实"}).is_valid()


def test_objection_upheld_without_confirmation_withdraws_nothing(world, workday_today):
    campaign = make_campaign(world)
    announcement = to_announcement(world, campaign)
    entry = Entry.objects.filter(campaign=campaign, tier__isnull=False).first()
    objection = services.objection_file(
        announcement=announcement,
        entry_id=entry.pk,
        kind="person",
        name="王某",
        contact="13912345678",
        content="该同志的成果材料与事实不符，请核查。",
    )
    services.objection_investigate(actor=world.city_staff, objection=objection, notes="已核查")
    client = world.client(world.city_staff)
    url = reverse("selection:objection_detail", args=[objection.pk])
    response = client.post(url, {"action": "decide", "outcome": "upheld", "note": "属实"}, **EN)
    assert response.status_code == 200
    assert "confirm_withdrawal" in response.context["decide_form"].errors
    assert Entry.objects.get(pk=entry.pk).status != "withdrawn"
    response = client.post(
        url,
        {"action": "decide", "outcome": "upheld", "note": "属实", "confirm_withdrawal": "on"},
    )
    assert response.status_code == 302 and Entry.objects.get(pk=entry.pk).status == "withdrawn"


# --- scorecards: submit right after the last score ------------------------------------------


@pytest.fixture
def last_score(world):
    campaign = make_campaign(world)
    to_review(world, campaign, n=2, experts=3)
    card = Scorecard.objects.select_related("expert").order_by("pk").first()
    card = services.scorecard_save(
        actor=card.expert, scorecard=card, version=card.version, scores={"c1": "80", "c2": "70"}
    )
    return card  # the page shows this version; the expert now types c3 and submits


def _post_submit(world, card, version, scores):
    client = world.client(card.expert)
    return client.post(
        reverse("selection:scorecard_submit", args=[card.pk]),
        {"version": version, **scores},
        **EN,
    )


def test_scorecard_submit_after_racing_autosave_is_no_conflict(world, last_score):
    """The autosave of the last score (change on blur) gets in just before the submit,
    both sent from the same page version: the submit used to fail 'changed meanwhile'."""
    card, loaded = last_score, last_score.version
    services.scorecard_save(  # the autosave
        actor=card.expert, scorecard=card, version=loaded, scores={"c3": "40"}
    )
    response = _post_submit(world, card, loaded, {"c1": "80", "c2": "70", "c3": "40"})
    assert response.status_code == 302 and response["Location"].endswith("/scorecards/")
    card.refresh_from_db()
    assert card.status == "submitted" and card.scores == {"c1": "80", "c2": "70", "c3": "40"}


def test_scorecard_autosave_arriving_after_the_submit_is_no_error(world, last_score):
    card, loaded = last_score, last_score.version
    response = _post_submit(world, card, loaded, {"c1": "80", "c2": "70", "c3": "40"})
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == "submitted" and float(card.total) == pytest.approx(32 + 24.5 + 20)
    late = services.scorecard_save(  # the autosave, sent at the loaded version
        actor=card.expert, scorecard=card, version=loaded, scores={"c3": "40"}
    )
    assert late.status == "submitted"


def test_scorecard_submit_still_refuses_scores_changed_elsewhere(world, last_score):
    card, loaded = last_score, last_score.version
    services.scorecard_save(  # another tab changed c1
        actor=card.expert, scorecard=card, version=loaded, scores={"c1": "20"}
    )
    with pytest.raises(services.StaleScorecard):
        services.scorecard_submit(
            actor=card.expert,
            scorecard=card,
            version=loaded,
            scores={"c1": "80", "c2": "70", "c3": "40"},
        )
    card.refresh_from_db()
    assert card.status == "draft" and card.scores["c1"] == "20"


def test_scorecard_page_submit_button_posts_the_scores(world, last_score):
    page = world.client(last_score.expert).get(reverse("selection:scorecard", args=[last_score.pk]))
    html = page.content.decode()
    form = html[html.index('id="sc-form"') : html.index("</form>", html.index('id="sc-form"'))]
    assert 'id="sc-submit"' in form and 'name="c3"' in form and 'id="sc-version"' in form


# --- the achievement 公示 and the objector's reference ---------------------------------------


@pytest.fixture
def award_announced(world, workday_today):
    from .factories import full_scores

    campaign = _award_campaign(world)
    a1 = _achievement(
        world.ent_a,
        "转炉智能出钢系统",
        [make_worker(world.ent_a, 1, name="贾建华"), make_worker(world.ent_a, 2, name="李晓杰")],
    )
    services.entry_nominate(actor=world.admin_a, campaign=campaign, subject_id=a1.pk)
    for org, actor in ((world.ent_a, world.admin_a), (world.county, world.city_staff)):
        ids = list(Entry.objects.filter(current_org=org).values_list("pk", flat=True))
        services.sheet_submit(actor=actor, campaign=campaign, org=org, ranked_entry_ids=ids)
    services.campaign_open_formal_check(actor=world.city_staff, campaign=campaign)
    for e in Entry.objects.filter(campaign=campaign):
        services.entry_formal_check(actor=world.city_staff, entry=e, passed=True)
    services.campaign_open_review(actor=world.city_staff, campaign=campaign)
    experts = [make_expert(f"ax{i}", world.province, home=world.other_city) for i in range(3)]
    services.panel_create(
        actor=world.city_staff,
        campaign=campaign,
        name="p",
        field="",
        expert_ids=[u.pk for u in experts],
    )
    services.experts_assign(actor=world.city_staff, campaign=campaign)
    campaign.refresh_from_db()
    full_scores(campaign, [[90, 90, 45]])
    services.campaign_close_review(actor=world.city_staff, campaign=campaign)
    return services.announcement_open(actor=world.city_staff, campaign=campaign)


def test_achievement_announcement_lists_the_completers_beside_the_title(world, award_announced):
    page = world.client(None).get(award_announced.get_absolute_url(), **EN)
    html = page.content.decode()
    assert "贾建华、李晓杰" in html and "Completers" in html
    assert html.count("转炉智能出钢系统") == 1


def test_objector_gets_a_reference_number_and_can_ask_after_it(world, award_announced):
    entry = Entry.objects.get()
    client = world.client(None)
    response = client.post(
        reverse("announcements:object", args=[award_announced.uuid]),
        {
            "entry": entry.pk,
            "kind": "person",
            "name": "王某",
            "contact": "13912345678",
            "content": "该成果的主要完成人与事实不符，请核查。",
        },
        follow=True,
        **EN,
    )
    objection = Objection.objects.get()
    assert objection.reference.startswith("YY-") and len(objection.reference) == 12
    html = response.content.decode()
    assert objection.reference in html and "Open" in html  # shown after filing, with status
    again = client.get(
        reverse("announcements:objection_status"), {"ref": objection.reference.lower()}, **EN
    )
    assert again.status_code == 200 and "转炉智能出钢系统" in again.content.decode()
    missing = client.get(reverse("announcements:objection_status"), {"ref": "YY-0000-0000"})
    assert missing.status_code == 404


def test_objection_references_differ():
    from jiangxin.selection.models import objection_reference

    refs = {objection_reference() for _i in range(200)}
    assert len(refs) == 200
