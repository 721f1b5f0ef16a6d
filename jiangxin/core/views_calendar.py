"""The official calendar's pages: a year's holidays and make-up working days (everyone
logged in reads them), and the edits of the federation admins who keep it."""

import datetime
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .calendar import calendar_runs_out, calendar_warnings
from .forms_calendar import DayRemoveForm, OfficialDayForm, YearForm
from .forms_htmx import action_run, form_submit
from .models_calendar import OfficialDay
from .selectors import official_year_detail
from .services_calendar import (
    can_edit_calendar,
    official_day_remove,
    official_day_set,
    official_year_confirm,
    official_year_unconfirm,
)


def _year_of(request) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    try:
        year = int(raw)
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _year_url(year: int) -> str:
    return f"{reverse('core:calendar')}?year={year}"


@login_required
@require_http_methods(["GET", "POST"])
def calendar_view(request):
    """A year of the calendar; POST adds or changes a day (editors only)."""
    year = _year_of(request)
    editor = can_edit_calendar(request.user)
    form = OfficialDayForm(request.POST or None, initial={"kind": "holiday"})
    if request.method == "POST":
        if not editor:
            raise Http404
        if done := form_submit(
            request,
            form,
            partial(official_day_set, actor=request.user),
            done=lambda day: _("%(day)s saved.") % {"day": day},
        ):
            return redirect(_year_url(done.result.date.year))
    today = timezone.localdate()
    detail = official_year_detail(year)
    return render(
        request,
        "core/calendar.html",
        {
            **detail,
            "form": form,
            "editor": editor,
            "warnings": calendar_warnings(datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
            "runs_out": calendar_runs_out(today),
            "previous": year - 1 if year > 2000 else None,
            "next": year + 1 if year < 2100 else None,
        },
    )


@login_required
@require_POST
def calendar_day_remove_view(request):
    if not can_edit_calendar(request.user):
        raise Http404
    form = DayRemoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    day = OfficialDay.objects.filter(date=form.cleaned_data["date"]).first()
    if day is None:
        raise Http404
    official_day_remove(actor=request.user, day=day)
    messages.success(request, _("%(day)s removed.") % {"day": day})
    return redirect(_year_url(day.date.year))


@login_required
@require_POST
def calendar_year_confirm_view(request):
    if not can_edit_calendar(request.user):
        raise Http404
    form = YearForm(request.POST)
    if not form.is_valid():
        raise Http404
    year = form.cleaned_data["year"]
    if request.POST.get("action") == "reopen":
        action = official_year_unconfirm
        done = _("%(year)d is open for changes again.") % {"year": year}
    else:
        action = official_year_confirm
        done = _("The official calendar for %(year)d is confirmed.") % {"year": year}
    action_run(request, action, actor=request.user, year=year, done=done)
    return redirect(_year_url(year))
