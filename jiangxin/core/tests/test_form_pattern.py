"""One form and error pattern: no view or API module catches a ValidationError itself.

A form view hands its service to `core.forms_htmx.form_submit` (the refusal goes onto the
form, on the field it names); a view without a form to `action_run` (the refusal becomes
messages, each naming its field in words); an API handler lets it rise to the one handler
in `jiangxin/api.py` (422 with the API's error shape). The view and API modules of every
installed jiangxin app are found on disk, so a new module is covered without an edit here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from jiangxin.core.forms_htmx import action_run, form_submit, messages_from, org_picked_in_scope

ROOT = Path(settings.BASE_DIR)

# The helpers themselves: the only places that turn a ValidationError into a response.
ALLOWED = {
    "jiangxin/core/forms_htmx.py",
    "jiangxin/core/errors.py",
    "jiangxin/core/api.py",
    "jiangxin/api.py",
}


def _is_view_or_api(relative: Path) -> bool:
    """views.py, views_*.py, anything under views/; the same for api."""
    for part in (*relative.parts[:-1], relative.stem):
        if part in ("views", "api") or part.startswith(("views_", "api_")):
            return True
    return False


def view_and_api_modules(app_dir: Path) -> list[Path]:
    """The view and API modules of one app directory (its tests and migrations aside)."""
    found = []
    for path in sorted(app_dir.rglob("*.py")):
        relative = path.relative_to(app_dir)
        if relative.parts[0] in ("tests", "migrations"):
            continue
        if _is_view_or_api(relative):
            found.append(path)
    return found


def _installed_modules() -> list[Path]:
    paths = [ROOT / "jiangxin" / "api.py"]
    for config in apps.get_app_configs():
        if config.name.startswith("jiangxin."):
            paths += view_and_api_modules(Path(config.path))
    return paths


def _names_validation_error(node: ast.expr | None, aliases: set[str]) -> bool:
    if node is None:
        return False
    if isinstance(node, ast.Tuple):
        return any(_names_validation_error(e, aliases) for e in node.elts)
    if isinstance(node, ast.Name):
        return node.id in aliases or node.id.endswith("ValidationError")
    if isinstance(node, ast.Attribute):
        return node.attr == "ValidationError"
    return False


def validation_error_catches(source: str) -> list[int]:
    """The line of every `except` that names ValidationError (under any alias, alone or
    in a tuple)."""
    tree = ast.parse(source)
    aliases = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.name == "ValidationError"
    }
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ExceptHandler) and _names_validation_error(node.type, aliases)
    ]


def test_no_view_or_api_module_catches_validation_error():
    offenders = []
    for path in _installed_modules():
        relative = path.relative_to(ROOT).as_posix()
        if relative in ALLOWED:
            continue
        offenders += [f"{relative}:{n}" for n in validation_error_catches(path.read_text())]
    assert not offenders, (
        "Catch no ValidationError in a view or API handler: use form_submit / action_run "
        "(core/forms_htmx.py), or let it rise to the API's handler. Found: " + ", ".join(offenders)
    )


def test_view_and_api_modules_of_every_app_are_found():
    found = {p.relative_to(ROOT).as_posix() for p in _installed_modules()}
    for expected in (
        "jiangxin/orgs/views.py",
        "jiangxin/studios/views_rate.py",
        "jiangxin/selection/views/review.py",
        "jiangxin/people/api.py",
        "jiangxin/people/api_refs.py",
        "jiangxin/core/views_calendar.py",
        "jiangxin/core/api.py",
    ):
        assert expected in found
    assert "jiangxin/studios/services.py" not in found
    assert not any("/tests/" in p for p in found)


def test_a_new_module_is_found_without_an_edit_here(tmp_path):
    for name in ("views_extra.py", "views/step.py", "api/handlers.py", "api_refs.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    for name in ("services.py", "tests/test_views.py", "forms.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    found = {p.relative_to(tmp_path).as_posix() for p in view_and_api_modules(tmp_path)}
    assert found == {"views_extra.py", "views/step.py", "api/handlers.py", "api_refs.py"}


def test_the_check_bites_on_a_deliberate_violation():
    violation = (
        "from django.core.exceptions import ValidationError as Refused\n"
        "from django.core import exceptions\n"
        "def view(request):\n"
        "    try:\n"
        "        pass\n"
        "    except Refused as exc:\n"
        "        pass\n"
        "    try:\n"
        "        pass\n"
        "    except (ValueError, exceptions.ValidationError):\n"
        "        pass\n"
        "    try:\n"
        "        pass\n"
        "    except ValueError:\n"
        "        pass\n"
    )
    assert validation_error_catches(violation) == [6, 10]
    assert validation_error_catches("try:\n    pass\nexcept ValidationError:\n    pass\n") == [3]


# The helpers the views use instead.


def _post(rf, data=None):
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = rf.post("/", data or {})
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _texts(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in request._messages]


class _TitleForm(forms.Form):
    title = forms.CharField()


def test_form_submit_answers_the_service_result_for_the_redirect(rf):
    request = _post(rf, {"title": "x"})
    done = form_submit(
        request,
        _TitleForm(request.POST),
        lambda title: {"pk": 7, "title": title},
        done=lambda made: f"made {made['title']}",
    )
    assert done and done.result == {"pk": 7, "title": "x"}
    assert _texts(request) == [("success", "made x")]


def test_form_submit_puts_a_refusal_on_its_field_and_says_nothing_else(rf):
    def refuse(title):
        raise ValidationError({"title": "taken"})

    request = _post(rf, {"title": "x"})
    form = _TitleForm(request.POST)
    assert form_submit(request, form, refuse, done="never") is None
    assert form.errors["title"] == ["taken"]
    assert _texts(request) == []


def test_form_submit_runs_nothing_on_an_invalid_form_or_a_get(rf):
    ran = []
    request = _post(rf, {})
    assert form_submit(request, _TitleForm(request.POST), ran.append, done="x") is None
    get = rf.get("/")
    assert form_submit(get, _TitleForm(), ran.append, done="x") is None
    assert ran == []


def test_form_submit_puts_a_formset_key_onto_that_formset(rf):
    rows = forms.formset_factory(_TitleForm, extra=0)
    request = _post(rf, {"title": "x", "t-TOTAL_FORMS": "0", "t-INITIAL_FORMS": "0"})
    formset = rows(request.POST, prefix="t")
    assert formset.is_valid()

    def refuse(title):
        raise ValidationError({"tiers": "two tiers have one name", "title": "taken"})

    form = _TitleForm(request.POST)
    assert form_submit(request, form, refuse, done="x", formsets={"tiers": formset}) is None
    assert formset.non_form_errors() == ["two tiers have one name"]
    assert form.errors["title"] == ["taken"]
    assert not form.non_field_errors()


@pytest.mark.django_db
def test_action_run_says_the_refusal_in_words_and_runs_on_success(rf):
    def refuse(*, org_id):
        raise ValidationError({"org_id": "不在范围内。", "__all__": "整体有误。"})

    request = _post(rf)
    with translation.override("zh-hans"):
        outcome = action_run(request, refuse, org_id=1, done="never")
    assert not outcome
    assert _texts(request) == [("error", "组织：不在范围内。"), ("error", "整体有误。")]

    request = _post(rf)
    outcome = action_run(request, lambda *, n: [n] * n, n=2, done=lambda r: f"{len(r)} done")
    assert outcome and outcome.result == [2, 2]
    assert _texts(request) == [("success", "2 done")]


@pytest.mark.django_db
def test_messages_from_names_fields_as_the_view_app_models_call_them(rf):
    from django.urls import resolve

    request = _post(rf)
    request.resolver_match = resolve("/selection/")  # a selection view answers
    with translation.override("zh-hans"):
        messages_from(request, ValidationError({"org_id": "不在范围内。"}))
    assert _texts(request) == [("error", "主办单位：不在范围内。")]


def test_org_picked_in_scope_answers_the_org_or_the_field_error():
    from types import SimpleNamespace

    from django.http import Http404

    class OrgForm(forms.Form):
        org = forms.CharField()

    def lookup(pk):
        if pk != 1:
            raise Http404
        return "org 1"

    form = OrgForm({"org": "x"})
    assert form.is_valid()
    form.cleaned_data["org"] = SimpleNamespace(pk=1)  # what a picker hands over
    assert org_picked_in_scope(form, "org", lookup) == "org 1"
    form.cleaned_data["org"] = SimpleNamespace(pk=2)
    with translation.override("zh-hans"):
        assert org_picked_in_scope(form, "org", lookup) is None
        assert form.errors["org"] == ["您的管理范围内没有该组织。"]
