import pytest
from django.utils import translation

from .factories import workday_today  # noqa: F401


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the zh-hans catalogue may already translate them)."""
    with translation.override("en"):
        yield
