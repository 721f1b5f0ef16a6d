"""Date formats, one per language, overriding Django's locale defaults (FORMAT_MODULE_PATH).

Both languages write dates as 2026-12-01 (GB/T 7408, as on official forms and in the date
inputs) and times as 14:30, so a date reads the same in a table, a form, an export and a
PDF. Settings not named here fall back to Django's own locale module."""
