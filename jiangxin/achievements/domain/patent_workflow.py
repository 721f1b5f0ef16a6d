"""A patent's lifecycle, pure (no database): which status may follow which.

    applied ──▶ granted ──▶ lapsed
       │  └──────────────────▲      (an application withdrawn or deemed withdrawn)
       └──▶ rejected

Lapsed and rejected are final. Each transition has its own service
(`patent_grant`, `patent_lapse`, `patent_reject`); each calls `require_transition`."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..enums import PatentStatus

TRANSITIONS: dict[str, frozenset[str]] = {
    PatentStatus.APPLIED: frozenset(
        {PatentStatus.GRANTED, PatentStatus.REJECTED, PatentStatus.LAPSED}
    ),
    PatentStatus.GRANTED: frozenset({PatentStatus.LAPSED}),
    PatentStatus.LAPSED: frozenset(),
    PatentStatus.REJECTED: frozenset(),
}


class TransitionError(Exception):
    """A status change the lifecycle does not allow (the message says why)."""


def allowed_next(current: str) -> frozenset[str]:
    return TRANSITIONS.get(current, frozenset())


def require_transition(current: str, target: str) -> None:
    if target in allowed_next(current):
        return
    old, new = PatentStatus(current).label, PatentStatus(target).label
    if not allowed_next(current):
        raise TransitionError(
            _("The patent is already %(old)s; its status can no longer change.") % {"old": old}
        )
    raise TransitionError(
        _("A patent that is %(old)s cannot become %(new)s.") % {"old": old, "new": new}
    )
