"""Lists of core: the audit log and its export (see jiangxin/testing/lists.py)."""

from jiangxin.core.audit import audit_record
from jiangxin.testing.lists import Grow


def _events(w, n):
    for i in range(n):
        audit_record(actor=w.admin_a, action="worker.update", obj=w.ent_a, details={"i": i})


LISTS = {
    "core:audit_list": Grow(_events, user="auditor"),
    "core:audit_export": Grow(_events, user="auditor"),
}
