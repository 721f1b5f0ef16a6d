from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "jiangxin.competitions"
    label = "competitions"
    verbose_name = _("Labour and skills competitions")

    def ready(self) -> None:
        from . import todo  # noqa: F401  (registers the home page's to-do items)
