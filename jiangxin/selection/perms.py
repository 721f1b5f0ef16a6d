"""The selection module's permission codes (declared with their roles in module.py)."""


class SelectionPerm:
    MANAGE = "selection.manage"
    NOMINATE = "selection.nominate"
    SCORE = "selection.score"
