"""The public announcement (公示): its period on the official calendar, objections that
freeze an entry, investigation and outcome, publication."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiangxin.core.models import AuditEvent
from jiangxin.selection import services
from jiangxin.selection.enums import EntryStatus, ObjectionStatus
from jiangxin.selection.models import Entry, Objection
from jiangxin.selection.services.announcements import announcement_end

from .factories import end_announcement, make_campaign, to_announcement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "workdays", "end"),
    [
        # Fri 27 Sep 2024, 5 working days: 27, Sun 29 (make-up working day for National Day),
        # Mon 30, then the holiday Oct 1–7, then Tue 8 and Wed 9 Oct.
        ("2024-09-27", 5, "2024-10-09"),
        # 8 working days reach the second make-up day, Saturday 12 Oct 2024, which counts.
        ("2024-09-27", 8, "2024-10-12"),
        # Starting on a holiday: the period begins on the next working day (Tue 8 Oct) and
        # counts 8, 9, 10, 11 and the make-up Saturday 12 Oct.
        ("2024-10-03", 5, "2024-10-12"),
        # An ordinary week: Mon–Fri.
        ("2024-11-04", 5, "2024-11-08"),
    ],
)
def test_announcement_period_on_the_official_calendar(start, workdays, end):
    assert announcement_end(datetime.date.fromisoformat(start), workdays).isoformat() == end


def test_announcement_period_unknown_year_counts_weekdays_with_a_warning():
    from jiangxin.core.calendar import calendar_warnings

    # Monday 5 January 2099: no official schedule, so Monday to Friday.
    assert announcement_end(datetime.date(2099, 1, 5), 5) == datetime.date(2099, 1, 9)
    (warning,) = calendar_warnings(datetime.date(2099, 1, 5), datetime.date(2099, 1, 9))
    assert "2099" in warning


@pytest.fixture
def announced(world, workday_today):
    campaign = make_campaign(world)
    announcement = to_announcement(world, campaign)
    entries = list(Entry.objects.filter(campaign=campaign, tier__isnull=False).order_by("rank"))
    return campaign, announcement, entries


def _object(announcement, entry, **kw):
    data = {
        "kind": "person",
        "name": "王某",
        "contact": "13912345678",
        "content": "该同志的成果材料与事实不符，请核查。",
    }
    data.update(kw)
    return services.objection_file(announcement=announcement, entry_id=entry.pk, **data)


def _png() -> SimpleUploadedFile:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 0, 0)).save(buf, "PNG")
    return SimpleUploadedFile("seal.png", buf.getvalue(), content_type="image/png")


def test_objection_freezes_entry_and_holds_back_only_that_entry(world, announced):
    """An open objection holds back its entry, not the publication (docs/architecture.md,
    "One announcement (公示) mechanism")."""
    campaign, announcement, (first, *rest) = announced
    objection = _object(announcement, first)
    assert Entry.objects.get(pk=first.pk).frozen
    assert AuditEvent.objects.filter(action="selection.objection.file", username="public").exists()
    assert "13912345678" not in str(
        AuditEvent.objects.get(action="selection.objection.file").details
    )
    end_announcement(announcement)
    services.campaign_publish(
        actor=world.city_staff, campaign=campaign, decision_number="青工发〔2022〕8号"
    )
    held = Entry.objects.get(pk=first.pk)
    assert held.frozen and held.status == EntryStatus.RANKED and held.certificate_id is None
    assert {e.status for e in Entry.objects.filter(pk__in=[e.pk for e in rest])} == {
        EntryStatus.AWARDED
    }
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.OPEN


def test_objection_dismissed_unfreezes(world, announced):
    campaign, announcement, (first, *_rest) = announced
    objection = _object(announcement, first)
    with pytest.raises(ValidationError, match="investigation"):
        services.objection_decide(
            actor=world.city_staff, objection=objection, outcome="dismissed", note="查无实据"
        )
    services.objection_investigate(
        actor=world.city_staff, objection=objection, notes="调取原始记录，与申报一致。"
    )
    services.objection_decide(
        actor=world.city_staff, objection=objection, outcome="dismissed", note="查无实据"
    )
    entry = Entry.objects.get(pk=first.pk)
    assert not entry.frozen and entry.tier is not None
    end_announcement(announcement)
    services.campaign_publish(
        actor=world.city_staff, campaign=campaign, decision_number="青工发〔2022〕8号"
    )
    assert Entry.objects.get(pk=first.pk).status == EntryStatus.AWARDED


def test_objection_upheld_withdraws_entry(world, announced):
    campaign, announcement, (first, second, *_rest) = announced
    o1 = _object(announcement, first)
    _object(announcement, first, name="李某")  # a second objection to the same entry
    services.objection_investigate(
        actor=world.city_staff, objection=o1, notes="核实：成果系他人完成。"
    )
    services.objection_decide(
        actor=world.city_staff, objection=o1, outcome="upheld", note="成果署名不实"
    )
    entry = Entry.objects.get(pk=first.pk)
    assert (
        entry.status == EntryStatus.WITHDRAWN
        and entry.tier is None
        and entry.withdrawn_reason == "成果署名不实"
    )
    body = world.client(None).get(announcement.get_absolute_url()).content.decode()
    assert first.display_name not in body and second.display_name in body


def test_objection_dismissed_stays_frozen_while_another_is_open(world, announced):
    _campaign, announcement, (first, *_rest) = announced
    o1 = _object(announcement, first)
    _object(announcement, first, name="李某")
    services.objection_investigate(actor=world.city_staff, objection=o1, notes="核实无误")
    services.objection_decide(
        actor=world.city_staff, objection=o1, outcome="dismissed", note="不成立"
    )
    assert Entry.objects.get(pk=first.pk).frozen


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"name": " "}, "name"),
        ({"contact": ""}, "contact"),
        ({"content": "不行"}, "content"),
        ({"kind": "robot"}, "kind"),
        ({"kind": "unit", "unit_name": ""}, "unit_name"),
    ],
)
def test_objection_bad_input_names_the_field(world, announced, kw, field):
    _c, announcement, (first, *_r) = announced
    with pytest.raises(ValidationError) as exc:
        _object(announcement, first, **kw)
    assert field in exc.value.error_dict
    assert not Objection.objects.exists() and not Entry.objects.get(pk=first.pk).frozen


def test_objection_by_unit_needs_a_real_seal_image(world, announced):
    _c, announcement, (first, *_r) = announced
    unit = {"kind": "unit", "unit_name": "某某机械有限公司工会", "name": "赵某"}
    for upload in (
        None,
        SimpleUploadedFile("seal.png", b"%PDF-1.4 not an image", content_type="image/png"),
        SimpleUploadedFile(
            "seal.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 40, content_type="image/jpeg"
        ),  # damaged
    ):
        with pytest.raises(ValidationError) as exc:
            _object(announcement, first, seal_image=upload, **unit)
        assert "seal_image" in exc.value.error_dict
    big = SimpleUploadedFile(
        "seal.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * 1024 * 1024), content_type="image/png"
    )
    with pytest.raises(ValidationError, match="larger"):
        _object(announcement, first, seal_image=big, **unit)
    objection = _object(announcement, first, seal_image=_png(), **unit)
    assert objection.seal_image.name.startswith("selection/seals/") and objection.unit_name
    objection.seal_image.delete(save=False)


def test_objection_refused_outside_the_period(world, announced):
    _c, announcement, (first, *_r) = announced
    end_announcement(announcement)
    with pytest.raises(ValidationError, match="not open"):
        _object(announcement, first)


def test_objection_for_an_entry_not_announced_refused(world, announced):
    campaign, announcement, _e = announced
    last = Entry.objects.filter(campaign=campaign, tier__isnull=True).first()
    with pytest.raises(ValidationError) as exc:
        _object(announcement, last)
    assert "entry" in exc.value.error_dict


def test_public_page_orders_people_by_surname_strokes(world, announced):
    campaign, announcement, entries = announced
    names = ["郭锐", "丁一", "王芳"]  # 10, 2, 4 strokes
    for e, name in zip(entries, names, strict=True):
        Entry.objects.filter(pk=e.pk).update(display_name=name)
    body = world.client(None).get(announcement.get_absolute_url()).content.decode()
    assert body.index("丁一") < body.index("王芳") < body.index("郭锐")
    api = (
        world.client(None)
        .get(reverse("api:public_announcement"), {"uuid": str(announcement.uuid)})
        .json()
    )
    assert [e["name"] for e in api["entries"]] == ["丁一", "王芳", "郭锐"]
    assert api["ends_on"] == "2024-10-09" and api["open"] is True


def test_public_objection_form_freezes_entry(world, announced):
    _c, announcement, (first, *_r) = announced
    client = world.client(None)
    url = reverse("announcements:object", args=[announcement.uuid])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "entry": first.pk,
            "kind": "person",
            "name": "",
            "contact": "x",
            "content": "该同志申报的成果材料与事实不符",
        },
    )
    assert response.status_code == 200 and "name" in response.context["form"].errors
    response = client.post(
        url,
        {
            "entry": first.pk,
            "kind": "person",
            "name": "王某",
            "contact": "13912345678",
            "content": "该同志申报的成果材料与事实不符",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Entry.objects.get(pk=first.pk).frozen
    page = client.get(announcement.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "under objection" in page.content.decode()


def test_publish_needs_document_number(world, announced):
    campaign, announcement, _e = announced
    end_announcement(announcement)
    with pytest.raises(ValidationError) as exc:
        services.campaign_publish(actor=world.city_staff, campaign=campaign, decision_number="  ")
    assert "decision_number" in exc.value.error_dict


def test_publish_makes_award_list_pdf_and_certificates(world, announced):
    campaign, announcement, entries = announced
    end_announcement(announcement)
    services.campaign_publish(
        actor=world.city_staff, campaign=campaign, decision_number="青工发〔2022〕8号"
    )
    client = world.client(world.city_staff)
    pdf = client.get(reverse("selection:award_list_pdf", args=[campaign.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    entry = Entry.objects.select_related("certificate").get(pk=entries[0].pk)
    cert = client.get(reverse("documents:pdf", args=[entry.certificate.uuid]))
    assert cert.content.startswith(b"%PDF")
    from jiangxin.core.documents import verify_path

    verify = world.client(None).get(verify_path(entry.certificate))
    assert verify.status_code == 200 and entry.display_name in verify.content.decode()
    page = world.client(None).get(announcement.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "have been published" in page.content.decode()
