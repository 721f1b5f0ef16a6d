"""The talent passport's studio rows: leadership and membership of named (or once named,
now revoked) studios. One query for any number of workers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jiangxin.people.passport import PassportEntry

from .enums import MemberRole, StudioStatus


def studios_source(workers) -> dict[int, list[PassportEntry]]:
    from .models import StudioMember

    rows = StudioMember.objects.filter(
        worker__in=workers, studio__status__in=[StudioStatus.NAMED, StudioStatus.REVOKED]
    ).select_related("studio__host")
    out: dict[int, list[PassportEntry]] = {}
    for m in rows:
        studio = m.studio
        title = (
            _("Leads %(studio)s") if m.role == MemberRole.LEADER else _("Member of %(studio)s")
        ) % {"studio": studio.name}
        parts = [m.get_role_display(), studio.host.name]
        if studio.named_level:
            parts.append(studio.get_named_level_display())
        if studio.status == StudioStatus.REVOKED:
            parts.append(studio.get_status_display())
        out.setdefault(m.worker_id, []).append(
            PassportEntry(when=m.joined_on, kind="studio", title=title, detail=" · ".join(parts))
        )
    return out
