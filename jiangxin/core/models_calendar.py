"""The official calendar as data: public holidays and make-up working days (调休) per
day, and per year whether its schedule is known (seeded from the chinese-calendar
package, imported or confirmed by a federation admin). Read by `jiangxin.core.calendar`;
written only through `jiangxin.core.services_calendar`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday")
    WORKDAY = "workday", _("Make-up working day")


class YearSource(models.TextChoices):
    PACKAGE = "package", _("chinese-calendar package")
    IMPORT = "import", _("Excel import")
    MANUAL = "manual", _("Entered by hand")


class OfficialYear(models.Model):
    """A year of the official calendar. Its schedule counts as known once confirmed
    (`confirmed_at` set); until then working days in it are counted Monday to Friday
    with the table's days applied, and every count says so."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=16, choices=YearSource.choices)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("official calendar year")
        verbose_name_plural = _("official calendar years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class OfficialDay(models.Model):
    """One day that differs from the plain week: a holiday, or a weekend day worked."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("official calendar day")
        verbose_name_plural = _("official calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}".strip()
