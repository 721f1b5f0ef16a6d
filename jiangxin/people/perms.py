"""The people module's permission codes (declared with their roles in module.py)."""


class PeoplePerm:
    VIEW = "people.view"
    MANAGE = "people.manage"
    PII_UNMASK = "pii.unmask"
