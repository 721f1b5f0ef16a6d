"""A studio's lifecycle, pure (no database): per status, the actions allowed and the
status each leads to (`jiangxin.core.workflow`).

    draft/returned ──resubmit──▶ submitted ──review──▶ under review (next stage) ─┐
          ▲                          │  └─────────────────────────┬───────────────┘
          └──────review (return)─────┴──◀──────────────────────────┤
                                               announced (公示) ◀──┘ (last stage)
                                                   │ name
                                                   ▼
                                      named ──report / assess──▶ named
    any status but revoked ──revoke──▶ revoked (final)

The review path (which stage follows which, and who reviews it) is
`jiangxin.studios.workflow`; who may take a step is `jiangxin.studios.access`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiangxin.core.workflow import Workflow

from ..enums import StudioStatus

S = StudioStatus

_ALWAYS = {"revoke": S.REVOKED}
_IN_REVIEW = {
    "review": frozenset({S.UNDER_REVIEW, S.ANNOUNCED, S.RETURNED}),
    "announce": S.ANNOUNCED,  # in a selection campaign's announcement instead
}

STUDIO = Workflow(
    states=S,
    table={
        S.DRAFT: {"resubmit": S.SUBMITTED, "members": S.DRAFT, **_ALWAYS},
        S.RETURNED: {"resubmit": S.SUBMITTED, "members": S.RETURNED, **_ALWAYS},
        S.SUBMITTED: {**_IN_REVIEW, "members": S.SUBMITTED, **_ALWAYS},
        S.UNDER_REVIEW: {**_IN_REVIEW, "members": S.UNDER_REVIEW, **_ALWAYS},
        S.ANNOUNCED: {
            "name": S.NAMED,
            "announce": S.ANNOUNCED,
            "withdraw_announcement": S.RETURNED,
            "members": S.ANNOUNCED,
            **_ALWAYS,
        },
        S.NAMED: {"report": S.NAMED, "assess": S.NAMED, "members": S.NAMED, **_ALWAYS},
        S.REVOKED: {},
    },
    refused=_("This step is not possible while the studio is “%(current)s”."),
    refusals={
        "resubmit": _("Only a draft or a returned studio can be submitted."),
        "review": _("This studio is not waiting for a review."),
        "announce": _("Only a studio in review can be announced."),
        "withdraw_announcement": _(
            "Only an announced studio can be withdrawn from the announcement."
        ),
        "name": _("Only an announced studio can be named."),
        "report": _("Only a named studio reports its quarters."),
        ("assess", S.REVOKED): _("A revoked studio is not assessed."),
        "assess": _("Only a named studio is assessed."),
        "members": _("A revoked studio takes no new members."),
        "revoke": _("This studio has already been revoked."),
    },
)
