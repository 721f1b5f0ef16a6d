"""The competitions module's permission codes (declared with their roles in module.py)."""


class CompetitionPerm:
    MANAGE = "competition.manage"  # organise: competitions, tracks, stages, quotas, committee
    REVIEW = "competition.review"  # approve registrations at the organiser's level
    REGISTER = "competition.register"  # register entrants (in bulk), the enterprise's approval
    ENTER = "competition.enter"  # a worker registers themself
