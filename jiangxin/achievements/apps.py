import contextlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AchievementsConfig(AppConfig):
    name = "jiangxin.achievements"
    label = "achievements"
    verbose_name = _("Innovation achievements")

    def ready(self) -> None:
        from . import passport, todo  # noqa: F401  (register the passport and to-do sources)

        # The studio indicators need jiangxin.studios.indicators; without it, no figures.
        with contextlib.suppress(ImportError):
            from . import indicators  # noqa: F401
