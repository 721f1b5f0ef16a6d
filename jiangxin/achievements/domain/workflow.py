"""The lifecycles of an achievement and of a patent, pure (no database): per state, the
actions allowed and the state each leads to (`jiangxin.core.workflow`).

An achievement:  draft ──submit──▶ submitted ──accept──▶ accepted
                   ▲ └──withdraw──┘     ▲ └──reopen──┘
A patent:        applied ──grant──▶ granted ──lapse──▶ lapsed
                    │ └──────────lapse───────────▲   (an application withdrawn)
                    └──reject──▶ rejected

Lapsed and rejected are final. Each patent step has its own service (`patent_grant`,
`patent_reject`, `patent_lapse`); `achievement_transition` takes the target status. Who
may take which step is `jiangxin.achievements.access`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiangxin.core.workflow import TransitionError, Workflow

from ..enums import AchievementStatus, PatentStatus

A = AchievementStatus
P = PatentStatus

ACHIEVEMENT = Workflow(
    states=A,
    table={
        A.DRAFT: {"submit": A.SUBMITTED, "edit": A.DRAFT},
        A.SUBMITTED: {
            "withdraw": A.DRAFT,
            "accept": A.ACCEPTED,
            "edit": A.SUBMITTED,
            "certify_benefit": A.SUBMITTED,
        },
        A.ACCEPTED: {"reopen": A.SUBMITTED, "edit": A.ACCEPTED, "certify_benefit": A.ACCEPTED},
    },
    refused=_("An achievement that is “%(old)s” cannot become “%(new)s”."),
    refusals={
        "certify_benefit": _("The achievement is still a draft; it must be submitted first."),
    },
    field="status",
)

PATENT = Workflow(
    states=P,
    table={
        P.APPLIED: {"grant": P.GRANTED, "reject": P.REJECTED, "lapse": P.LAPSED},
        P.GRANTED: {"lapse": P.LAPSED},
        P.LAPSED: {},
        P.REJECTED: {},
    },
    refused=_("A patent that is %(old)s cannot become %(new)s."),
    final=_("The patent is already %(old)s; its status can no longer change."),
    field="status",
)

__all__ = ["ACHIEVEMENT", "PATENT", "TransitionError"]
