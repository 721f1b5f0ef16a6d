from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jiangxin.core.access import user_scope
from jiangxin.core.db_router import replica_reads
from jiangxin.core.forms_htmx import form_submit, inline_validation_response, org_picked_in_scope
from jiangxin.core.roles import Perm

from . import selectors, services
from .enums import OrgKind
from .forms import OrgForm, OrgMoveForm
from .perms import OrgPerm


@login_required
@replica_reads
def org_list_view(request):
    scope = user_scope(request.user)
    if not scope.has(OrgPerm.VIEW):
        raise Http404
    parent = None
    if parent_id := request.GET.get("parent"):
        try:
            parent = selectors.org_get(request.user, int(parent_id))
        except ValueError as exc:
            raise Http404 from exc
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    page = selectors.org_list(
        request.user, parent=parent, q=q, kind=kind, cursor=request.GET.get("cursor")
    )
    context = {
        "page": page,
        "parent": parent,
        "breadcrumb": selectors.org_ancestors(request.user, parent) if parent else [],
        "q": q,
        "kind": kind,
        "kinds": OrgKind.choices,
        "can_manage": scope.has(OrgPerm.MANAGE),
        "can_export": scope.has(Perm.DATA_EXPORT),
        "can_import": scope.has(Perm.DATA_IMPORT) and scope.has(OrgPerm.MANAGE),
    }
    template = (
        "orgs/_org_rows.html"
        if request.htmx and request.htmx.target == "org-results"
        else "orgs/org_list.html"
    )
    return render(request, template, context)


@login_required
def org_detail_view(request, pk: int):
    org = selectors.org_get(request.user, pk)
    scope = user_scope(request.user)
    children = selectors.org_list(request.user, parent=org, size=20)
    return render(
        request,
        "orgs/org_detail.html",
        {
            "org": org,
            "breadcrumb": selectors.org_ancestors(request.user, org),
            "children": children,
            "can_manage": scope.has(OrgPerm.MANAGE),
            "can_move": scope.has(OrgPerm.MOVE) and org.path not in scope.paths,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def org_create_view(request, parent_pk: int):
    parent = selectors.org_get(request.user, parent_pk)
    if not user_scope(request.user).has(OrgPerm.MANAGE):
        raise Http404
    form = OrgForm(request.POST or None)
    if request.method == "POST":
        if field := request.GET.get("validate"):
            return inline_validation_response(form, field)
        if done := form_submit(
            request,
            form,
            partial(services.org_create, actor=request.user, parent=parent),
            done=lambda org: _("Organisation “%(name)s” created.") % {"name": org.name},
        ):
            return redirect(done.result.get_absolute_url())
    return render(
        request,
        "orgs/org_form.html",
        {
            "form": form,
            "parent": parent,
            "breadcrumb": selectors.org_ancestors(request.user, parent) + [parent],
            "title": _("New organisation under %(name)s") % {"name": parent.name},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def org_edit_view(request, pk: int):
    org = selectors.org_get(request.user, pk)
    if not user_scope(request.user).has(OrgPerm.MANAGE):
        raise Http404
    form = OrgForm(request.POST or None, instance=org)
    if request.method == "POST":
        if field := request.GET.get("validate"):
            return inline_validation_response(form, field)
        update = partial(services.org_update, actor=request.user, org=org)
        if done := form_submit(request, form, update, done=_("Changes saved.")):
            return redirect(done.result.get_absolute_url())
    return render(
        request,
        "orgs/org_form.html",
        {
            "form": form,
            "org": org,
            "breadcrumb": selectors.org_ancestors(request.user, org),
            "title": _("Edit %(name)s") % {"name": org.name},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def org_move_view(request, pk: int):
    org = selectors.org_get(request.user, pk)
    if not user_scope(request.user).has(OrgPerm.MOVE):
        raise Http404
    form = OrgMoveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        target = org_picked_in_scope(form, "new_parent", partial(selectors.org_get, request.user))
        move = partial(services.org_move, actor=request.user, org=org)
        if target and form_submit(
            request,
            form,
            lambda **_data: move(new_parent=target),
            done=_("“%(name)s” and everything under it moved to “%(target)s”.")
            % {"name": org.name, "target": target.name},
        ):
            return redirect(org.get_absolute_url())
    return render(
        request,
        "orgs/org_move.html",
        {
            "form": form,
            "org": org,
            "breadcrumb": selectors.org_ancestors(request.user, org),
            "candidates": selectors.org_list(request.user, q=request.GET.get("q", ""), size=20)
            if request.GET.get("q")
            else None,
        },
    )


@login_required
@replica_reads
def org_export_view(request):
    from jiangxin.core.exports import xlsx_stream_response

    parent = None
    if parent_id := request.GET.get("parent"):
        try:
            parent = selectors.org_get(request.user, int(parent_id))
        except ValueError as exc:
            raise Http404 from exc
    rows = selectors.org_export_rows(
        request.user,
        parent=parent,
        q=request.GET.get("q", "").strip(),
        kind=request.GET.get("kind", ""),
    )
    return xlsx_stream_response(request, rows, filename="orgs.xlsx", kind="orgs")
