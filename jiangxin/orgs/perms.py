"""The orgs module's permission codes (declared with their roles in module.py)."""


class OrgPerm:
    VIEW = "org.view"
    MANAGE = "org.manage"
    MOVE = "org.move"
