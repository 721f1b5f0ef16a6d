from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    NATIONAL = "national", _("National federation")
    PROVINCIAL = "provincial", _("Provincial federation")
    MUNICIPAL = "municipal", _("Municipal federation")
    COUNTY = "county", _("County/district federation")
    INDUSTRY = "industry", _("Industry union")
    ENTERPRISE = "enterprise", _("Enterprise/unit")
    BRANCH = "branch", _("Branch/team")


FEDERATION_KINDS = frozenset(
    {OrgKind.NATIONAL, OrgKind.PROVINCIAL, OrgKind.MUNICIPAL, OrgKind.COUNTY}
)

# Which kinds may hang under which (None = a root).
ALLOWED_PARENTS: dict[str, frozenset[str | None]] = {
    OrgKind.NATIONAL: frozenset({None}),
    OrgKind.PROVINCIAL: frozenset({None, OrgKind.NATIONAL}),
    OrgKind.MUNICIPAL: frozenset({OrgKind.PROVINCIAL}),
    OrgKind.COUNTY: frozenset({OrgKind.MUNICIPAL}),
    OrgKind.INDUSTRY: frozenset(FEDERATION_KINDS),
    OrgKind.ENTERPRISE: frozenset(FEDERATION_KINDS | {OrgKind.INDUSTRY}),
    OrgKind.BRANCH: frozenset({OrgKind.ENTERPRISE, OrgKind.BRANCH}),
}


class Industry(models.TextChoices):
    """GB/T 4754-2017 sections."""

    A = "A", _("Agriculture, forestry, animal husbandry and fishery")
    B = "B", _("Mining")
    C = "C", _("Manufacturing")
    D = "D", _("Electricity, heat, gas and water production and supply")
    E = "E", _("Construction")
    F = "F", _("Wholesale and retail trade")
    G = "G", _("Transport, storage and postal services")
    H = "H", _("Accommodation and catering")
    I = "I", _("Information transmission, software and IT services")  # noqa: E741
    J = "J", _("Finance")
    K = "K", _("Real estate")
    L = "L", _("Leasing and business services")
    M = "M", _("Scientific research and technical services")
    N = "N", _("Water conservancy, environment and public facilities management")
    O = "O", _("Resident services, repair and other services")  # noqa: E741
    P = "P", _("Education")
    Q = "Q", _("Health and social work")
    R = "R", _("Culture, sports and entertainment")
    S = "S", _("Public administration, social security and social organisations")
    T = "T", _("International organisations")
