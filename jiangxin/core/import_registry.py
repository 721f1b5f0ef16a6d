"""Which imports exist: name → ImportSpec class (dotted path), so views and tasks can find
one by name."""

from django.utils.module_loading import import_string

from .imports import ImportSpec

IMPORTS = {
    "orgs.enterprises": "jiangxin.orgs.imports.EnterpriseImport",
    "accounts.users": "jiangxin.accounts.imports.UserImport",
    "people.workers": "jiangxin.people.imports.WorkerImport",
    "people.honours": "jiangxin.people.imports.HonourImport",
    "studios.studios": "jiangxin.studios.imports.StudioImport",
    "studios.members": "jiangxin.studios.imports.StudioMemberImport",
    "achievements.achievements": "jiangxin.achievements.imports.AchievementImport",
}


def import_spec(name: str) -> ImportSpec | None:
    path = IMPORTS.get(name)
    if path is None:
        return None
    try:
        return import_string(path)()
    except ImportError:
        return None
