"""Competition and registration services: every rule's bad input is refused with its
field named and nothing saved; the approval ladder, quotas, withdrawal and substitution."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from jiangxin.competitions import services
from jiangxin.competitions.models import Competition, Registration, Stage
from jiangxin.core.models import AuditEvent

from .helpers import competition, register, team_track, track_of, worker

pytestmark = pytest.mark.django_db


def _errors(exc) -> dict:
    return exc.value.message_dict


def test_competition_create_audited_and_scoped(world):
    c = competition(world)
    assert c.status == "open"
    assert AuditEvent.objects.filter(action="competition.create").count() == 1
    with pytest.raises(Http404):
        services.competition_create(
            actor=world.city_staff,
            org=world.other_city,
            title="越权",
            level="city",
            year=2026,
            registration_deadline=date(2026, 12, 1),
        )
    with pytest.raises(Http404):  # an enterprise union does not organise competitions
        services.competition_create(
            actor=world.admin_a,
            org=world.ent_a,
            title="越权",
            level="enterprise",
            year=2026,
            registration_deadline=date(2026, 12, 1),
        )


def test_competition_open_needs_a_track(world):
    c = services.competition_create(
        actor=world.province_admin,
        org=world.province,
        title="无赛项",
        level="city",
        year=2026,
        registration_deadline=date(2026, 12, 1),
    )
    with pytest.raises(ValidationError, match="track"):
        services.competition_step(
            actor=world.province_admin, competition=c, step="open_registration"
        )
    c.refresh_from_db()
    assert c.status == "draft"


def test_track_bad_ranges_refused(world):
    c = competition(world, status="draft")
    with pytest.raises(ValidationError) as exc:
        services.track_save(
            actor=world.province_admin,
            competition=c,
            code="BAD-1",
            name="坏赛项",
            min_level=6,
            max_level=3,
            min_age=40,
            max_age=30,
            theory_weight=50,
            practical_weight=60,
        )
    assert set(_errors(exc)) >= {"max_level", "max_age", "practical_weight"}
    with pytest.raises(ValidationError) as exc:
        services.track_save(
            actor=world.province_admin, competition=c, code="BAD-2", name="团体", mode="team",
            team_size=1,
        )  # fmt: skip
    assert "team_size" in _errors(exc)
    assert c.tracks.count() == 1


def test_track_edit_refused_once_marking_started(world):
    c = competition(world)
    Competition.objects.filter(pk=c.pk).update(status="marking")
    with pytest.raises(ValidationError, match="marking"):
        services.track_save(
            actor=world.province_admin, competition=c, track=track_of(c), name="改名"
        )


def test_stage_ends_before_it_starts_refused(world):
    c = competition(world)
    with pytest.raises(ValidationError) as exc:
        services.stage_save(
            actor=world.province_admin,
            competition=c,
            kind="city",
            starts_on=date(2026, 9, 10),
            ends_on=date(2026, 9, 1),
        )
    assert "ends_on" in _errors(exc)
    assert not Stage.objects.filter(competition=c).exists()


def test_registration_duplicate_person_in_a_track_names_the_earlier(world):
    c = competition(world)
    t = track_of(c)
    person = worker(world.ent_a, skill_level=4)
    first = register(world, t, person)
    with pytest.raises(ValidationError) as exc:
        register(world, t, person)
    message = _errors(exc)["worker"][0]
    assert str(first.pk) in message and person.name in message
    assert Registration.objects.filter(track=t).count() == 1


def test_registration_out_of_range_skill_level_refused(world):
    c = competition(world, status="draft")
    services.track_save(
        actor=world.province_admin, competition=c, track=track_of(c), min_level=4, max_level=6
    )
    services.competition_step(actor=world.province_admin, competition=c, step="open_registration")
    for level in (3, 7, None):
        with pytest.raises(ValidationError) as exc:
            register(world, track_of(c), worker(world.ent_a, skill_level=level))
        assert "skill_level" in _errors(exc)
    assert register(world, track_of(c), worker(world.ent_a, skill_level=5))
    assert Registration.objects.count() == 1


def test_registration_age_and_occupation_refused(world):
    c = competition(world, status="draft")
    services.track_save(
        actor=world.province_admin,
        competition=c,
        track=track_of(c),
        min_age=20,
        max_age=35,
        occupation="维修电工",
    )
    services.competition_step(actor=world.province_admin, competition=c, step="open_registration")
    old = worker(world.ent_a, born=date(1960, 1, 1), occupation="维修电工")
    with pytest.raises(ValidationError) as exc:
        register(world, track_of(c), old)
    assert "age" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        register(world, track_of(c), worker(world.ent_a, born=date(1998, 1, 1), occupation="钳工"))
    assert "occupation" in _errors(exc)


def test_registration_employer_outside_scope_refused(world):
    c = competition(world, org=world.city, actor=world.city_staff)
    outside = worker(world.ent_c)  # another city: outside the organiser's subtree
    with pytest.raises(ValidationError) as exc:
        register(world, track_of(c), outside, actor=world.province_admin)
    assert "employer" in _errors(exc)
    with pytest.raises(Http404):  # and outside the enterprise union's scope
        register(world, track_of(c), worker(world.ent_b))
    assert not Registration.objects.exists()


def test_registration_closed_after_the_deadline(world):
    c = competition(world, deadline=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="closed"):
        register(world, track_of(c), worker(world.ent_a))


def test_registration_team_composition(world):
    c = competition(world)
    t = team_track(world, c, size=2)
    with pytest.raises(ValidationError) as exc:
        register(world, t, worker(world.ent_a))
    assert "team_name" in _errors(exc)
    register(world, t, worker(world.ent_a), team_name="甲队", is_leader=True)
    with pytest.raises(ValidationError) as exc:  # a second leader
        register(world, t, worker(world.ent_a), team_name="甲队", is_leader=True)
    assert "is_leader" in _errors(exc)
    register(world, t, worker(world.ent_a), team_name="甲队")
    with pytest.raises(ValidationError) as exc:  # full
        register(world, t, worker(world.ent_a), team_name="甲队")
    assert "team_name" in _errors(exc)
    with pytest.raises(ValidationError) as exc:  # individual track takes no team
        register(world, track_of(c), worker(world.ent_a), team_name="甲队")
    assert "team_name" in _errors(exc)


def _ladder(world, reg):
    for actor in (world.admin_a, world.city_staff, world.province_admin):
        reg = services.registration_approve(actor=actor, registration=reg)
    return reg


def test_registration_approval_ladder(world):
    c = competition(world)
    reg = register(world, track_of(c), worker(world.ent_a))
    with pytest.raises(ValidationError):  # the committee cannot approve before the enterprise
        services.registration_approve(actor=world.province_admin, registration=reg)
    reg = services.registration_approve(actor=world.admin_a, registration=reg)
    assert reg.status == "enterprise_approved"
    with pytest.raises(ValidationError):  # the enterprise has had its turn
        services.registration_approve(actor=world.admin_a, registration=reg)
    reg = services.registration_approve(actor=world.city_staff, registration=reg)
    assert reg.status == "organiser_approved"
    reg = services.registration_approve(actor=world.province_admin, registration=reg)
    assert reg.status == "committee_approved"
    actions = set(
        AuditEvent.objects.filter(action__startswith="competition.approve.").values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "competition.approve.enterprise_approve",
        "competition.approve.organiser_approve",
        "competition.approve.committee_approve",
    }


def test_registration_approval_over_quota_refused(world):
    c = competition(world)
    stage = services.stage_save(
        actor=world.province_admin,
        competition=c,
        kind="enterprise",
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 9, 5),
    )
    services.quota_set(
        actor=world.province_admin, stage=stage, parent=world.province, method="fixed",
        amounts={world.city.pk: 5, world.other_city.pk: 5},
    )  # fmt: skip
    services.quota_set(
        actor=world.city_staff, stage=stage, parent=world.city, method="fixed",
        amounts={world.county.pk: 3},
    )  # fmt: skip
    services.quota_set(
        actor=world.city_staff, stage=stage, parent=world.county, method="fixed",
        amounts={world.ent_a.pk: 1, world.ent_b.pk: 2},
    )  # fmt: skip
    t = track_of(c)
    one, two = register(world, t, worker(world.ent_a)), register(world, t, worker(world.ent_a))
    services.registration_approve(actor=world.admin_a, registration=one)
    with pytest.raises(ValidationError, match="1"):
        services.registration_approve(actor=world.admin_a, registration=two)
    two.refresh_from_db()
    assert two.status == "submitted"
    # the county's share of the city's places may not exceed the city's own
    with pytest.raises(ValidationError) as exc:
        services.quota_set(
            actor=world.city_staff, stage=stage, parent=world.city, method="fixed",
            amounts={world.county.pk: 6},
        )  # fmt: skip
    assert "total" in _errors(exc)


def test_quota_formula_uses_the_selection_cascade(world):
    c = competition(world)
    stage = services.stage_save(
        actor=world.province_admin,
        competition=c,
        kind="city",
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 9, 5),
    )
    rows = services.quota_set(
        actor=world.province_admin,
        stage=stage,
        parent=world.province,
        method="enterprises",
        total=3,
    )
    shares = {q.org_id: q.amount for q in rows}
    # the city holds enterprises A and B, the other city C: 2 and 1 of 3
    assert shares == {world.city.pk: 2, world.other_city.pk: 1}


def test_registration_reject_needs_a_reason(world):
    c = competition(world)
    reg = register(world, track_of(c), worker(world.ent_a))
    with pytest.raises(ValidationError) as exc:
        services.registration_reject(actor=world.admin_a, registration=reg, reason="  ")
    assert "reason" in _errors(exc)
    reg = services.registration_reject(actor=world.admin_a, registration=reg, reason="证书不符")
    assert (reg.status, reg.reason) == ("rejected", "证书不符")


def test_registration_withdrawal_after_the_deadline_refused(world):
    c = competition(world)
    reg = register(world, track_of(c), worker(world.ent_a))
    Competition.objects.filter(pk=c.pk).update(
        registration_deadline=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="deadline"):
        services.registration_withdraw(actor=world.admin_a, registration=reg)
    reg.refresh_from_db()
    assert reg.status == "submitted"


def test_registration_withdraw_then_register_again(world):
    c = competition(world)
    person = worker(world.ent_a)
    reg = register(world, track_of(c), person)
    services.registration_withdraw(actor=world.admin_a, registration=reg, reason="工作安排")
    again = register(world, track_of(c), person)
    assert again.pk != reg.pk


def test_registration_substitute_keeps_the_place(world):
    c = competition(world)
    reg = _ladder(world, register(world, track_of(c), worker(world.ent_a)))
    with pytest.raises(ValidationError) as exc:  # another employer
        services.registration_substitute(
            actor=world.province_admin, registration=reg, worker=worker(world.ent_b), reason="伤病"
        )
    assert "worker" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.registration_substitute(
            actor=world.admin_a, registration=reg, worker=worker(world.ent_a), reason=""
        )
    assert "reason" in _errors(exc)
    new = services.registration_substitute(
        actor=world.admin_a, registration=reg, worker=worker(world.ent_a), reason="伤病"
    )
    reg.refresh_from_db()
    assert reg.status == "substituted" and new.status == "committee_approved"
    assert new.substitute_for_id == reg.pk


def test_registration_self_service(world):
    c = competition(world)
    me = worker(world.ent_a, user=world.worker_a)
    reg = services.registration_submit(actor=world.worker_a, track=track_of(c), worker=me)
    assert reg.source == "self"
    other = worker(world.ent_a)
    with pytest.raises(Http404):  # a worker enters only themself
        services.registration_submit(actor=world.worker_a, track=track_of(c), worker=other)
    services.registration_withdraw(actor=world.worker_a, registration=reg)
    reg.refresh_from_db()
    assert reg.status == "withdrawn"


def test_registration_approval_refused_once_marking_started(world):
    c = competition(world)
    reg = register(world, track_of(c), worker(world.ent_a))
    Competition.objects.filter(pk=c.pk).update(status="marking")
    with pytest.raises(ValidationError, match="approved while registration"):
        services.registration_approve(actor=world.admin_a, registration=reg)
    reg.refresh_from_db()
    assert reg.status == "submitted"
