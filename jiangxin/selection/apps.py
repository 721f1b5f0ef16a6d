from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "jiangxin.selection"
    label = "selection"
    verbose_name = _("Selection and awards")

    def ready(self) -> None:
        from . import todo  # noqa: F401  (registers the home page's to-do items)
