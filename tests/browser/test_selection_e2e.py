"""Selection in the browser: an expert scores by autosave (htmx, one criterion at a time)
and submits; the staff close the review; the announcement opens and appears publicly (no
login); an objection from the public freezes its entry. Offline, no console errors."""

import re

import pytest
from playwright.sync_api import expect

from jiangxin.selection import services
from jiangxin.selection.models import Entry, Objection, Scorecard
from jiangxin.selection.tests.factories import make_campaign, to_review, workday_today  # noqa: F401
from jiangxin.testing.world import PASSWORD

pytestmark = pytest.mark.browser


def test_expert_scores_staff_announce_public_objects(world, browser_session, workday_today):  # noqa: F811
    # (no honour types: a browser test's flushed database has no migrated data rows)
    tiers = [services.TierIn("一等奖", 1), services.TierIn("二等奖", 1)]
    campaign = make_campaign(world, tiers=tiers)
    entries, pool = to_review(world, campaign, n=2, experts=3)
    expert = pool[0]
    mine = Scorecard.objects.filter(expert=expert).order_by("pk")
    # everyone else's cards are submitted already
    codes = [c.code for c in campaign.criteria.all()]
    for card in Scorecard.objects.exclude(expert=expert).select_related("expert"):
        strong = card.entry_id == entries[0].pk
        card = services.scorecard_save(
            actor=card.expert, scorecard=card, version=card.version,
            scores=dict(zip(codes, [90, 90, 45] if strong else [70, 70, 30], strict=True)),
        )  # fmt: skip
        services.scorecard_submit(actor=card.expert, scorecard=card, version=card.version)

    # The expert scores each assigned card, criterion by criterion (autosaved), and submits.
    s = browser_session()
    s.login(expert.username, PASSWORD)
    page = s.page
    for card in mine:
        s.goto(f"/selection/scorecards/{card.pk}/")
        values = ["88", "86", "44"] if card.entry_id == entries[0].pk else ["65", "60", "30"]
        for n, (code, value) in enumerate(zip(codes, values, strict=True), start=2):
            page.fill(f"#sc-{code}", value)
            page.press(f"#sc-{code}", "Tab")  # change → htmx save with the current version
            expect(page.locator("#sc-status")).to_contain_text(re.compile(rf"\b{n}\b"))
        expect(page.locator("#sc-total")).not_to_have_text("—")
        s.submit(lambda: page.click("#sc-submit"))
        assert s.path() == "/selection/scorecards/"
    assert not Scorecard.objects.filter(campaign=campaign, status="draft").exists()

    # The staff close the review, see the ranking and open the announcement.
    staff = browser_session()
    staff.login(world.city_staff.username, PASSWORD)
    staff.goto(f"/selection/{campaign.pk}/experts/")
    staff.submit(lambda: staff.page.click("#sel-close-review"))
    assert staff.path() == f"/selection/{campaign.pk}/results/"
    expect(staff.page.locator("#sel-results tbody tr")).to_have_count(2)
    expect(staff.page.locator("#sel-results tbody tr").first).to_contain_text(entries[0].title)
    staff.goto(f"/selection/{campaign.pk}/announcement/")
    staff.submit(lambda: staff.page.click("#sel-open-announcement"))
    public_path = staff.page.locator("#sel-public-link").get_attribute("href")

    # The public page: no login, the entries listed; an objection freezes one.
    public = browser_session()
    response = public.goto(public_path)
    assert response.status == 200 and not public.path().startswith("/accounts/login")
    rows = public.page.locator("#sel-public-entries tbody tr")
    expect(rows).to_have_count(2)
    expect(public.page.locator(".sel-frozen")).to_have_count(0)
    public.submit(lambda: public.page.click("#sel-object"))
    form = public.page.locator("#sel-objection-form")
    form.locator("select[name=entry]").select_option(str(entries[1].pk))
    form.locator("input[name=kind][value=person]").check()
    form.locator("input[name=name]").fill("王某")
    form.locator("input[name=contact]").fill("13912345678")
    form.locator("textarea[name=content]").fill("该同志申报的成果材料与事实不符，请核查。")
    public.submit(lambda: form.locator("button[type=submit]").click())
    # the objector is given a reference number, and the page that looks it up
    reference = Objection.objects.get().reference
    assert public.path().startswith("/announcements/objection/?ref=")
    expect(public.page.locator("#sel-ref-number")).to_have_text(reference)
    public.goto(public_path)
    expect(public.page.locator(".sel-frozen")).to_have_count(1)
    assert Entry.objects.get(pk=entries[1].pk).frozen


def test_expert_submits_right_after_the_last_score(world, browser_session):
    """The last score's autosave (on change, when the field loses focus to the button)
    gets in just before the submit, and its answer (the new version) has not reached the
    page yet: the submit, sent with the page's older version, used to fail "changed
    meanwhile". The answer is held back here to make that order certain."""
    campaign = make_campaign(world, tiers=[services.TierIn("一等奖", 1)])
    _entries, pool = to_review(world, campaign, n=1, experts=3)
    card = Scorecard.objects.filter(expert=pool[0]).get()
    codes = [c.code for c in campaign.criteria.all()]
    s = browser_session()
    s.login(pool[0].username, PASSWORD)
    s.goto(f"/selection/scorecards/{card.pk}/")
    page = s.page
    # Two scores changed at once (a fast typist): both autosaves leave together. They go
    # one after the other (hx-sync queue), each with the version the one before returned;
    # sent side by side from one version, the second used to be refused as stale.
    page.evaluate(
        """([a, b]) => {
            for (const [id, v] of [[a, "81"], [b, "79"]]) {
                const el = document.getElementById(id);
                el.value = v;
                el.dispatchEvent(new Event("change", {bubbles: true}));
            }
        }""",
        [f"sc-{codes[0]}", f"sc-{codes[1]}"],
    )
    expect(page.locator("#sc-status")).to_contain_text(re.compile(r"\b3\b"))
    expect(page.locator("#sc-version")).to_have_value("3")
    card.refresh_from_db()
    assert {k: v for k, v in card.scores.items() if v} == {codes[0]: "81", codes[1]: "79"}

    def saved_but_unanswered(route):
        route.fetch()  # the server saves the score …
        route.fulfill(status=204, body="")  # … and the page does not hear of it yet

    page.route(re.compile(r"/scorecards/\d+/save/$"), saved_but_unanswered)
    page.fill(f"#sc-{codes[-1]}", "40")
    with page.expect_response(re.compile(r"/save/$")):
        page.press(f"#sc-{codes[-1]}", "Tab")
    card.refresh_from_db()
    assert card.scores[codes[-1]] == "40" and card.version == 4
    expect(page.locator("#sc-version")).to_have_value("3")  # the page's version is behind
    s.submit(lambda: page.click("#sc-submit"))
    assert s.path() == "/selection/scorecards/", page.locator("main").inner_text()
    card.refresh_from_db()
    assert card.status == "submitted"
    assert card.scores == dict(zip(codes, ["81", "79", "40"], strict=True))
