"""The bulk service of the studio import holds the application's leader rule itself."""

import pytest
from django.core.exceptions import ValidationError

from ..models import Studio
from ..services import studio_drafts_create

pytestmark = pytest.mark.django_db


def _draft(studio, name):
    return Studio(
        name=name,
        leader=studio.leader,
        host=studio.host,
        field="冶金",
        level=studio.level,
        established_on=studio.established_on,
    )


def test_studio_drafts_create_refuses_a_leader_of_a_live_studio(cast):
    studio = cast.apply()
    with pytest.raises(ValidationError) as refused:
        studio_drafts_create(actor=cast.world.admin_a, items=[_draft(studio, "第二工作室")])
    assert list(refused.value.message_dict) == ["leader"]
    assert Studio.objects.count() == 1


def test_studio_drafts_create_refuses_one_leader_twice(cast):
    studio = cast.apply()
    Studio.objects.filter(pk=studio.pk).update(status="revoked")  # the leader is free again
    items = [_draft(studio, "第二工作室"), _draft(studio, "第三工作室")]
    with pytest.raises(ValidationError) as refused:
        studio_drafts_create(actor=cast.world.admin_a, items=items)
    assert list(refused.value.message_dict) == ["leader"]
    assert studio_drafts_create(actor=cast.world.admin_a, items=items[:1]) == 1
