"""Selection campaigns, the expert's own scorecards, and the public announcement (no
token needed: it is public by design). Nominating goes through
jiangxin.selection.services, like the nomination page."""

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import model_validator

from jiangxin.accounts.api import write
from jiangxin.core.access import scoped
from jiangxin.core.api import WRITE_ERRORS, ApiIn, Id, IdPath, api_fields
from jiangxin.core.documents import verify_url
from jiangxin.people.api_refs import WorkerRef, worker_resolve

from . import selectors, services
from .services.announcements import announcement_is_open
from .subjects import adapter_for

router = Router(tags=["selection"])


class CampaignOut(Schema):
    id: int
    title: str
    year: int
    subject_kind: str
    stage: str
    organiser_id: int
    organiser: str
    blind: bool
    aggregation: str
    normalisation: str
    decision_number: str

    @staticmethod
    def resolve_organiser_id(obj) -> int:
        return obj.org_id

    @staticmethod
    def resolve_organiser(obj) -> str:
        return obj.org.name


class CampaignPage(Schema):
    items: list[CampaignOut]
    next_cursor: str | None


class TierOut(Schema):
    position: int
    name: str
    quota: int


class CriterionOut(Schema):
    code: str
    name: str
    weight: int
    max_score: int


class CampaignDetailOut(CampaignOut):
    tiers: list[TierOut]
    criteria: list[CriterionOut]
    entries_by_status: dict[str, int]

    @staticmethod
    def resolve_tiers(obj) -> list:
        return list(obj.tiers.all())

    @staticmethod
    def resolve_criteria(obj) -> list:
        return list(obj.criteria.all())

    @staticmethod
    def resolve_entries_by_status(obj) -> dict:
        return selectors.campaign_counts(obj)


class ScorecardOut(Schema):
    id: int
    campaign_id: int
    entry: str
    scores: dict
    total: float | None
    version: int
    status: str
    submitted_at: datetime | None

    @staticmethod
    def resolve_entry(obj) -> str:
        return obj.entry.blind_label if obj.campaign.blind else obj.entry.title


class ScorecardPage(Schema):
    items: list[ScorecardOut]
    next_cursor: str | None


class CertificateOut(Schema):
    entry_id: int
    campaign_id: int
    campaign: str
    organiser: str
    decision_number: str
    award: str
    holder: str
    entry: str
    organisation: str
    document_id: UUID
    issued_at: datetime
    revoked: bool
    verify_url: str
    pdf_url: str


class CertificatePage(Schema):
    items: list[CertificateOut]
    next_cursor: str | None


def _certificate(request, e) -> dict:
    doc = e.certificate
    return {
        "entry_id": e.pk,
        "campaign_id": e.campaign_id,
        "campaign": e.campaign.title,
        "organiser": e.campaign.org.name,
        "decision_number": e.campaign.decision_number,
        "award": e.tier.name if e.tier else doc.title,
        "holder": doc.holder_name,
        "entry": e.title,
        "organisation": e.org.name,
        "document_id": doc.uuid,
        "issued_at": doc.issued_at,
        "revoked": doc.is_revoked,
        "verify_url": verify_url(request, doc),
        "pdf_url": request.build_absolute_uri(
            reverse("api:selection_certificates_pdf", args=[e.pk])
        ),
    }


class PublicEntryOut(Schema):
    name: str
    title: str
    organisation: str
    award: str
    frozen: bool


class PublicAnnouncementOut(Schema):
    title: str
    organiser: str
    selection: str
    starts_on: date
    ends_on: date
    workdays: int
    open: bool
    entries: list[PublicEntryOut]


@router.get("/campaigns", response=CampaignPage, summary="Selection campaigns you can see")
def selection_campaigns_list(request, cursor: str | None = None, size: int = 50):
    page = selectors.campaign_list(request.user, cursor=cursor, size=size)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/campaigns/{campaign_id}", response=CampaignDetailOut, summary="One campaign")
def selection_campaigns_detail(request, campaign_id: int = IdPath()):
    return selectors.campaign_get(request.user, campaign_id)


@router.get("/scorecards", response=ScorecardPage, summary="Your scorecards (experts)")
def selection_my_scorecards(request, cursor: str | None = None, size: int = 50):
    page = selectors.my_scorecards(request.user, cursor=cursor, size=size)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/scorecards/{scorecard_id}", response=ScorecardOut, summary="One of your scorecards")
