"""The accounts module's permission codes (declared with their roles in module.py)."""


class AccountPerm:
    USER_MANAGE = "user.manage"
