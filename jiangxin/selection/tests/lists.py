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
    to_review(w, make_campaign(w, title=f"评选{serial()}"), n=n, experts=1, first=serial())


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


LISTS = {
    "selection:campaign_list": Grow(_campaigns, user="city_staff"),
    "api:selection_campaigns_list": Grow(_campaigns, user="city_staff", api=True),
    "selection:my_scorecards": Grow(_scorecards, user=_expert),
    "api:selection_my_scorecards": Grow(_scorecards, user=_expert, api=True),
    "announcements:list": Grow(_announcements, user=None),
}
