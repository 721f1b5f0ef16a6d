"""The enterprise union's bulk registration from Excel (tens of thousands of rows): each
row names a track by its code and a person by resident ID number. The person is found
in the registry by blind index, or registered through the people service; then every
rule of a registration is checked (`registration_rules`: once per track, age, occupation
and skill level in range, employer inside the organiser's subtree, team composition). A
bad row rejects the file; a row already registered the same way is unchanged, so
importing the same file again changes nothing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiangxin.core.access import scoped, user_scope
from jiangxin.core.import_cells import parse_yes_no, resident_id_column
from jiangxin.core.imports import Column, ImportSpec
from jiangxin.core.validators import validate_mobile
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org
from jiangxin.people.crypto import pii_blind_index
from jiangxin.people.enums import SkillLevel
from jiangxin.people.perms import PeoplePerm
from jiangxin.people.services import (
    worker_build,
    worker_new_check,
    workers_bulk_create,
    workers_registered,
)

from .access import can_register
from .enums import ENDED, RegistrationSource, RegistrationStatus
from .models import Registration, Track
from .perms import CompetitionPerm
from .selectors import competition_qs
from .services.registrations import registration_rules, registrations_bulk_create

YES_NO = [("是", gettext_lazy("Yes")), ("否", gettext_lazy("No"))]


class RegistrationImport(ImportSpec):
    name = "competitions.registrations"
    title = gettext_lazy("Competition registrations")
    key = ""  # a person once per track: checked in `check` (the key is two columns)
    perm = CompetitionPerm.REGISTER
    sheet_name = "registrations"
    columns = [
        Column(
            "track",
            "赛项代码",
            "Track code",
            width=16,
            note=gettext_lazy("The track's code, as the competition's page shows it."),
        ),
        Column("name", "姓名", "Name", width=10),
        resident_id_column(
            "resident_id",
            "居民身份证号",
            "Resident ID number",
            note=gettext_lazy("18 characters; X in upper case. Stored encrypted."),
        ),
        Column(
            "employer",
            "工作单位",
            "Employer",
            width=28,
            note=gettext_lazy("Name or credit code of the enterprise."),
        ),
        Column(
            "occupation",
            "工种",
            "Occupation",
            required=False,
            note=gettext_lazy("For a person not yet in the registry."),
        ),
        Column(
            "skill_level",
            "技能等级",
            "Skill level",
            required=False,
            choices=[(str(v), label) for v, label in SkillLevel.choices],
            note=gettext_lazy("For a person not yet in the registry."),
        ),
        Column(
            "mobile", "手机号", "Mobile", required=False, validators=[validate_mobile], width=14
        ),
        Column(
            "team_name",
            "队名",
            "Team",
            required=False,
            max_length=60,
            note=gettext_lazy("Team tracks only: the members of a team share its name."),
        ),
        Column(
            "is_leader",
            "领队",
            "Team leader",
            required=False,
            parse=parse_yes_no,
            choices=YES_NO,
            width=10,
        ),
    ]

    def begin(self, actor):
        return {
            "seen": {},  # (track id, id hash) of the rows so far
            "teams": {},  # (track id, employer id, team) → the file's members so far
            "new_workers": {},  # id hash → Worker built by this file
            "scope": user_scope(actor),
            "today": timezone.localdate(),
        }

    def prepare(self, actor, rows, state):
        codes = {r["track"] for r in rows}
        tracks = {
            t.code: t
            for t in Track.objects.filter(
                code__in=codes, competition__in=competition_qs(actor)
            ).select_related("competition__org")
        }
        names = {r["employer"] for r in rows}
        employers: dict[str, list[Org]] = {}
        for org in scoped(Org.objects.all(), actor, None).filter(
            Q(name__in=names) | Q(uscc__in=[n.upper() for n in names]),
            kind__in=[OrgKind.ENTERPRISE, OrgKind.BRANCH],
        ):
            employers.setdefault(org.name, []).append(org)
            if org.uscc:
                employers.setdefault(org.uscc, []).append(org)
        hashes = {pii_blind_index(r["resident_id"]) for r in rows}
        registered = workers_registered(hashes)
        holding = {
            (r.track_id, r.worker_id): r
            for r in Registration.objects.filter(
                track__in=list(tracks.values()), worker__in=[w.pk for w in registered.values()]
            )
            .exclude(status__in=ENDED)
            .select_related("worker")
        }
        team_names = {r["team_name"] for r in rows if r.get("team_name")}
        team_rows: dict[tuple, list] = {}
        if team_names:
            for r in Registration.objects.filter(
                track__in=list(tracks.values()), team_name__in=team_names
            ).exclude(status__in=(*ENDED, RegistrationStatus.REJECTED)):
                team_rows.setdefault((r.track_id, r.employer_id, r.team_name), []).append(r)
        return {
            "tracks": tracks,
            "employers": employers,
            "registered": registered,
            "holding": holding,
            "team_rows": team_rows,
        }

    def _employer(self, row, ctx) -> Org:
        found = ctx["employers"].get(row["employer"]) or ctx["employers"].get(
            row["employer"].upper(), []
        )
        if len(found) != 1:
            message = (
                _("No enterprise named “%(p)s” in your scope.")
                if not found
                else _("Several enterprises are named “%(p)s”; give its credit code.")
            )
            raise ValidationError({"employer": message % {"p": row["employer"]}})
        return found[0]

    def _worker(self, row, ctx, employer):
        """The registered worker, or one built for the registry (not saved yet)."""
        id_hash = pii_blind_index(row["resident_id"])
        worker = ctx["registered"].get(id_hash) or ctx["new_workers"].get(id_hash)
        if worker is not None:
            if worker.employer_id != employer.pk:
                where = (
                    worker.employer.name
                    if ctx["scope"].covers(worker.employer.path)
                    else _("another organisation")
                )
                raise ValidationError(
                    {"employer": _("The registry has this person at %(org)s.") % {"org": where}}
                )
            if worker.name != row["name"]:
                raise ValidationError(
                    {
                        "name": _("The registry has this ID number under the name %(name)s.")
                        % {"name": worker.name}
                    }
                )
            return worker, False
        if not ctx["scope"].has(PeoplePerm.MANAGE):
            raise ValidationError(
                {
                    "resident_id": _(
                        "No worker with this ID number in the registry; register the worker first."
                    )
                }
            )
        worker = worker_build(
            resident_id=row["resident_id"],
            name=row["name"],
            employer=employer,
            occupation=row.get("occupation") or "",
            skill_level=int(row["skill_level"]) if row.get("skill_level") else None,
            mobile=row.get("mobile") or "",
        )
        worker_new_check(ctx["scope"], worker, None)
        return worker, True

    def check(self, actor, row, ctx):
        track = ctx["tracks"].get(row["track"])
        if track is None:
            raise ValidationError(
                {"track": _("No track with the code “%(c)s” in your scope.") % {"c": row["track"]}}
            )
        competition = track.competition
        employer = self._employer(row, ctx)
        if not can_register(ctx["scope"], competition, employer.path, ctx["today"]):
            raise ValidationError(
                {
                    "track": _("“%(c)s” does not take registrations from %(org)s now.")
                    % {"c": competition.title, "org": employer.name}
                }
            )
        worker, new = self._worker(row, ctx, employer)
        key = (track.pk, worker.id_hash)
        if key in ctx["seen"]:
            raise ValidationError(
                {
                    "resident_id": _("%(name)s is entered for this track twice in this file.")
                    % {"name": worker.name}
                }
            )
        ctx["seen"][key] = True
        team_name = (row.get("team_name") or "").strip()
        is_leader = bool(row.get("is_leader"))
        earlier = None if new else ctx["holding"].get((track.pk, worker.pk))
        if (
            earlier is not None
            and earlier.team_name == team_name
            and earlier.is_leader == is_leader
            and earlier.employer_id == employer.pk
        ):
            return "unchanged"
        team_key = (track.pk, employer.pk, team_name)
        in_file = ctx["teams"].setdefault(team_key, [])
        registration_rules(
            track=track,
            competition=competition,
            worker=worker,
            employer=employer,
            team_name=team_name,
            is_leader=is_leader,
            earlier=earlier,
            team=_team(ctx["team_rows"].get(team_key, []), in_file) if team_name else [],
        )
        registration = Registration(
            track=track,
            worker=worker,
            employer=employer,
            team_name=team_name,
            is_leader=is_leader,
            source=RegistrationSource.IMPORT,
            registered_by=actor,
        )
        in_file.append(registration)
        if new:
            ctx["new_workers"][worker.id_hash] = worker
            row["new_worker"] = worker
        row["registration"] = registration
        return "new"

    def write(self, actor, rows, ctx):
        # The file's one audit event is the import's own (`import.competitions.registrations`).
        workers = list({w.id_hash: w for r in rows if (w := r.get("new_worker"))}.values())
        if workers:
            workers_bulk_create(
                actor=actor, workers=workers, registered=ctx["registered"], audit=False
            )
        registrations = [r["registration"] for r in rows]
        for reg in registrations:
            reg.worker_id = reg.worker.pk
        return registrations_bulk_create(actor=actor, registrations=registrations, audit=False)


def _team(saved: list, in_file: list) -> list:
    """The team so far: its registrations in the database and this file's (those of an
    earlier batch are in both once written)."""
    written = {r.pk for r in in_file if r.pk}
    return [*in_file, *(r for r in saved if r.pk not in written)]
