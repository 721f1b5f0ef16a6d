"""A campaign's stages and an entry's statuses, pure (no database): per state, the steps
allowed and the state each leads to (`jiangxin.core.workflow`).

A campaign: nomination → formal check → expert review → ranking → announcement (公示)
→ published, one step forward at a time; each service names its step.

An entry: nominated (recommended up level by level) → formal check passed or failed
(changeable while the check is open) → ranked → awarded, or withdrawn by an upheld
objection; not recommended when its level's sheet leaves it out. An open objection
freezes the entry (`Entry.frozen`): nothing changes, awards or publishes it until the
objection is decided (`require_unfrozen`). It holds back that entry only: the campaign
is published without it, and it is awarded (or withdrawn) when its objections are
decided."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiangxin.core.workflow import TransitionError, Workflow

from ..enums import EntryStatus, ObjectionStatus, ScorecardStatus, Stage

ORDER: tuple[str, ...] = (
    Stage.NOMINATION,
    Stage.FORMAL_CHECK,
    Stage.EXPERT_REVIEW,
    Stage.RANKING,
    Stage.ANNOUNCEMENT,
    Stage.PUBLISHED,
)

CAMPAIGN = Workflow(
    states=Stage,
    table={
        Stage.NOMINATION: {
            "quotas": Stage.NOMINATION,
            "nominate": Stage.NOMINATION,
            "recommend": Stage.NOMINATION,
            "panels": Stage.NOMINATION,
            "open_formal_check": Stage.FORMAL_CHECK,
        },
        Stage.FORMAL_CHECK: {
            "check": Stage.FORMAL_CHECK,
            "panels": Stage.FORMAL_CHECK,
            "open_review": Stage.EXPERT_REVIEW,
        },
        Stage.EXPERT_REVIEW: {
            "panels": Stage.EXPERT_REVIEW,
            "assign_experts": Stage.EXPERT_REVIEW,
            "score": Stage.EXPERT_REVIEW,
            "close_review": Stage.RANKING,
        },
        Stage.RANKING: {"announce": Stage.ANNOUNCEMENT},
        Stage.ANNOUNCEMENT: {
            "decide_objection": Stage.ANNOUNCEMENT,
            "publish": Stage.PUBLISHED,
        },
        # An entry held back by an objection is decided after the publication.
        Stage.PUBLISHED: {"decide_objection": Stage.PUBLISHED},
    },
    refused=gettext_lazy(
        "This step needs the campaign to be in: %(allowed)s (it is in %(current)s)."
    ),
)

E = EntryStatus
_CHECK = frozenset({E.CHECK_PASSED, E.CHECK_FAILED})

ENTRY = Workflow(
    states=E,
    table={
        E.NOMINATED: {
            "recommend": E.NOMINATED,
            "not_recommend": E.NOT_RECOMMENDED,
            "check": _CHECK,
        },
        E.CHECK_PASSED: {"check": _CHECK, "rank": E.RANKED},
        E.CHECK_FAILED: {"check": _CHECK},
        E.RANKED: {"rank": E.RANKED, "withdraw": E.WITHDRAWN, "award": E.AWARDED},
        E.NOT_RECOMMENDED: {},
        E.WITHDRAWN: {},
        E.AWARDED: {},
    },
    refused=gettext_lazy("This step is not possible for an entry that is “%(current)s”."),
    refusals={"check": gettext_lazy("This nomination has not reached the formal check.")},
)

SCORECARD = Workflow(
    states=ScorecardStatus,
    table={
        ScorecardStatus.DRAFT: {"save": ScorecardStatus.DRAFT, "submit": ScorecardStatus.SUBMITTED},
        ScorecardStatus.SUBMITTED: {},
    },
    refused=gettext_lazy("This scorecard has been submitted and can no longer change."),
    refusals={"submit": gettext_lazy("This scorecard has already been submitted.")},
)

Ob = ObjectionStatus
OBJECTION = Workflow(
    states=Ob,
    table={
        Ob.OPEN: {"investigate": Ob.OPEN, "decide": frozenset({Ob.UPHELD, Ob.DISMISSED})},
        Ob.UPHELD: {},
        Ob.DISMISSED: {},
    },
    refused=gettext_lazy("This objection has already been decided."),
    refusals={"investigate": gettext_lazy("This objection has been decided.")},
)


def require_unfrozen(*entries) -> None:
    """Refuse to change, award or publish an entry frozen by an open objection."""
    frozen = [e for e in entries if e.frozen]
    if frozen:
        raise TransitionError(
            _("%(entries)s: an objection is open; decide it first.")
            % {"entries": "、".join(e.display_name or e.title for e in frozen)}
        )
