"""Where a studio's announcement (公示) is posted: the platform's one announcement board.

The board (public list, objections under a real name or a unit's seal, investigation
record, outcome) belongs to `jiangxin.selection`, which sits above studios; it registers
itself here with `announcement_board_register` (see `jiangxin.selection.studio_board`). A
studio whose final stage approves it is posted on the board as a one-entry studio-naming
campaign; an open objection holds back its naming, an upheld one withdraws it
(`studio_withdraw_from_announcement`), and naming it closes the announcement.

Without a board (selection not installed) the studio still gets its period of working days
on the official calendar, without public objections.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from .workflow import ANNOUNCEMENT_WORKDAYS, announcement_end


@dataclass(frozen=True)
class Posting:
    ends_on: date
    public_url: str = ""


class AnnouncementBoard(Protocol):
    def post(self, *, actor, studio, starts_on: date, workdays: int) -> Posting:
        """Open the studio's announcement from `starts_on` for `workdays` working days."""

    def open_objections(self, studio) -> int:
        """How many objections to the studio are waiting for a decision."""

    def close(self, *, actor, studio) -> None:
        """The studio is named: its announcement is over and its result published."""

    def links(self, studio) -> dict[str, str]:
        """URLs of the studio's announcement: "public" (anyone) and "manage" (staff)."""


_board: AnnouncementBoard | None = None


def announcement_board_register(board: AnnouncementBoard | None) -> None:
    global _board
    _board = board


def announcement_board() -> AnnouncementBoard | None:
    return _board


def studio_post(*, actor, studio, starts_on: date) -> Posting:
    if _board is None:
        return Posting(ends_on=announcement_end(starts_on))
    return _board.post(
        actor=actor, studio=studio, starts_on=starts_on, workdays=ANNOUNCEMENT_WORKDAYS
    )


def studio_open_objections(studio) -> int:
    return _board.open_objections(studio) if _board is not None else 0


def studio_close(*, actor, studio) -> None:
    if _board is not None:
        _board.close(actor=actor, studio=studio)


def studio_announcement_links(studio) -> dict[str, str]:
    return _board.links(studio) if _board is not None else {}
