from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jiangxin.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Background runners register themselves when their module is imported; import
        # them here so a worker that never loads the URLconf knows every job kind.
        from . import import_jobs  # noqa: F401
        from .modules import discover

        discover()
