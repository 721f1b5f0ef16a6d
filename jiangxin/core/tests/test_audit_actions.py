"""Audit actions are shown as words, from one table (`core/audit_actions.py`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from jiangxin.core.audit import audit_record
from jiangxin.core.audit_actions import ACTION_LABELS, PREFIX_LABELS, audit_action_label
from jiangxin.testing.exports import export_get

SOURCE = Path(settings.BASE_DIR) / "jiangxin"


def _recorded_actions() -> set[str]:
    """Every action code the code base passes to audit_record (literals, the two sides of
    a conditional, and the prefix of an f-string)."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "audit_actions.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "audit_record" not in text:
            continue
        for line in text.splitlines():
            m = re.search(r"\baction(?:, result)?\s*=\s*(f?)\"([a-z_.]+)(\{?)", line)
            if not m:
                continue
            found.add(m.group(2))  # an f-string: its fixed prefix
            if other := re.search(r' else "([a-z_.]+)"', line[m.end() :]):
                found.add(other.group(1))
    return found - {"x"}


def test_every_recorded_action_has_words():
    found = _recorded_actions()
    assert len(found) > 40, found  # the scan really finds the actions
    unlabelled = sorted(
        code
        for code in found
        if code not in ACTION_LABELS and not any(code.startswith(p) for p in PREFIX_LABELS)
    )
    assert unlabelled == [], "add these to ACTION_LABELS in jiangxin/core/audit_actions.py"


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        ("studio.announce", "公示创新工作室", "Announce a studio"),
        ("login", "登录", "Log in"),
        ("import.people.workers", "从 Excel 导入：职工名册", "Import from Excel: Workers"),
        ("studio.review.approve", "审核创新工作室：通过", "Review a studio: Approve"),
        ("selection.campaign.expert_review", "评选活动进入新阶段：专家评审", None),
        ("no.such.action", "no.such.action", "no.such.action"),
    ],
)
def test_audit_action_label(code, zh, en):
    with translation.override("zh-hans"):
        assert audit_action_label(code) == zh
    if en:
        with translation.override("en"):
            assert audit_action_label(code) == en


@pytest.mark.django_db
def test_audit_page_and_export_show_actions_as_words(world):
    import io

    from python_calamine import CalamineWorkbook

    audit_record(actor=world.admin_a, action="org.update", obj=world.ent_a)
    client = world.client(world.auditor)
    html = client.get("/audit/").content.decode()
    assert "编辑组织" in html and "<code>org.update</code>" not in html
    assert '<option value="org.update"' in html  # the filter offers the words too
    response = export_get(client, "/audit/export.xlsx")
    data = response.content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    actions = [r[3] for r in rows[1:]]
    assert "编辑组织" in actions and "org.update" not in actions
    kinds = {r[3]: r[4] for r in rows[1:]}
    assert kinds["编辑组织"] == "组织"  # the object's kind in words, not `orgs.org`
