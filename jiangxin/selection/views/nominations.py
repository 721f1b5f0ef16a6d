from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.core.access import user_scope
from jiangxin.core.db_router import replica_reads
from jiangxin.core.forms_htmx import action_run, form_submit

from .. import selectors, services
from ..access import can_manage
from ..enums import Stage
from ..forms import CheckForm, NominateForm
from ..perms import SelectionPerm
from ..subjects import adapter_for
from ._util import int_or_none


@login_required
@require_http_methods(["GET", "POST"])
def nominate_view(request, pk: int):
    campaign = selectors.campaign_get(request.user, pk)
    if not user_scope(request.user).has(SelectionPerm.NOMINATE):
        raise Http404
    form = NominateForm(
        request.POST or None,
        user=request.user,
        picker_params={"subject": {"campaign": str(campaign.pk)}},
    )
    nominate = partial(services.entry_nominate, actor=request.user, campaign=campaign)
    if form_submit(
        request,
        form,
        lambda subject, **_other: nominate(subject_id=subject.pk),
        done=lambda entry: _("%(title)s nominated.") % {"title": entry.title},
    ):
        return redirect("selection:nominate", pk=campaign.pk)
    q = request.GET.get("q", "").strip()
    adapter = adapter_for(campaign.subject_kind)
    candidates = (
        adapter.search(request.user, q, limit=30) if campaign.stage == Stage.NOMINATION else []
    )
    taken = selectors.active_nominations(campaign, [c.pk for c in candidates])
    return render(
        request,
        "selection/nominate.html",
        {
            "campaign": campaign,
            "form": form,
            "q": q,
            "candidates": [
                (c.pk, adapter.title(c), adapter.org(c), taken.get(c.pk)) for c in candidates
            ],
        },
    )


def _ranked_from_post(post) -> list[int]:
    """rank_<entry id> = 1, 2, 3 … (empty: not recommended) → entry ids best first."""
    pairs = []
    for key, value in post.items():
        if key.startswith("rank_") and value.strip():
            entry_id, rank = int_or_none(key[5:]), int_or_none(value)
            if entry_id is None or rank is None or rank < 1:
                raise ValidationError(
                    {"entries": _("Ranks are whole numbers from 1 (%(value)s).") % {"value": value}}
                )
            pairs.append((rank, entry_id))
    ranks = [r for r, _e in pairs]
    if len(set(ranks)) != len(ranks):
        raise ValidationError({"entries": _("Two entries have the same rank; give each its own.")})
    return [e for _r, e in sorted(pairs)]


@login_required
@require_http_methods(["GET", "POST"])
def sheet_view(request, pk: int):
    campaign = selectors.campaign_get(request.user, pk)
    org = selectors.sheet_org(request.user, campaign, int_or_none(request.GET.get("org")))
    if request.method == "POST" and action_run(
        request,
        lambda: services.sheet_submit(
            actor=request.user,
            campaign=campaign,
            org=org,
            ranked_entry_ids=_ranked_from_post(request.POST),
        ),
        done=_("The recommendation sheet was submitted."),
    ):
        return redirect(f"{request.path}?org={org.pk}")
    quota = selectors.quota_for(campaign, org)
    return render(
        request,
        "selection/sheet.html",
        {
            "campaign": campaign,
            "org": org,
            "quota": quota,
            "waiting": selectors.sheet_waiting(campaign, org),
            "submitted": selectors.sheet_submitted(campaign, org),
            "is_organiser": org.pk == campaign.org_id,
        },
    )


@login_required
@replica_reads
def sheet_export_view(request, pk: int):
    from jiangxin.core.exports import xlsx_stream_response

    campaign = selectors.campaign_get(request.user, pk)
    org = selectors.sheet_org(request.user, campaign, int_or_none(request.GET.get("org")))
    rows = selectors.sheet_export_rows(request.user, campaign, org)
    return xlsx_stream_response(
        request, rows, filename=f"sheet-{campaign.pk}-{org.pk}.xlsx", kind="selection.sheet"
    )


@login_required
def check_list_view(request, pk: int):
    campaign = selectors.campaign_get_managed(request.user, pk)
    return render(
        request,
        "selection/check_list.html",
        {"campaign": campaign, "rows": selectors.check_list(campaign), "form": CheckForm()},
    )


@login_required
@require_POST
def entry_check_view(request, pk: int):
    entry = selectors.entry_get(request.user, pk)
    form = CheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose pass or fail."))
    else:
        action_run(
            request,
            services.entry_formal_check,
            actor=request.user,
            entry=entry,
            **form.cleaned_data,
            done=_("%(title)s: formal check recorded.") % {"title": entry.title},
        )
    return redirect("selection:check_list", pk=entry.campaign_id)


@login_required
def entry_detail_view(request, pk: int):
    entry = selectors.entry_get(request.user, pk)
    return render(
        request,
        "selection/entry_detail.html",
        {
            "entry": entry,
            "campaign": entry.campaign,
            "people": selectors.subject_people(entry),
            "lines": selectors.entry_sheet_lines(entry),
            "manage": can_manage(user_scope(request.user), entry.campaign),
            "certificate": bool(selectors.certificate_readable_ids(request.user, [entry.pk])),
        },
    )
