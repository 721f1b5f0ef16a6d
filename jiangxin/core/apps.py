from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jiangxin.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # Every select's empty choice, in every form and the admin: translated words instead
        # of Django's "- Select an option -" (its hook for this, read when a form is built).
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = _("— Choose —")
