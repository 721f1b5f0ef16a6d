"""The studios module's permission codes (declared with their roles in module.py)."""


class StudioPerm:
    APPLY = "studio.apply"
    REVIEW = "studio.review"
