"""Lists of selection (see jiangxin/testing/lists.py)."""

import datetime

from jiangxin.accounts.models import User
from jiangxin.testing.lists import Grow, serial

from ..models import Announcement
from .factories import make_campaign, to_review


def _campaigns(w, n):
    for _ in range(n):
        make_campaign(w, title=f"评选{serial()}")


def _scorecards(w, n):
    to_review(
        w, make_campaign(w, title=f"评选{serial()}"), n=n, experts=1, first=5000 + 10 * serial()
    )


def _expert(w):
    return User.objects.get(username="expert0")


def _announcements(w, n):
    today = datetime.date.today()
    for _ in range(n):
        campaign = make_campaign(w, title=f"评选{serial()}")
        Announcement.objects.create(
            campaign=campaign,
            title=campaign.title,
            starts_on=today - datetime.timedelta(days=1),
            workdays=5,
            ends_on=today + datetime.timedelta(days=6),
        )


def _certificates(w, n):
    """A published campaign: certificates for its awardees (enterprises A and B)."""
    from .. import services
    from .factories import end_announcement, full_scores
    from .test_cross_org import _on_fixed_workday

    campaign = make_campaign(w, title=f"评选{serial()}")
    with _on_fixed_workday():
        to_review(w, campaign, n=4, experts=3, first=5000 + 10 * serial())
        full_scores(campaign, [[90, 90, 45], [80, 80, 40], [70, 70, 35], [60, 60, 30]])
        services.campaign_close_review(actor=w.city_staff, campaign=campaign)
        end_announcement(services.announcement_open(actor=w.city_staff, campaign=campaign))
        services.campaign_publish(
            actor=w.city_staff, campaign=campaign, decision_number=f"青工发〔2024〕{serial()}号"
        )


LISTS = {
    "api:selection_certificates_list": Grow(_certificates, api=True),
    "selection:campaign_list": Grow(_campaigns, user="city_staff"),
    "api:selection_campaigns_list": Grow(_campaigns, user="city_staff", api=True),
    "selection:my_scorecards": Grow(_scorecards, user=_expert),
    "api:selection_my_scorecards": Grow(_scorecards, user=_expert, api=True),
    "announcements:list": Grow(_announcements, user=None),
}
