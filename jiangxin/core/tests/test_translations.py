"""The translation catalogs: the Simplified Chinese one is complete, the compiled .mo files
match their .po files, and the UI really switches language.

Only the standard library is used to read the .po files (a tiny parser below); msgfmt
(GNU gettext) is needed only for the test that recompiles the catalogs.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "jiangxin" / "locale"
ZH_PO = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
CATALOGS = ["zh_Hans", "en"]

# printf-style (%(name)s, %(size).1f, %d) and str.format ({}, {name}) placeholders.
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0-9.]*[sdfr]|%[sdfr]|\{\w*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file, the header (msgid "") included; obsolete (#~) ones marked."""
    entries: list[Entry] = []
    entry, current = Entry(), None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            if current is not None:
                entries.append(entry)
            entry, current = Entry(), None
            continue
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = _unquote(line)
            if isinstance(current, int):
                entry.msgstr[current] += value
            elif current == "msgid":
                entry.msgid += value
            elif current == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + value
        else:
            keyword, _, rest = line.partition(" ")
            entry.obsolete = entry.obsolete or obsolete
            if keyword == "msgid":
                entry.msgid, current = _unquote(rest), "msgid"
            elif keyword == "msgid_plural":
                entry.msgid_plural, current = _unquote(rest), "msgid_plural"
            elif keyword == "msgstr":
                entry.msgstr[0], current = _unquote(rest), 0
            elif m := re.fullmatch(r"msgstr\[(\d+)\]", keyword):
                current = int(m.group(1))
                entry.msgstr[current] = _unquote(rest)
            elif keyword == "msgctxt":
                current = "msgctxt"
    return entries


def messages(path: Path) -> list[Entry]:
    return [e for e in parse_po(path) if e.msgid and not e.obsolete]


def header(path: Path) -> dict[str, str]:
    head = next(e for e in parse_po(path) if e.msgid == "")
    pairs = (line.partition(":") for line in head.msgstr[0].splitlines() if line)
    return {key.strip(): value.strip() for key, _, value in pairs}


# --- (a) the Simplified Chinese catalog is complete --------------------------------------


def test_both_catalogs_exist_with_their_compiled_files():
    for lang in CATALOGS:
        po = LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"
        assert po.is_file(), f"{po} is missing: run makemessages"
        assert po.with_suffix(".mo").is_file(), f"{po.with_suffix('.mo')} is missing"


def test_settings_offer_simplified_chinese_and_english():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]
    assert LOCALE_DIR in [Path(p) for p in settings.LOCALE_PATHS]


def test_zh_hans_header_declares_one_plural_form():
    head = header(ZH_PO)
    assert head["Language"] == "zh_Hans"
    assert head["Plural-Forms"].startswith("nplurals=1;")
    assert "charset=UTF-8" in head["Content-Type"]


def test_zh_hans_has_no_fuzzy_entry_nor_fuzzy_header():
    fuzzy = [e.msgid or "<header>" for e in parse_po(ZH_PO) if "fuzzy" in e.flags]
    assert fuzzy == []


def test_zh_hans_translates_every_entry():
    entries = messages(ZH_PO)
    assert len(entries) > 300
    untranslated = [e.msgid for e in entries if not all(e.msgstr.values())]
    assert untranslated == []
    wrong_plurals = [e.msgid for e in entries if e.msgid_plural and sorted(e.msgstr) != [0]]
    assert wrong_plurals == [], "zh has nplurals=1: exactly one msgstr[0]"


def test_zh_hans_keeps_every_placeholder():
    broken = []
    for e in messages(ZH_PO):
        for source in filter(None, [e.msgid, e.msgid_plural]):
            if sorted(set(PLACEHOLDER.findall(source))) != sorted(
                set(PLACEHOLDER.findall(e.msgstr[0]))
            ):
                broken.append((source, e.msgstr[0]))
    assert broken == []


# Domain terms from the shared glossary: a msgid naming the term must use the term.
GLOSSARY = {
    "Unified Social Credit Code": "统一社会信用代码",
    "credit code": "统一社会信用代码",
    "resident ID number": "居民身份证号",
    "industry union": "产业工会",
    "enterprise union": "企业工会",
    "federation": "总工会",
    "skill level": "职业技能等级",
    "first-line worker": "一线职工",
    "migrant worker": "农民工",
    "model worker": "劳动模范",
    "May Day Labour Medal": "五一劳动奖章",
    "technical expert": "技术能手",
    "document number": "文号",
    "creation rate": "创建率",
}
# Role names and organisation kinds, word for word.
EXACT = {
    "Federation admin": "总工会管理员",
    "Federation staff": "总工会工作人员",
    "Enterprise union admin": "企业工会管理员",
    "Expert / reviewer": "评审专家",
    "Judge": "裁判",
    "Worker": "职工",
    "Auditor": "审计员",
    "Security administrator": "安全管理员",
    "National federation": "全国总工会",
    "Provincial federation": "省总工会",
    "Municipal federation": "市总工会",
    "County/district federation": "县（区）总工会",
    "Industry union": "产业工会",
    "Enterprise/unit": "企业/单位",
    "Branch/team": "分会/班组",
}


def test_zh_hans_uses_the_glossary_terms():
    entries = messages(ZH_PO)
    misses = [
        (e.msgid, term)
        for e in entries
        for en, term in GLOSSARY.items()
        if en.lower() in e.msgid.lower() and term not in e.msgstr[0]
    ]
    assert misses == []
    translated = {e.msgid: e.msgstr[0] for e in entries}
    assert {en: translated.get(en) for en in EXACT} == EXACT


def test_msgfmt_accepts_the_catalogs():
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    for lang in CATALOGS:
        po = LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"
        result = subprocess.run(
            [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(po)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "fuzzy" not in result.stderr
        if lang == "zh_Hans":
            assert "untranslated" not in result.stderr, result.stderr


# --- (b) the committed .mo files are the compiled .po files ------------------------------


@pytest.mark.parametrize("lang", CATALOGS)
def test_compiled_mo_matches_po(lang, tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"
    fresh = tmp_path / "django.mo"
    # The same command as `manage.py compilemessages`.
    subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(po)], check=True)
    assert fresh.read_bytes() == po.with_suffix(".mo").read_bytes(), (
        f"{po.with_suffix('.mo')} is stale: run "
        "`cd jiangxin && ../.venv/bin/python ../manage.py compilemessages`"
    )


# --- (c) the UI speaks Chinese by default and English on request ------------------------


def test_gettext_uses_the_compiled_zh_hans_catalog():
    from jiangxin.core.roles import Role
    from jiangxin.orgs.enums import OrgKind

    with translation.override("zh-hans"):
        assert str(Role.FEDERATION_ADMIN.label) == "总工会管理员"
        assert str(OrgKind.COUNTY.label) == "县（区）总工会"
    with translation.override("en"):
        assert str(Role.FEDERATION_ADMIN.label) == "Federation admin"
        assert str(OrgKind.COUNTY.label) == "County/district federation"


@pytest.mark.django_db
def test_login_page_is_in_chinese_by_default(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "登录" in html
    assert "用户名" in html
    assert "Log in" not in html


@pytest.mark.django_db
def test_login_page_is_in_english_with_the_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert settings.LANGUAGE_COOKIE_NAME == "jx_language"
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html
    assert "User name" in html
    assert "登录" not in html
