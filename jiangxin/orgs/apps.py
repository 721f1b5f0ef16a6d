from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "jiangxin.orgs"
    label = "orgs"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from . import pickers  # noqa: F401  (registers the picker sources)
