import io

import pytest
import xlsxwriter

from jiangxin.accounts.imports import UserImport
from jiangxin.accounts.models import RoleAssignment, User
from jiangxin.core.imports import import_run

pytestmark = pytest.mark.django_db
HEADERS = ["用户名", "姓名", "所属单位", "角色", "角色所在单位", "手机号", "初始密码"]


def xlsx(rows) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet()
    ws.write_row(0, 0, HEADERS)
    for i, row in enumerate(rows, start=1):
        ws.write_row(i, 0, row)
    book.close()
    return buf.getvalue()


def rows(world):
    return [
        ["zhang_san", "张三", world.ent_a.name, "worker", "", "13812345678", "Gongjiang-88"],
        [
            "li_si",
            "李四",
            world.ent_a.uscc,
            "worker 职工",
            world.branch_a1.name,
            "",
            "Gongjiang-88",
        ],
    ]


def test_user_import_creates_users_with_roles_and_is_idempotent(world):
    data = xlsx(rows(world))
    result = import_run(actor=world.admin_a, spec=UserImport(), data=data, filename="u.xlsx")
    assert result.ok and result.created == 2, result.errors
    li = User.objects.get(username="li_si")
    assert li.check_password("Gongjiang-88") and li.home_org_id == world.ent_a.pk
    assert RoleAssignment.objects.filter(user=li, org=world.branch_a1, role="worker").exists()
    again = import_run(actor=world.admin_a, spec=UserImport(), data=data, filename="u.xlsx")
    assert again.ok and again.created == 0 and again.unchanged == 2


@pytest.mark.parametrize(
    ("index", "value", "column"),
    [
        (6, "abc", "password"),
        (3, "federation_admin", "role"),
        (2, "乙电力有限公司", "home_org"),
        (5, "1234", "mobile"),
        (0, "admin_b", "username"),
    ],
)
def test_user_import_bad_row_saves_nothing(world, index, value, column):
    data = rows(world)
    data[0][index] = value
    before = User.objects.count()
    result = import_run(actor=world.admin_a, spec=UserImport(), data=xlsx(data), filename="u.xlsx")
    assert not result.ok
    assert (2, column) in [(e.row, e.column) for e in result.errors]
    assert User.objects.count() == before


def test_user_import_one_audit_event_per_file_counting_roles(world, monkeypatch):
    from jiangxin.core.models import AuditEvent

    monkeypatch.setattr(UserImport, "batch_size", 1)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    result = import_run(
        actor=world.admin_a, spec=UserImport(), data=xlsx(rows(world)), filename="u.xlsx"
    )
    assert result.ok and result.created == 2, result.errors
    events = list(AuditEvent.objects.filter(pk__gt=before))
    assert [e.action for e in events] == ["import.accounts.users"]
    assert events[0].details["roles"] == {"worker": 2} and events[0].details["created"] == 2


def test_users_bulk_create_refuses_a_role_the_grant_form_refuses(world):
    from django.core.exceptions import ValidationError

    from jiangxin.accounts.services import role_grant, users_bulk_create

    user = User(username="wang_wu", display_name="王五", home_org=world.ent_a)
    with pytest.raises(ValidationError) as bulk:
        users_bulk_create(
            actor=world.admin_a, items=[(user, "Gongjiang-88", world.ent_a, "federation_admin")]
        )
    other = User.objects.create(username="zhao_liu", home_org=world.ent_a)
    with pytest.raises(ValidationError) as form:
        role_grant(actor=world.admin_a, user=other, org=world.ent_a, role="federation_admin")
    assert bulk.value.message_dict == form.value.message_dict
    assert not User.objects.filter(username="wang_wu").exists()
