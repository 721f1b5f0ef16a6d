"""Who may enter a track, pure (no database): age, occupation and skill level within the
track's range, the employer inside the organiser's subtree, and team composition.

Each check takes plain facts (objects with the named attributes) and raises a
ValidationError on the field it concerns; the self-service page, the Excel import and
the API call the same functions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def age_on(birth: date, day: date) -> int:
    """Whole years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _level_label(level: int | None) -> str:
    from jiangxin.people.enums import SkillLevel

    return str(SkillLevel(level).label) if level else _("none")


def eligibility_check(track, worker, *, on: date, organiser_path: str, employer_path: str) -> None:
    """The worker may enter the track: every rule that fails, each on its field.

    `track`: min_age, max_age, occupation, min_level, max_level; `worker`: birth_date,
    occupation, skill_level; `on`: the day ages are counted on (the registration
    deadline); `employer_path`: the worker's employer, inside `organiser_path`."""
    errors: dict[str, str] = {}
    if not employer_path.startswith(organiser_path):
        errors["employer"] = _("The employer is outside the organiser's area.")
    age = age_on(worker.birth_date, on)
    if track.min_age is not None and age < track.min_age:
        errors["age"] = _("Aged %(age)d on %(day)s; the track needs at least %(min)d.") % {
            "age": age,
            "day": on.isoformat(),
            "min": track.min_age,
        }
    elif track.max_age is not None and age > track.max_age:
        errors["age"] = _("Aged %(age)d on %(day)s; the track takes at most %(max)d.") % {
            "age": age,
            "day": on.isoformat(),
            "max": track.max_age,
        }
    if track.occupation and (worker.occupation or "").strip() != track.occupation:
        errors["occupation"] = _(
            "The occupation in the registry is “%(have)s”; the track is for “%(need)s”."
        ) % {"have": worker.occupation or _("none"), "need": track.occupation}
    level = worker.skill_level
    low, high = track.min_level, track.max_level
    if (low is not None or high is not None) and (
        level is None or (low is not None and level < low) or (high is not None and level > high)
    ):
        errors["skill_level"] = _(
            "The skill level in the registry is %(have)s; the track takes %(low)s to %(high)s."
        ) % {
            "have": _level_label(level),
            "low": _level_label(low) if low else _level_label(1),
            "high": _level_label(high) if high else _level_label(8),
        }
    if errors:
        raise ValidationError(errors)


def track_range_check(track) -> None:
    """A track's own ranges make sense (ages, levels, team size, weights)."""
    errors: dict[str, str] = {}
    if track.min_age is not None and track.max_age is not None and track.min_age > track.max_age:
        errors["max_age"] = _("The maximum age is below the minimum age.")
    if (
        track.min_level is not None
        and track.max_level is not None
        and track.min_level > track.max_level
    ):
        errors["max_level"] = _("The highest skill level is below the lowest.")
    if track.mode == "team" and track.team_size < 2:
        errors["team_size"] = _("A team has at least 2 members.")
    if track.mode == "individual" and track.team_size != 1:
        errors["team_size"] = _("An individual track has a team size of 1.")
    if track.theory_weight + track.practical_weight != 100:
        errors["practical_weight"] = _("The theory and practical weights must add up to 100.")
    if errors:
        raise ValidationError(errors)


def team_check(track, *, team_name: str, is_leader: bool, employer_id: int, members: Iterable):
    """A new member fits the team: `members` are the team's registrations so far (objects
    with employer_id and is_leader). Individual tracks take no team; a team has at most
    `team_size` members of one employer and one leader, and a full team has its leader."""
    if track.mode != "team":
        if team_name or is_leader:
            raise ValidationError(
                {"team_name": _("This is an individual track: leave the team empty.")}
            )
        return
    if not team_name:
        raise ValidationError({"team_name": _("This is a team track: name the team.")})
    members = list(members)
    if len(members) >= track.team_size:
        raise ValidationError(
            {
                "team_name": _("Team “%(team)s” already has its %(n)d members.")
                % {"team": team_name, "n": track.team_size}
            }
        )
    if any(m.employer_id != employer_id for m in members):
        raise ValidationError(
            {"team_name": _("Team “%(team)s” is of another employer.") % {"team": team_name}}
        )
    leaders = sum(1 for m in members if m.is_leader) + (1 if is_leader else 0)
    if leaders > 1:
        raise ValidationError(
            {"is_leader": _("Team “%(team)s” already has a leader.") % {"team": team_name}}
        )
    if len(members) + 1 == track.team_size and leaders == 0:
        raise ValidationError(
            {
                "is_leader": _("Team “%(team)s” is complete without a leader: mark one.")
                % {"team": team_name}
            }
        )


def team_complete_check(track, *, team_name: str, members: Iterable) -> None:
    """Before a team is approved: it has all its members and one leader."""
    if track.mode != "team":
        return
    members = list(members)
    if len(members) != track.team_size or sum(1 for m in members if m.is_leader) != 1:
        raise ValidationError(
            _("Team “%(team)s” has %(n)d of %(size)d members; approve it once it is complete.")
            % {"team": team_name, "n": len(members), "size": track.team_size}
        )
