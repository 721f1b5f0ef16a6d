"""The honour types every federation starts with (data, editable in the admin)."""

HONOUR_TYPES = [
    # code, name, English name, level, category, awarding body, counts for the creation rate
    (
        "national-model-worker",
        "全国劳动模范",
        "National model worker",
        "national",
        "model_worker",
        "中共中央、国务院",
        True,
    ),
    (
        "provincial-model-worker",
        "省级劳动模范",
        "Provincial model worker",
        "provincial",
        "model_worker",
        "省委、省政府",
        True,
    ),
    (
        "city-model-worker",
        "市级劳动模范",
        "City model worker",
        "city",
        "model_worker",
        "市委、市政府",
        True,
    ),
    (
        "national-may-day-medal",
        "全国五一劳动奖章",
        "National May Day Labour Medal",
        "national",
        "may_day_medal",
        "中华全国总工会",
        True,
    ),
    (
        "provincial-may-day-medal",
        "省五一劳动奖章",
        "Provincial May Day Labour Medal",
        "provincial",
        "may_day_medal",
        "省总工会",
        True,
    ),
    (
        "great-power-craftsman",
        "大国工匠",
        "Great Power Craftsman",
        "national",
        "craftsman",
        "中华全国总工会",
        True,
    ),
    (
        "qilu-craftsman",
        "齐鲁工匠",
        "Qilu Craftsman",
        "provincial",
        "craftsman",
        "山东省总工会",
        True,
    ),
    (
        "sanqin-craftsman",
        "三秦工匠",
        "Sanqin Craftsman",
        "provincial",
        "craftsman",
        "陕西省总工会",
        True,
    ),
    (
        "qingdao-great-craftsman",
        "青岛大工匠",
        "Qingdao Great Craftsman",
        "city",
        "craftsman",
        "青岛市总工会",
        True,
    ),
    (
        "qingdao-craftsman",
        "青岛工匠",
        "Qingdao Craftsman",
        "city",
        "craftsman",
        "青岛市总工会",
        True,
    ),
    (
        "national-technical-expert",
        "全国技术能手",
        "National technical expert",
        "national",
        "technical_expert",
        "人力资源和社会保障部",
        False,
    ),
    (
        "provincial-technical-expert",
        "省技术能手",
        "Provincial technical expert",
        "provincial",
        "technical_expert",
        "省人力资源和社会保障厅",
        False,
    ),
]


def honour_types_ensure(model) -> None:
    """Create the starting honour types that are missing (`model`: HonourType, or its
    historical model in a migration). A flushed database (a transactional test) has none."""
    for code, name, name_en, level, category, body, counts in HONOUR_TYPES:
        model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "level": level,
                "category": category,
                "awarding_body": body,
                "counts_for_creation_rate": counts,
            },
        )
