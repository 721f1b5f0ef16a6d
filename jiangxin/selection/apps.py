from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "jiangxin.selection"
    label = "selection"
    verbose_name = _("Selection and awards")

    def ready(self) -> None:
        from . import (
            pickers,  # noqa: F401  (registers the picker sources)
            todo,  # noqa: F401  (registers the home page's to-do items)
        )
        from .studio_board import register

        register()  # studio 公示 go on selection's announcement board
