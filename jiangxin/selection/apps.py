from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "jiangxin.selection"
    label = "selection"
    verbose_name = _("Selection and awards")

    def ready(self) -> None:
        from . import passport  # noqa: F401  (registers the passport's award rows)
