from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiosConfig(AppConfig):
    name = "jiangxin.studios"
    label = "studios"
    verbose_name = _("Innovation studios")

    def ready(self) -> None:
        from . import todo  # noqa: F401  (registers the to-do items)
