from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_calendar(sender, using="default", apps=None, **kwargs) -> None:
    """After every migrate (and every flush): the package's years of the official
    calendar that are not in the table yet (see services_calendar.calendar_seed)."""
    from django.db import connections

    if "core_officialyear" not in connections[using].introspection.table_names():
        return
    from .services_calendar import calendar_seed

    calendar_seed()


class CoreConfig(AppConfig):
    name = "jiangxin.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Background runners register themselves when their module is imported; import
        # them here so a worker that never loads the URLconf knows every job kind.
        from . import (
            export_jobs,  # noqa: F401
            import_jobs,  # noqa: F401
            todo_sources,  # noqa: F401  (registers core's to-do items)
        )
        from .modules import discover

        discover()

        # Fail-closed data access: org-owned querysets refuse to be read without a scope.
        from .scoping import install

        install()

        post_migrate.connect(_seed_calendar, sender=self, dispatch_uid="jx-calendar-seed")

        # Every select's empty choice, in every form and the admin: translated words instead
        # of Django's "- Select an option -" (its hook for this, read when a form is built).
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = _("— Choose —")
