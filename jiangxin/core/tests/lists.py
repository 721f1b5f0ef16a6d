"""Lists of core: the audit log and its export (see jiangxin/testing/lists.py)."""

from jiangxin.core.audit import audit_record
from jiangxin.testing.lists import Grow


def _events(w, n):
    for i in range(n):
        audit_record(actor=w.admin_a, action="worker.update", obj=w.ent_a, details={"i": i})


def _days(w, n):
    import datetime

    from jiangxin.core.models_calendar import OfficialDay

    start = datetime.date(2026, 3, 2) + datetime.timedelta(
        days=OfficialDay.objects.filter(date__year=2026, name__startswith="测试日").count()
    )
    for i in range(n):
        OfficialDay.objects.create(
            date=start + datetime.timedelta(days=i), kind="holiday", name=f"测试日{i}"
        )


LISTS = {
    "core:calendar": Grow(_days, user="province_admin", params={"year": "2026"}),
    "core:audit_list": Grow(_events, user="auditor"),
    "core:audit_export": Grow(_events, user="auditor"),
}
