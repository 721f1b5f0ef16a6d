"""The campaign's stages in order, and which step may follow which (pure)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..enums import Stage

ORDER: tuple[str, ...] = (
    Stage.NOMINATION,
    Stage.FORMAL_CHECK,
    Stage.EXPERT_REVIEW,
    Stage.RANKING,
    Stage.ANNOUNCEMENT,
    Stage.PUBLISHED,
)


class StageError(Exception):
    """A step asked for in the wrong stage (the message says which stage it needs)."""


def stage_index(stage: str) -> int:
    return ORDER.index(stage)


def next_stage(stage: str) -> str | None:
    i = stage_index(stage)
    return ORDER[i + 1] if i + 1 < len(ORDER) else None


def require_stage(current: str, *allowed: str) -> None:
    if current not in allowed:
        names = ", ".join(str(Stage(s).label) for s in allowed)
        raise StageError(
            _("This step needs the campaign to be in: %(allowed)s (it is in %(current)s).")
            % {"allowed": names, "current": Stage(current).label}
        )


def require_advance(current: str, target: str) -> None:
    """Only one step forward at a time."""
    if next_stage(current) != target:
        raise StageError(
            _("A campaign in %(current)s cannot move to %(target)s.")
            % {"current": Stage(current).label, "target": Stage(target).label}
        )