def selection_scorecards_detail(request, scorecard_id: int = IdPath()):
    return selectors.scorecard_get(request.user, scorecard_id)


@router.get(
    "/certificates",
    response=CertificatePage,
    summary="Award certificates you may read",
    description="The certificates of awards in published selections that concern you: your "
    "own (as the nominee or a completer), and those of the organisations in your scope "
    "(the awardee's, an awardee's employer, the organiser).",
)
def selection_certificates_list(request, cursor: str | None = None, size: int = 50):
    page = selectors.certificate_list(request.user, cursor=cursor, size=size)
    return {
        "items": [_certificate(request, e) for e in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get(
    "/certificates/{entry_id}",
    response=CertificateOut,
    summary="One award certificate",
)
def selection_certificates_detail(request, entry_id: int):
    return _certificate(request, selectors.certificate_get(request.user, entry_id))


@router.get(
    "/certificates/{entry_id}/pdf",
    summary="Download an award certificate (PDF, with its QR verification code)",
    openapi_extra={
        "responses": {200: {"description": "The PDF", "content": {"application/pdf": {}}}}
    },
)
def selection_certificates_pdf(request, entry_id: int):
    from .views.certificates import certificate_response

    return certificate_response(request, selectors.certificate_get(request.user, entry_id))


@router.get(
    "/public/announcement",
    response=PublicAnnouncementOut,
    auth=None,
    summary="A public announcement (公示), no token needed",
)
def public_announcement(request, uuid: UUID):
    a = selectors.announcement_public(uuid)
    return {
        "title": a.title,
        "organiser": a.campaign.org.name,
        "selection": a.campaign.title,
        "starts_on": a.starts_on,
        "ends_on": a.ends_on,
        "workdays": a.workdays,
        "open": announcement_is_open(a),
        "entries": [
            {
                "name": e.display_name,
                "title": e.title,
                "organisation": e.org.name,
                "award": e.tier.name,
                "frozen": e.frozen,
            }
            for e in selectors.public_entries(a)
        ],
    }


class NominateIn(ApiIn):
    """The subject: `subject_id` (a worker, achievement or studio id, by the campaign's
    subject kind), or for a campaign that selects workers their `resident_id`."""

    subject_id: Id | None = None
    resident_id: str | None = Field(None, max_length=18)

    @model_validator(mode="after")
    def _one_of(self):
        if (self.subject_id is None) == (self.resident_id is None):
            raise ValueError(_("Give either subject_id or resident_id."))
        return self


class EntryOut(Schema):
    id: int
    campaign_id: int
    subject_kind: str
    subject_id: int
    title: str
    organisation_id: int
    organisation: str
    status: str
    nominated_at: datetime

    @staticmethod
    def resolve_organisation_id(obj) -> int:
        return obj.org_id

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.org.name


@router.post(
    "/campaigns/{campaign_id}/entries",
    response={201: EntryOut, **WRITE_ERRORS},
    summary="Nominate an entry in a selection campaign",
    **write(
        {"subject_id": 345},
        description="Nominates a worker, achievement or studio (by the campaign's subject "
        "kind) in your scope, as the nomination page does: the campaign must be taking "
        "nominations, the subject under its organiser, eligible by its rules and not yet "
        "nominated. Workers may be given by `resident_id` instead.",
    ),
)
def selection_entry_nominate(request, payload: NominateIn, campaign_id: int = IdPath()):
    user = request.user
    campaign = selectors.campaign_get(user, campaign_id)
    adapter = adapter_for(campaign.subject_kind)
    if payload.resident_id is not None:
        if adapter.model_label != "people.Worker":
            raise ValidationError(
                {"resident_id": _("This selection does not select workers; give subject_id.")}
            )
        subject_id = worker_resolve(
            user, WorkerRef(resident_id=payload.resident_id), "resident_id"
        ).pk
    else:
        subject_id = payload.subject_id
        if not scoped(adapter.queryset(), user, adapter.org_field).filter(pk=subject_id).exists():
            raise Http404
    with api_fields(rename={"subject": "subject_id"}):
        entry = services.entry_nominate(actor=user, campaign=campaign, subject_id=subject_id)
    return Status(201, entry)
