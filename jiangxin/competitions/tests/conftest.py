import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """The services' messages are matched in English here (the pages' tests read zh-Hans)."""
    with translation.override("en"):
        yield
