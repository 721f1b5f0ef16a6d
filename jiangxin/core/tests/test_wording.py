"""The Chinese reads right: the catalog holds none of the wordings people flagged, every
select's empty choice is translated, messages name fields in words, one money format and
one date format, 匠心 in every title."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import timezone, translation

from jiangxin.core.errors import error_messages, field_label
from jiangxin.core.forms_htmx import apply_service_errors
from jiangxin.core.templatetags.jx import money_text
from jiangxin.core.tests.test_translations import ZH_PO, messages

TEMPLATES = sorted(Path(settings.BASE_DIR, "jiangxin").rglob("templates/**/*.html"))


def zh_entries():
    return messages(ZH_PO)


# --- the catalog ----------------------------------------------------------------------


def test_zh_catalog_says_innovation_achievement_not_qude_chengguo():
    bad = [(e.msgid, e.msgstr[0]) for e in zh_entries() if "取得成果" in e.msgstr[0]]
    assert bad == []
    translated = {e.msgid: e.msgstr[0] for e in zh_entries()}
    assert translated["Achievements"] == "职工创新成果"  # the nav item
    assert translated["Innovation achievements"] == "职工创新成果"


def test_zh_catalog_says_qiye_for_the_enterprise_not_qiyeji():
    # 企业级 is right only for a *level* (a studio's level, 企业级创新工作室), never for the
    # organisation kind.
    bad = [
        (e.msgid, e.msgstr[0])
        for e in zh_entries()
        if "企业级" in e.msgstr[0] and "level" not in e.msgid.lower()
    ]
    assert bad == []
    translated = {e.msgid: e.msgstr[0] for e in zh_entries()}
    assert translated["Enterprise"] == "企业"
    assert translated["Enterprises"] == "企业"


def test_zh_catalog_addresses_the_user_as_nin_never_ni():
    bad = [(e.msgid, e.msgstr[0]) for e in zh_entries() if re.search("你(?!们好)", e.msgstr[0])]
    assert bad == []


def test_templates_address_the_user_as_nin_never_ni():
    bad = [str(p) for p in TEMPLATES if "你" in p.read_text(encoding="utf-8")]
    assert bad == []


@pytest.mark.parametrize("english", ["---------", "Select an option", "Choose an option"])
def test_no_english_empty_label_in_the_catalog_or_templates(english):
    in_catalog = [e.msgid for e in zh_entries() if english.lower() in e.msgstr[0].lower()]
    assert in_catalog == []
    in_templates = [
        str(p) for p in TEMPLATES if english.lower() in p.read_text(encoding="utf-8").lower()
    ]
    assert in_templates == []


def test_the_brand_is_jiangxin_in_chinese():
    translated = {e.msgid: e.msgstr[0] for e in zh_entries()}
    assert translated["jiangxin"] == "匠心"


# --- every select's empty choice ----------------------------------------------------------


class _BlankChoices(forms.Form):
    org = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from jiangxin.orgs.models import Org

        self.fields["org"].queryset = Org.objects.none()


class _OrgForm(forms.ModelForm):
    class Meta:
        from jiangxin.orgs.models import Org

        model = Org
        fields = ["industry", "kind"]  # industry: blank=True with choices
        widgets = {"kind": forms.RadioSelect}


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "label"), [("zh-hans", "— 请选择 —"), ("en", "— Choose —")])
def test_every_select_has_a_translated_empty_choice(lang, label):
    with translation.override(lang):
        html = str(_BlankChoices()) + str(_OrgForm())
    assert "Select an option" not in html and "---------" not in html
    # the model choice field, the model form's select, and the blank radio Django adds
    assert html.count(label) == 3


# --- fields named in words, never by key ------------------------------------------------------


def test_error_messages_name_fields_by_their_verbose_name():
    exc = ValidationError(
        {
            "resident_id": "号码有误。",
            "org_id": "不在范围内。",
            "__all__": "整体有误。",
            "no_such_key": "单独一句。",
        }
    )
    with translation.override("zh-hans"):
        texts = error_messages(exc)
        assert field_label("resident_id") == "居民身份证号"
    assert texts == ["居民身份证号：号码有误。", "组织：不在范围内。", "整体有误。", "单独一句。"]
    assert not any(k in " ".join(texts) for k in ("resident_id", "org_id", "__all__", "no_such"))


def test_a_service_error_on_a_field_the_form_lacks_names_it_in_words():
    class OneField(forms.Form):
        title = forms.CharField()

    form = OneField({"title": "x"})
    assert form.is_valid()
    with translation.override("zh-hans"):
        apply_service_errors(form, ValidationError({"employer": "须是企业。", "title": "重复。"}))
        assert form.errors["title"] == ["重复。"]
        assert form.non_field_errors() == ["工作单位：须是企业。"]


@pytest.mark.django_db
def test_selection_flash_names_the_field_in_words(rf):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from jiangxin.core.forms_htmx import messages_from

    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    with translation.override("zh-hans"):
        messages_from(request, ValidationError({"org_id": "不在范围内。"}), app_label="selection")
    # named as the selection's own models call it (a campaign's org is its organiser)
    assert [str(m) for m in request._messages] == ["主办单位：不在范围内。"]


@pytest.mark.django_db
def test_import_errors_name_the_column_not_its_key(world):
    from jiangxin.core.imports import import_run
    from jiangxin.core.tests.test_imports import ent_rows, xlsx
    from jiangxin.orgs.imports import EnterpriseImport

    rows = ent_rows(world, 1)
    rows[0][1] = world.ent_b.uscc  # already registered
    with translation.override("zh-hans"):
        result = import_run(
            actor=world.city_staff, spec=EnterpriseImport(), data=xlsx(rows), filename="e.xlsx"
        )
        shown = result.as_dict()["errors"]
    assert not result.ok and result.errors[0].column == "uscc"  # the key stays internal
    assert shown[0][1] == "统一社会信用代码"
    assert all(e[1] not in ("uscc", "parent", "__all__") for e in shown)


# --- one money format, one date format ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("4300000000"), "¥4,300,000,000.00"),
        (1234.5, "¥1,234.50"),
        (0, "¥0.00"),
        (Decimal("-12.345"), "-¥12.35"),  # rounded half up, as on an invoice
        (None, "—"),
        ("", "—"),
    ],
)
def test_money_has_one_format(value, text):
    assert money_text(value) == text
    assert Template("{% load jx %}{{ v|money }}").render(Context({"v": value})) == text


def test_achievements_yuan_filter_is_the_same_money_format():
    rendered = Template("{% load achievement_tags %}{{ v|yuan }}").render(Context({"v": 1250000}))
    assert rendered == "¥1,250,000.00"


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_dates_have_one_format_in_both_languages(lang):
    when = timezone.make_aware(datetime(2026, 12, 1, 14, 30))
    template = Template(
        "{{ d }}|{{ d|date }}|{{ t|date:'DATETIME_FORMAT' }}|{{ d|date:'SHORT_DATE_FORMAT' }}"
    )
    with translation.override(lang):
        text = template.render(Context({"d": date(2026, 12, 1), "t": when}))
    assert text == "2026-12-01|2026-12-01|2026-12-01 14:30|2026-12-01"


# --- 匠心 in every title ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_page_titles_end_with_jiangxin_in_chinese(client, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = client.get("/accounts/login/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.endswith(" · 匠心") and title.count("匠心") == 1
    assert "jiangxin" not in title
