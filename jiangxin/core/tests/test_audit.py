import pytest
from django.db import DatabaseError, connection, transaction

from jiangxin.core.audit import audit_record
from jiangxin.core.models import AuditAppendOnlyError, AuditEvent
from jiangxin.testing.exports import export_get

pytestmark = pytest.mark.django_db


def _event() -> AuditEvent:
    return audit_record(action="test.event", username="system", details={"n": 1})


def test_audit_record_stores_time_user_ip_action_result(world):
    from jiangxin.core.audit import set_request_ip

    set_request_ip("10.1.2.3")
    try:
        event = audit_record(
            actor=world.admin_a, action="org.update", obj=world.ent_a, details={"x": 1}
        )
    finally:
        set_request_ip(None)
    event.refresh_from_db()
    assert event.at is not None
    assert event.username == "admin_a"
    assert event.ip == "10.1.2.3"
    assert event.action == "org.update"
    assert event.object_type == "orgs.org"
    assert event.object_id == str(world.ent_a.pk)
    assert event.org_path == world.ent_a.path
    assert event.result == "success"


def test_audit_event_save_twice_refused():
    event = _event()
    event.action = "tampered"
    with pytest.raises(AuditAppendOnlyError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_audit_event_delete_refused():
    event = _event()
    with pytest.raises(AuditAppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_queryset_update_and_delete_refused():
    _event()
    with pytest.raises(AuditAppendOnlyError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(AuditAppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(action="test.event").count() == 1


def test_audit_raw_sql_update_refused_by_database():
    event = _event()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the DELETE trigger is PostgreSQL-only"
)
def test_audit_raw_sql_delete_refused_by_postgresql():
    event = _event()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_page_auditor_sees_filters_and_exports(world):
    audit_record(actor=world.admin_a, action="org.update", obj=world.ent_a)
    audit_record(actor=world.admin_b, action="org.update", obj=world.ent_b, result="failure")
    c = world.client(world.auditor)
    page = c.get("/audit/", {"username": "admin_b"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "admin_b" in body and "admin_a" not in body
    export = export_get(c, "/audit/export.xlsx", {"result": "failure"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    data = export.content
    from python_calamine import CalamineWorkbook

    rows = (
        CalamineWorkbook.from_filelike(__import__("io").BytesIO(data))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert len(rows) == 2 and rows[1][1] == "admin_b"
    assert AuditEvent.objects.filter(action="export", username="auditor").exists()


@pytest.mark.parametrize("who", ["province_admin", "admin_a", "worker_a", "security", "outsider"])
def test_audit_page_hidden_from_non_auditors(world, who):
    c = world.client(getattr(world, who))
    assert c.get("/audit/").status_code in (404, 302)
    assert c.get("/audit/export.xlsx").status_code in (404, 302)


def test_audit_page_auditor_of_city_does_not_see_other_city(world):
    from jiangxin.accounts.models import RoleAssignment, User

    city_auditor = User.objects.create_user(
        username="city_auditor", password="x", home_org=world.city
    )
    RoleAssignment.objects.create(user=city_auditor, org=world.city, role="auditor")
    audit_record(actor=world.admin_a, action="org.update", obj=world.ent_a)
    audit_record(actor=world.province_admin, action="org.update", obj=world.ent_c)
    body = world.client(city_auditor).get("/audit/").content.decode()
    assert world.ent_a.name in body
    assert world.ent_c.name not in body


def test_audit_masks_id_numbers_typed_into_filters(world, settings, tmp_path):
    """An ID number typed into an export's search is kept masked in the audit row."""
    from jiangxin.core.models import AuditEvent

    settings.MEDIA_ROOT = tmp_path
    rid = "370102199001011234"
    response = export_get(world.client(world.admin_a), "/people/export.xlsx", {"q": rid})
    assert response.status_code == 200
    assert rid not in str(response.job.params)  # nor in the job's row
    event = AuditEvent.objects.filter(action="export").latest("id")
    assert rid not in str(event.details)
    assert event.details["filters"]["q"] == "370102********1234"


def test_audit_id_mask_leaves_other_numbers():
    from jiangxin.core.pii_text import mask_id_numbers

    assert mask_id_numbers("电话 13800138000, 编号 2024001") == "电话 13800138000, 编号 2024001"
    assert mask_id_numbers("37010219900101123X。") == "370102********123X。"
    assert mask_id_numbers("1234567890123456789") == "1234567890123456789"  # 19 digits
