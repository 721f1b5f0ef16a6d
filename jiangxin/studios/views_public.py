"""The public showcase (no login): named studios and the craftsmen who agreed to a
public profile. Nothing here shows an ID number, a mobile number or an unnamed studio."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from jiangxin.core.db_router import replica_reads

from . import selectors
from .enums import StudioLevel


@require_GET
@replica_reads
def showcase_studio_list_view(request):
    q = request.GET.get("q", "").strip()
    level = request.GET.get("level", "")
    page = selectors.showcase_studio_list(q=q, level=level, cursor=request.GET.get("cursor"))
    template = (
        "studios/_showcase_rows.html"
        if request.htmx and request.htmx.target == "showcase-results"
        else "studios/showcase_list.html"
    )
    return render(
        request, template, {"page": page, "q": q, "level": level, "levels": StudioLevel.choices}
    )


@require_GET
def showcase_studio_detail_view(request, pk: int):
    studio = selectors.showcase_studio_get(pk)
    return render(request, "studios/showcase_detail.html", {"studio": studio})


@require_GET
def showcase_craftsman_view(request, worker_pk: int):
    worker = selectors.showcase_craftsman_get(worker_pk)
    return render(request, "studios/showcase_craftsman.html", {"worker": worker})
