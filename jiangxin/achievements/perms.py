"""The achievements module's permission codes (declared with their roles in module.py)."""


class AchievementPerm:
    VIEW = "achievement.view"
    MANAGE = "achievement.manage"
    REVIEW = "achievement.review"
    BENEFIT_CERTIFY = "benefit.certify"
