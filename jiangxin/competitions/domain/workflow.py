"""A competition's statuses and a registration's, pure (no database): per state, the
steps allowed and the state each leads to (`jiangxin.core.workflow`).

A competition: draft → open for registration → registration closed → marking → results
published. Tracks and stages are edited until marking starts; registrations are taken
while it is open, approved while it is open or closed.

A registration: submitted → approved by the enterprise union → by the organiser (city or
province) → by the committee; each level may reject it (with a reason). Until the
registration deadline it may be withdrawn, or another worker may take its place
(substituted: the new registration keeps the approvals of the place)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jiangxin.core.workflow import Workflow

from ..enums import CompetitionStatus as C
from ..enums import RegistrationStatus as R

COMPETITION = Workflow(
    states=C,
    table={
        C.DRAFT: {"edit": C.DRAFT, "open_registration": C.OPEN},
        C.OPEN: {
            "edit": C.OPEN,
            "register": C.OPEN,
            "approve": C.OPEN,
            "close_registration": C.CLOSED,
        },
        C.CLOSED: {"edit": C.CLOSED, "approve": C.CLOSED, "start_marking": C.MARKING},
        C.MARKING: {"publish_results": C.PUBLISHED},
        C.PUBLISHED: {},
    },
    refused=_("This step is not possible while the competition is “%(current)s”."),
    refusals={
        "register": _("Registration is only possible while the competition is open for it."),
        "approve": _("Registrations are approved while registration is open or just closed."),
        "edit": _("Tracks and stages can no longer be changed once marking has started."),
    },
    final=_("The results are published; the competition can no longer change."),
)

_WAY_OUT = {"reject": R.REJECTED, "withdraw": R.WITHDRAWN, "substitute": R.SUBSTITUTED}

REGISTRATION = Workflow(
    states=R,
    table={
        R.SUBMITTED: {"enterprise_approve": R.ENTERPRISE_APPROVED, **_WAY_OUT},
        R.ENTERPRISE_APPROVED: {"organiser_approve": R.ORGANISER_APPROVED, **_WAY_OUT},
        R.ORGANISER_APPROVED: {"committee_approve": R.COMMITTEE_APPROVED, **_WAY_OUT},
        R.COMMITTEE_APPROVED: {"withdraw": R.WITHDRAWN, "substitute": R.SUBSTITUTED},
        R.REJECTED: {},
        R.WITHDRAWN: {},
        R.SUBSTITUTED: {},
    },
    refused=_("This step is not possible while the registration is “%(current)s”."),
    refusals={
        "reject": _("Only a registration still waiting for approval can be rejected."),
    },
    final=_("This registration is “%(current)s”; it can no longer change."),
)

# The approval step of each waiting status.
APPROVAL_STEP = {
    R.SUBMITTED: "enterprise_approve",
    R.ENTERPRISE_APPROVED: "organiser_approve",
    R.ORGANISER_APPROVED: "committee_approve",
}
