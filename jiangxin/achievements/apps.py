from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AchievementsConfig(AppConfig):
    name = "jiangxin.achievements"
    label = "achievements"
    verbose_name = _("Innovation achievements")

    def ready(self) -> None:
        from . import todo  # noqa: F401  (registers the to-do items)
