"""Excel import of innovation achievements (an enterprise union's yearly list): one row per
achievement with up to three completers by resident ID number (looked up in bulk through
the blind index), an optional studio, the benefit claimed for one or several years and
any number of patents, of any office (the cell formats are in `import_cells`). All rows
or none are written. Re-importing a file changes nothing: an achievement is identified
by (enterprise, title)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiangxin.core.access import scoped, user_scope
from jiangxin.core.import_cells import (
    credit_code_column,
    parse_date,
    parse_year,
    resident_id_column,
)
from jiangxin.core.imports import Column, ImportChanged, ImportSpec
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org
from jiangxin.people.crypto import pii_blind_index
from jiangxin.people.models import Worker

from .enums import AchievementKind, AchievementStatus
from .import_cells import parse_benefit, parse_patents
from .models import Achievement, Patent
from .perms import AchievementPerm
from .services.bulk import AchievementIn, achievement_in_errors, achievements_bulk_create

COMPLETER_COLUMNS = ("completer_1", "completer_2", "completer_3")
# The service's fields that the file names in a column of its own.
COLUMN_OF = {"completers": "completer_1", "started_on": "completed_on"}


def _id_column(key: str, zh: str, en: str, required: bool) -> Column:
    return resident_id_column(
        key,
        zh,
        en,
        required=required,
        note=gettext_lazy("18 characters; the worker must be registered first."),
    )


class AchievementImport(ImportSpec):
    name = "achievements.achievements"
    title = gettext_lazy("Innovation achievements")
    key = ""  # (enterprise, title): checked in `check`
    perm = AchievementPerm.MANAGE
    sheet_name = "achievements"
    columns = [
        Column("title", "成果名称", "Title", width=36),
        Column("kind", "成果类别", "Kind", choices=list(AchievementKind.choices), width=24),
        credit_code_column("enterprise", "单位统一社会信用代码", "Enterprise credit code"),
        _id_column("completer_1", "第一完成人身份证号", "First completer resident ID", True),
        _id_column("completer_2", "第二完成人身份证号", "Second completer resident ID", False),
        _id_column("completer_3", "第三完成人身份证号", "Third completer resident ID", False),
        Column(
            "studio",
            "创新工作室",
            "Studio name",
            required=False,
            width=24,
            note=gettext_lazy("A studio hosted by the enterprise, if any."),
        ),
        Column("completed_on", "完成日期", "Completed on", required=False, parse=parse_date),
        Column(
            "claimed_yuan",
            "申报效益（元）",
            "Claimed benefit (yuan)",
            required=False,
            parse=parse_benefit,
            width=26,
            note=gettext_lazy(
                "The amount in yuan for the year in the next column, e.g. 120000; or several "
                "years in this cell, year:amount separated by ；, e.g. 2024:120000；2025:80000 "
                "(then leave the year empty)."
            ),
        ),
        Column(
            "year",
            "效益年度",
            "Benefit year",
            required=False,
            parse=parse_year,
            note=gettext_lazy("The year of the amount, e.g. 2024."),
        ),
        Column(
            "patent",
            "专利申请号",
            "Patent application number",  # the header of earlier templates: still matched
            required=False,
            parse=parse_patents,
            width=30,
            note=gettext_lazy(
                "One or several, separated by ；. Chinese numbers with their check digit, "
                "e.g. 202310123456.6; international and foreign ones with their office first: "
                "PCT/CN2024/123456, US17/123,456, EP21812345.3, JP特願2020-123456, or another "
                "office's number as written (its type in brackets, e.g. KR10-2020-0123456"
                "（发明）)."
            ),
        ),
    ]

    column_keys = frozenset(c.key for c in columns)

    def begin(self, actor):
        return {
            "seen": set(),  # (enterprise, title) of the rows so far
            "seen_patents": set(),
            "scope": user_scope(actor),
            "today": timezone.localdate(),
            "written": {"benefit_entries": 0, "patents": 0},
        }

    def prepare(self, actor, rows, state):
        codes = {r["enterprise"] for r in rows}
        enterprises = {
            o.uscc: o
            for o in scoped(Org.objects.all(), actor, None).filter(
                uscc__in=codes, kind=OrgKind.ENTERPRISE
            )
        }
        hashes = {pii_blind_index(r[c]) for r in rows for c in COMPLETER_COLUMNS if r.get(c)}
        workers: dict[str, Worker] = {}
        hash_list = list(hashes)
        for start in range(0, len(hash_list), 5000):
            for w in scoped(
                Worker.objects.filter(id_hash__in=hash_list[start : start + 5000]),
                actor,
                "employer",
            ).select_related("employer"):
                workers[w.id_hash] = w
        studios: dict[str, list] = {}
        names = {r["studio"] for r in rows if r.get("studio")}
        if names:
            from jiangxin.studios.models import Studio

            for s in (
                scoped(Studio.objects.select_related("host"), actor, "host")
                .filter(name__in=names)
                .exclude(status="revoked")
            ):
                studios.setdefault(s.name, []).append(s)
        titles = {r["title"] for r in rows}
        existing = set(
            Achievement.objects.filter(
                enterprise__in=list(enterprises.values()), title__in=titles
            ).values_list("enterprise_id", "title")
        )
        numbers = {p.number for r in rows for p in r.get("patent") or []}
        patents = set(
            Patent.objects.filter(application_number__in=numbers).values_list(
                "office", "application_number"
            )
        )
        return {
            "enterprises": enterprises,
            "workers": workers,
            "studios": studios,
            "existing": existing,
            "patents": patents,
        }

    def check(self, actor, row, ctx):
        errors: dict[str, str] = {}
        enterprise = ctx["enterprises"].get(row["enterprise"])
        if enterprise is None:
            raise ValidationError(
                {"enterprise": _("No enterprise with this credit code in your scope.")}
            )
        title = row["title"].strip()
        key = (enterprise.pk, title)
        if key in ctx["seen"]:
            raise ValidationError(
                {"title": _("The same enterprise and title appear twice in this file.")}
            )
        ctx["seen"].add(key)
        if key in ctx["existing"]:
            return "unchanged"
        completers: list[Worker] = []
        for column in COMPLETER_COLUMNS:
            if not row.get(column):
                continue
            worker = ctx["workers"].get(pii_blind_index(row[column]))
            if worker is None:
                errors[column] = _(
                    "No worker with this ID number in your scope; import the worker first."
                )
            elif worker in completers:
                errors[column] = _("The same worker is named twice as a completer.")
            else:
                completers.append(worker)
        studio = None
        if row.get("studio"):
            found = [
                s
                for s in ctx["studios"].get(row["studio"], [])
                if s.host.path.startswith(enterprise.path)
            ]
            if len(found) != 1:
                errors["studio"] = _("No studio named “%(name)s” hosted by %(enterprise)s.") % {
                    "name": row["studio"],
                    "enterprise": enterprise.name,
                }
            else:
                studio = found[0]
        benefit = row.get("claimed_yuan") or []
        if any(year is None for year, _amount in benefit):
            if row.get("year") is None:
                errors["year"] = _("Give the claimed benefit together with its year.")
            else:
                benefit = [(row["year"], amount) for _y, amount in benefit]
        elif row.get("year") is not None:
            errors["year"] = (
                _("The years are given with the amounts; leave this column empty.")
                if benefit
                else _("Give the claimed benefit together with its year.")
            )
        clashes = []
        for p in row.get("patent") or []:
            key = (p.office, p.number)
            if key in ctx["seen_patents"]:
                clashes.append(_("%(number)s appears twice in this file.") % {"number": p.number})
            elif key in ctx["patents"]:
                clashes.append(_("%(number)s is already recorded.") % {"number": p.number})
            ctx["seen_patents"].add(key)
        if clashes:
            errors["patent"] = " ".join(clashes)
        achievement = Achievement(
            title=title,
            kind=row["kind"],
            enterprise=enterprise,
            studio=studio,
            completed_on=row.get("completed_on"),
            status=AchievementStatus.SUBMITTED,
            created_by=actor,
        )
        item = AchievementIn(
            achievement=achievement,
            completers=completers,
            benefits=[(year, amount) for year, amount in benefit if year is not None],
            patents=[(p.office, p.number, p.patent_type) for p in row.get("patent") or []],
        )
        for key, messages in achievement_in_errors(ctx["scope"], item, ctx["today"]).items():
            column = COLUMN_OF.get(key, key if key in self.column_keys else "__all__")
            errors.setdefault(column, " ".join(messages))
        if errors:
            raise ValidationError(errors)
        row["item"] = item
        return "new"

    def write(self, actor, rows, ctx):
        # (enterprise, title) is no database constraint: look again inside the write's
        # transaction, so one entered meanwhile is not doubled (the file is then validated
        # again, and that row counts as unchanged).
        items = [r["item"].achievement for r in rows]
        taken = set(
            Achievement.objects.filter(
                enterprise_id__in={a.enterprise_id for a in items},
                title__in={a.title for a in items},
            ).values_list("enterprise_id", "title")
        )
        if any((a.enterprise_id, a.title) in taken for a in items):
            raise ImportChanged
        # The file's one audit event is the import's own (`import.achievements.achievements`).
        counts = achievements_bulk_create(actor=actor, items=[r["item"] for r in rows], audit=False)
        for key in ("benefit_entries", "patents"):
            ctx["written"][key] += counts[key]
        return counts["created"]

    def summary(self, state):
        return dict(state["written"])
