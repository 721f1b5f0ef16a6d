"""Which imports exist: name → ImportSpec class, so views and tasks can find one by name.
Each module declares its own in `module.py` (see `core/modules.py`); core's are here."""

from django.utils.module_loading import import_string

from .imports import ImportSpec
from .modules import import_paths

CORE_IMPORTS: dict[str, str] = {"core.calendar": "jiangxin.core.imports_calendar.OfficialDayImport"}


def import_names() -> list[str]:
    return [*CORE_IMPORTS, *import_paths()]


def import_spec(name: str) -> ImportSpec | None:
    path = {**CORE_IMPORTS, **import_paths()}.get(name)
    if path is None:
        return None
    return import_string(path)()
