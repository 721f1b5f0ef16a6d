from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render

from .access import user_scope
from .db_router import replica_reads
from .roles import Perm
from .selectors import audit_export_rows, audit_list


@login_required
def home(request):
    from .todo import todo_items

    return render(
        request,
        "core/home.html",
        {"scope": user_scope(request.user), "todo": todo_items(request.user)},
    )


def bad_request(request, exception=None):
    """The 400 page; a BadRequest raised by our own code says what was wrong (a filter's
    date, a damaged cursor). Other causes (SuspiciousOperation) stay unexplained."""
    from django.core.exceptions import BadRequest

    message = str(exception) if type(exception) is BadRequest else ""
    return render(request, "400.html", {"message": message}, status=400)


def healthz(request):
    return JsonResponse({"status": "ok"})


def _audit_filters(request) -> dict:
    return {
        key: request.GET.get(key, "").strip()
        for key in ("username", "action", "result", "date_from", "date_to", "object_type")
    }


@login_required
@replica_reads
def audit_list_view(request):
    if not user_scope(request.user).has(Perm.AUDIT_VIEW):
        raise Http404
    filters = _audit_filters(request)
    page = audit_list(request.user, cursor=request.GET.get("cursor"), **filters)
    template = "core/_audit_rows.html" if request.htmx else "core/audit_list.html"
    from .audit_actions import audit_action_choices

    context = {"page": page, "filters": filters, "action_choices": audit_action_choices()}
    return render(request, template, context)


@login_required
@replica_reads
def audit_export_view(request):
    from .exports import xlsx_stream_response

    filters = _audit_filters(request)
    rows = audit_export_rows(request.user, **filters)
    return xlsx_stream_response(
        request, rows, filename="audit.xlsx", kind="audit", perm=Perm.AUDIT_VIEW
    )
