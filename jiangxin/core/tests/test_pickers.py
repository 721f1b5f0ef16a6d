"""The search-as-you-type pickers (core.pickers): each kind answers within the user's
scope only (a sibling org's user gets nothing of the other), in a fixed number of queries
and at most PICK_LIMIT options; a full ID number is matched through the blind index and
never echoed; a foreign id posted by hand is a form error naming the field."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from jiangxin.core.pickers import PICK_LIMIT, PickerField, picker_kinds, picker_options
from jiangxin.people.models import HonourType
from jiangxin.testing.people import make_worker, resident_id

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _pick(client, kind, q, method="post", **params):
    url = reverse("core:pick", args=[kind])
    data = {"q": q, **params}
    response = client.post(url, data, **EN) if method == "post" else client.get(url, data, **EN)
    assert response.status_code == 200
    return response


def _values(response) -> list[int]:
    import re

    return [int(v) for v in re.findall(r'data-value="(\d+)"', response.content.decode())]


@pytest.fixture
def luan(world):
    return make_worker(world.ent_a, 1, name="栾军")


def test_picker_kinds_are_registered_by_their_apps():
    assert {"org", "worker", "user", "honour_type", "subject"} <= set(picker_kinds())


def test_picker_org_by_name_and_credit_code_stays_in_scope(world):
    a, b = world.client(world.admin_a), world.client(world.admin_b)
    assert _values(_pick(a, "org", "甲钢铁")) == [world.ent_a.pk]
    assert _values(_pick(a, "org", world.ent_a.uscc)) == [world.ent_a.pk]
    assert _values(_pick(a, "org", world.ent_a.uscc.lower())) == [world.ent_a.pk]
    page = _pick(a, "org", "甲钢铁").content.decode()
    assert world.ent_a.uscc in page  # the second line: its credit code
    # the sibling enterprise's admin gets nothing of A, by name or by code
    assert _values(_pick(b, "org", "甲钢铁")) == []
    assert _values(_pick(b, "org", world.ent_a.uscc)) == []
    assert world.ent_a.name not in _pick(b, "org", "甲").content.decode()
    # the city sees both; `kinds` narrows to enterprises
    city = world.client(world.city_staff)
    assert set(_values(_pick(city, "org", "有限公司", kinds="enterprise"))) == {
        world.ent_a.pk,
        world.ent_b.pk,
    }
    assert _values(_pick(city, "org", "丙港口")) == []  # another city


def test_picker_worker_by_name_masked_and_full_id_never_echoes_the_number(world, luan):
    a, b = world.client(world.admin_a), world.client(world.admin_b)
    full = resident_id(1, birth=luan.birth_date)
    assert _values(_pick(a, "worker", "栾")) == [luan.pk]
    by_id = _pick(a, "worker", full)
    assert _values(by_id) == [luan.pk]
    page = by_id.content.decode()
    assert full not in page and luan.id_masked in page and world.ent_a.name in page
    assert _values(_pick(a, "worker", luan.id_masked)) == [luan.pk]
    assert _values(_pick(a, "worker", f"栾军 {full[-4:]}")) == [luan.pk]
    assert _values(_pick(a, "worker", "栾军 0000")) == []
    # an ID number in a URL is not looked up (it would sit in access logs)
    by_get = _pick(a, "worker", full, method="get")
    assert _values(by_get) == [] and full not in by_get.content.decode()
    assert _values(_pick(a, "worker", "栾", method="get")) == [luan.pk]
    # the sibling enterprise's admin gets nothing of A's workers, by any key
    for q in ("栾", full, luan.id_masked):
        response = _pick(b, "worker", q)
        assert _values(response) == [] and "栾军" not in response.content.decode()


def test_picker_worker_within_narrows_names_only(world, luan):
    other = make_worker(world.ent_b, 2, name="栾明")
    city = world.client(world.city_staff)
    assert set(_values(_pick(city, "worker", "栾"))) == {luan.pk, other.pk}
    assert _values(_pick(city, "worker", "栾", within=world.ent_a.pk)) == [luan.pk]
    full = resident_id(2, birth=other.birth_date)
    assert _values(_pick(city, "worker", full, within=world.ent_a.pk)) == [other.pk]


def test_picker_user_by_user_name_with_roles_stays_in_scope(world):
    a, b = world.client(world.admin_a), world.client(world.admin_b)
    response = _pick(a, "user", "admin_")
    assert _values(response) == [world.admin_a.pk]
    assert "Enterprise" in response.content.decode()  # the roles on the second line
    assert _values(_pick(b, "user", "admin_a")) == []
    assert _values(_pick(a, "user", "worker")) == [world.worker_a.pk]
    assert _values(_pick(world.client(world.worker_a), "user", "admin")) == []  # no perm


def test_picker_honour_type_by_name_needs_the_registry(world):
    qilu = HonourType.objects.get(code="qilu-craftsman")
    assert qilu.pk in _values(_pick(world.client(world.admin_a), "honour_type", qilu.name[:2]))
    assert _values(_pick(world.client(world.worker_a), "honour_type", qilu.name[:2])) == []
    qilu.is_active = False
    qilu.save()
    assert qilu.pk not in _values(_pick(world.client(world.admin_a), "honour_type", "齐鲁"))


def test_picker_subject_offers_the_campaign_subjects_in_scope(world, luan):
    from jiangxin.selection.models import Campaign

    campaign = Campaign.objects.create(
        org=world.city, title="评选", year=2025, subject_kind="craftsman_title"
    )
    city = world.client(world.city_staff)
    assert _values(_pick(city, "subject", "栾", campaign=campaign.pk)) == [luan.pk]
    assert _values(_pick(city, "subject", "栾")) == []  # no campaign: nothing
    other = world.client(world.admin_b)
    assert _values(_pick(other, "subject", "栾", campaign=campaign.pk)) == []


def _many_workers(world, n):
    make_worker(world.ent_a, 100 + n, name=f"测试职工{n:02d}")


def _many_users(world, n):
    from jiangxin.accounts.models import User

    User.objects.create(username=f"pick{n:02d}", home_org=world.ent_a)


def _many_orgs(world, n):
    from jiangxin.orgs.models import Org
    from jiangxin.orgs.search import org_search_reindex_many

    parent = Org.objects.get(pk=world.ent_a.pk)
    Org.objects.add_child(
        parent, instance=Org(name=f"甲钢铁测试班组{n:02d}", kind="branch", region_code="370102")
    )
    org_search_reindex_many()


@pytest.mark.parametrize(
    ("kind", "make", "q"),
    [
        ("worker", _many_workers, "测试职工"),
        ("user", _many_users, "pick"),
        ("org", _many_orgs, "甲钢铁"),
    ],
)
def test_picker_answers_in_fixed_queries_and_at_most_the_limit(world, kind, make, q):
    make(world, 0)
    client = world.client(world.admin_a)
    _pick(client, kind, q)  # the session and the role, warmed
    with CaptureQueriesContext(connection) as few:
        assert len(_values(_pick(client, kind, q))) >= 1
    for n in range(1, PICK_LIMIT + 5):
        make(world, n)
    with CaptureQueriesContext(connection) as many:
        assert len(_values(_pick(client, kind, q))) == PICK_LIMIT
    assert len(many) == len(few) <= 8


def test_picker_unknown_kind_is_404_and_anonymous_must_sign_in(world):
    client = world.client(world.admin_a)
    assert client.post(reverse("core:pick", args=["nothing"]), {"q": "x"}).status_code == 404
    anonymous = world.client(None).post(reverse("core:pick", args=["org"]), {"q": "甲"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_picker_options_of_an_empty_query_are_none(world):
    assert picker_options(world.admin_a, "org", "   ") == []
    assert "Type to search." in _pick(world.client(world.admin_a), "org", "").content.decode()


# --- forms: a foreign id posted by hand -----------------------------------------------


@pytest.mark.parametrize("value", ["foreign", "999999", "abc", "-1", "1.5", "9" * 30, "0"])
def test_picker_field_rejects_a_foreign_or_garbage_id_naming_the_field(world, value):
    from jiangxin.orgs.forms import OrgMoveForm

    target = {"foreign": world.ent_b.pk}.get(value, value)
    with translation.override("en"):
        form = OrgMoveForm({"new_parent": target}, user=world.admin_a)
        assert not form.is_valid()
        assert form.errors["new_parent"] == [
            "New parent organisation: no such choice in your scope; type and pick one of the "
            "options offered."
        ]


def test_picker_field_unbound_accepts_nothing(world):
    from jiangxin.orgs.forms import OrgMoveForm

    assert not OrgMoveForm({"new_parent": world.ent_a.pk}).is_valid()
    assert OrgMoveForm({"new_parent": world.ent_a.pk}, user=world.admin_a).is_valid()


@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        ("people:worker_create", lambda w, b: {"name": "王五", "employer": w.ent_b.pk}, "employer"),
        (
            "accounts:user_create",
            lambda w, b: {"username": "x1", "home_org": w.ent_b.pk},
            "home_org",
        ),
        ("studios:apply", lambda w, b: {"host": w.ent_a.pk, "leader": b.pk}, "leader"),
        ("studios:apply", lambda w, b: {"host": w.ent_b.pk}, "host"),
        ("achievements:submit", lambda w, b: {"enterprise": w.ent_b.pk}, "enterprise"),
        ("achievements:submit", lambda w, b: {"completers": [b.pk]}, "completers"),
    ],
)
def test_picker_pages_answer_a_foreign_id_with_a_form_error(world, url, data, field):
    stranger = make_worker(world.ent_b, 9, name="赵六")
    response = world.client(world.admin_a).post(reverse(url), data(world, stranger), **EN)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "no such choice in your scope" in str(response.context["form"].errors[field])
    page = response.content.decode()
    assert "赵六" not in page and world.ent_b.name not in page and world.ent_b.uscc not in page


def test_picker_pages_reject_a_foreign_worker_honour_and_member(world, luan):
    from jiangxin.people.models import Worker

    stranger = make_worker(world.ent_b, 9, name="赵六")
    client = world.client(world.admin_a)
    response = client.post(
        reverse("people:honour_add", args=[luan.pk]), {"honour_type": "999999", "year": 2020}, **EN
    )
    assert response.status_code == 200 and "honour_type" in response.context["form"].errors
    response = client.post(
        reverse("accounts:user_detail", args=[world.worker_a.pk]),
        {"role": "worker", "org": world.ent_b.pk},
        **EN,
    )
    assert response.status_code == 200 and "org" in response.context["form"].errors
    assert Worker.objects.filter(name="赵六").get() == stranger


def test_picker_widget_shows_the_current_value_when_editing(world, luan):
    page = world.client(world.admin_a).get(reverse("people:worker_edit", args=[luan.pk]))
    html = page.content.decode()
    assert f'value="{world.ent_a.name}"' in html  # the employer's name in the search box
    assert f'name="employer" id="id_employer" value="{world.ent_a.pk}"' in html
    assert 'role="combobox"' in html and "jiangxin/picker.js" in html


def test_picker_multiple_keeps_order_shares_and_refuses_twice(world, luan):
    from jiangxin.achievements.forms import CompletersForm

    wang = make_worker(world.ent_a, 2, name="王强")
    data = {"completers": [wang.pk, luan.pk], "completers_share": ["60", "40%"]}
    form = CompletersForm(data, user=world.admin_a, enterprise=world.ent_a)
    assert form.is_valid(), form.errors
    assert [(c.worker, str(c.share_pct)) for c in form.cleaned_data["completers"]] == [
        (wang, "60"),
        (luan, "40"),
    ]
    with translation.override("en"):
        twice = CompletersForm(
            {"completers": [luan.pk, luan.pk]}, user=world.admin_a, enterprise=world.ent_a
        )
        assert not twice.is_valid() and "chosen twice" in str(twice.errors["completers"])
        bad = CompletersForm(
            {"completers": [luan.pk], "completers_share": ["a lot"]},
            user=world.admin_a,
            enterprise=world.ent_a,
        )
        assert not bad.is_valid() and "not a number" in str(bad.errors["completers"])
        empty = CompletersForm({}, user=world.admin_a, enterprise=world.ent_a)
        assert empty.errors["completers"] == ["Name at least one completer."]


# --- every form in the project --------------------------------------------------------


def _picked_models():
    from jiangxin.accounts.models import User
    from jiangxin.orgs.models import Org
    from jiangxin.people.models import Worker

    return (Org, Worker, User, HonourType)


def _project_forms():
    import importlib
    import inspect
    import pkgutil

    from django import forms

    import jiangxin

    found = []
    for info in pkgutil.walk_packages(jiangxin.__path__, "jiangxin."):
        name = info.name
        if (
            ".tests" in name
            or ".migrations" in name
            or not (name.endswith(".forms") or ".forms." in name or name.endswith("forms_htmx"))
        ):
            continue
        module = importlib.import_module(name)
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, forms.BaseForm)
                and obj.__module__ == module.__name__
            ):
                found.append(obj)
    return found


def _unpicked_fields(form_classes) -> list[str]:
    """Fields that take an org / worker / user / honour type without a picker: a model
    choice on one of those models, or a number labelled as an id."""
    from django import forms

    from jiangxin.core.pickers import PickerMultipleField, PickerWidget

    models = _picked_models()
    bad = []
    for cls in form_classes:
        for name, field in cls.base_fields.items():
            where = f"{cls.__module__}.{cls.__name__}.{name}"
            if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
                model = getattr(field, "queryset", None) is not None and field.queryset.model
                if isinstance(field, PickerField):
                    model = field.source().queryset(None, {}).model
                if (model in models or isinstance(field, PickerField)) and not isinstance(
                    field.widget, PickerWidget
                ):
                    bad.append(where)
            elif isinstance(field, PickerMultipleField):
                continue
            elif isinstance(field, forms.IntegerField):
                with translation.override("en"):
                    label = str(field.label or "")
                if "ID" in label.split() or "(ID" in label or "ID)" in label:
                    bad.append(where)
    return bad


def test_every_form_takes_orgs_workers_users_and_honour_types_with_a_picker():
    forms_found = _project_forms()
    assert len(forms_found) > 30  # the walk found the apps' forms
    assert _unpicked_fields(forms_found) == []


def test_the_form_check_finds_a_select_or_an_id_box():
    from django import forms

    from jiangxin.orgs.models import Org

    class Bad(forms.Form):
        org = forms.ModelChoiceField(queryset=Org.objects.all())
        holder = forms.ModelMultipleChoiceField(queryset=HonourType.objects.all())
        worker = forms.IntegerField(label="Worker (ID)")
        year = forms.IntegerField(label="Year")

    assert [f.rsplit(".", 1)[1] for f in _unpicked_fields([Bad])] == ["org", "holder", "worker"]


def test_picker_pages_survive_garbage_ids_posted_by_hand(world, luan):
    from jiangxin.achievements.services import achievement_submit

    a = achievement_submit(
        actor=world.admin_a,
        enterprise=world.ent_a,
        title="测试成果",
        kind="technical_innovation",
        completers=[luan],
    )
    client = world.client(world.admin_a)
    for junk in (["9" * 30], ["abc", str(luan.pk)], ["0"], [""]):
        response = client.post(
            reverse("achievements:completers", args=[a.pk]), {"completers": junk}
        )
        assert response.status_code == 200 and "completers" in response.context["form"].errors
    response = client.post(reverse("core:pick", args=["worker"]), {"q": "栾", "within": "9" * 30})
    assert response.status_code == 200
