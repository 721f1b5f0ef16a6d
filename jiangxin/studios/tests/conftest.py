"""The studio cast on top of the shared `world`: workers of enterprise A (a first-line
Qilu Craftsman who leads, a member at branch A1), of enterprise B and of enterprise C;
helpers to walk a studio along its review path."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from jiangxin.people.models import Worker
from jiangxin.studios import services
from jiangxin.studios.enums import ReviewDecision, StudioStatus
from jiangxin.studios.models import Studio
from jiangxin.studios.tests.helpers import honour, honour_type
from jiangxin.testing.people import make_worker
from jiangxin.testing.world import World


@dataclass
class Cast:
    world: World
    leader_a: Worker  # first-line 齐鲁工匠 (2021) at enterprise A
    member_a: Worker  # at branch A1 (inside A's subtree)
    worker_b: Worker  # at enterprise B (a sibling)
    leader_c: Worker  # at enterprise C (another city)

    def apply(self, leader: Worker | None = None, **fields) -> Studio:
        w = self.world
        leader = leader or self.leader_a
        values = {
            "host": w.ent_a,
            "name": f"{leader.name}创新工作室",
            "field": "炼钢工艺",
            "level": "provincial",
            "established_on": date(2019, 5, 1),
        }
        values.update(fields)
        return services.studio_apply(actor=w.admin_a, leader=leader, **values)

    def approve(self, studio: Studio, *reviewers) -> Studio:
        for reviewer in reviewers:
            services.studio_review(
                actor=reviewer, studio=studio, decision=ReviewDecision.APPROVE, comment="同意"
            )
        studio.refresh_from_db()
        return studio

    def announce(self, studio: Studio) -> Studio:
        w = self.world
        return self.approve(studio, w.admin_a, w.city_staff, w.province_admin)

    def end_announcement(self, studio: Studio) -> Studio:
        Studio.objects.filter(pk=studio.pk).update(
            announce_until=timezone.localdate() - timedelta(days=1)
        )
        studio.refresh_from_db()
        return studio

    def named(self, leader: Worker | None = None, **fields) -> Studio:
        studio = self.end_announcement(self.announce(self.apply(leader, **fields)))
        return services.studio_name(
            actor=self.world.province_admin,
            studio=studio,
            document_number="鲁工发〔2026〕12号",
            unveiled_on=date(2026, 5, 1),
            level="provincial",
        )


def api_client(world: World, user):
    """A client with a Bearer token of `user` (returns the client and its headers)."""
    from jiangxin.accounts.services import api_token_create

    _token, raw = api_token_create(actor=user, name="studios-test")
    return world.client(None), {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture(autouse=True)
def _english():
    """Service messages are asserted in English (the zh-hans catalogue translates them)."""
    with translation.override("en"):
        yield


@pytest.fixture
def cast(world) -> Cast:
    return make_cast(world)


def make_cast(world) -> Cast:
    leader_a = make_worker(world.ent_a, 1, name="栾军", occupation="炼钢工", first_line=True)
    honour(leader_a, "qilu-craftsman", 2021)
    return Cast(
        world=world,
        leader_a=leader_a,
        member_a=make_worker(world.branch_a1, 2, name="张三", occupation="炼钢工"),
        worker_b=make_worker(world.ent_b, 3, name="李四", occupation="电工"),
        leader_c=make_worker(world.ent_c, 4, name="王五", occupation="起重工"),
    )


__all__ = ["Cast", "make_cast", "StudioStatus", "api_client", "honour", "honour_type"]
