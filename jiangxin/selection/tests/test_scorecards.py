"""Scorecards: optimistic concurrency (no lost update), validation, the autosave page."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from jiangxin.selection import services
from jiangxin.selection.models import Scorecard

from .factories import make_campaign, to_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(world):
    campaign = make_campaign(world)
    to_review(world, campaign, n=2, experts=3)
    return Scorecard.objects.select_related("expert").order_by("pk").first()


def test_scorecard_two_saves_from_the_same_version_lose_nothing(card):
    """Two tabs (or two experts' sessions) load version 1 and each save a criterion."""
    expert, loaded = card.expert, card.version
    first = services.scorecard_save(
        actor=expert, scorecard=card, version=loaded, scores={"c1": "80"}
    )
    assert first.version == loaded + 1
    with pytest.raises(services.StaleScorecard, match="changed meanwhile"):
        services.scorecard_save(actor=expert, scorecard=card, version=loaded, scores={"c2": "70"})
    card.refresh_from_db()
    assert card.scores == {"c1": "80"}  # the first save survived; the stale one wrote nothing
    # after a reload (the new version) the second save goes through and keeps the first
    card = services.scorecard_save(
        actor=expert, scorecard=card, version=card.version, scores={"c2": "70"}
    )
    assert card.scores == {"c1": "80", "c2": "70"} and card.version == loaded + 2


def test_scorecard_version_is_checked_in_the_update(card, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        services.scorecard_save(
            actor=card.expert, scorecard=card, version=card.version, scores={"c1": 50}
        )
    update = next(
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith("UPDATE") and "selection_scorecard" in q["sql"]
    )
    assert '"version" = ' in update.split("WHERE")[1]


def test_scorecard_total_and_submit(card):
    expert = card.expert
    card = services.scorecard_save(
        actor=expert, scorecard=card, version=card.version, scores={"c1": 100, "c2": "50"}
    )
    assert card.total is None  # incomplete
    with pytest.raises(ValidationError, match="missing: 经济效益"):
        services.scorecard_submit(actor=expert, scorecard=card, version=card.version)
    card = services.scorecard_save(
        actor=expert, scorecard=card, version=card.version, scores={"c3": "25.5"}
    )
    assert float(card.total) == pytest.approx(40 + 17.5 + 12.75)
    card = services.scorecard_submit(actor=expert, scorecard=card, version=card.version)
    with pytest.raises(ValidationError, match="submitted"):
        services.scorecard_save(
            actor=expert, scorecard=card, version=card.version, scores={"c1": 1}
        )


@pytest.mark.parametrize(
    ("scores", "field"),
    [
        ({"c1": "101"}, "c1"),
        ({"c2": "-1"}, "c2"),
        ({"c1": "abc"}, "c1"),
        ({"c3": "51"}, "c3"),
        ({"c1": "1.234"}, "c1"),
        ({"zz": "1"}, "zz"),
        ({"c1": "NaN"}, "c1"),
    ],
)
def test_scorecard_bad_score_names_the_criterion(card, scores, field):
    with pytest.raises(ValidationError) as exc:
        services.scorecard_save(
            actor=card.expert, scorecard=card, version=card.version, scores=scores
        )
    assert field in exc.value.error_dict
    card.refresh_from_db()
    assert card.scores == {} and card.version == 1


def test_scorecard_of_another_expert_is_404(world, card):
    other = Scorecard.objects.exclude(expert=card.expert).first().expert
    with pytest.raises(Http404):
        services.scorecard_save(actor=other, scorecard=card, version=card.version, scores={"c1": 1})
    with pytest.raises(Http404):
        services.scorecard_save(
            actor=world.city_staff, scorecard=card, version=card.version, scores={"c1": 1}
        )


def test_scorecard_autosave_view_and_stale_message(world, card):
    client = world.client(card.expert)
    url = reverse("selection:scorecard_save", args=[card.pk])
    page = client.get(reverse("selection:scorecard", args=[card.pk]))
    assert page.status_code == 200 and 'hx-post="%s"' % url in page.content.decode()
    ok = client.post(
        url, {"version": 1, "c1": "88"}, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Saved (version 2)" in ok.content.decode() and 'value="2"' in ok.content.decode()
    stale = client.post(
        url, {"version": 1, "c2": "77"}, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "changed meanwhile" in stale.content.decode() and 'value="2"' in stale.content.decode()
    bad = client.post(
        url, {"version": 2, "c2": "777"}, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "from 0 to 100" in bad.content.decode()
    card.refresh_from_db()
    assert card.scores == {"c1": "88"}


def test_scorecard_blind_page_hides_names(world):
    campaign = make_campaign(world, blind=True)
    entries, _pool = to_review(world, campaign, n=2, experts=3)
    card = Scorecard.objects.filter(entry=entries[0]).select_related("expert").first()
    body = (
        world.client(card.expert)
        .get(reverse("selection:scorecard", args=[card.pk]))
        .content.decode()
    )
    assert entries[0].title not in body and entries[0].org.name not in body
    api = world.client(card.expert).get(reverse("selection:my_scorecards")).content.decode()
    assert entries[0].title not in api
