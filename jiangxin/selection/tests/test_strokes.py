"""Surname strokes (姓氏笔画) for public lists."""

import pytest

from jiangxin.selection.domain.strokes import _table, stroke_sort_key, surname_strokes


@pytest.mark.parametrize(
    ("name", "strokes"),
    [
        ("王芳", 4), ("李明", 7), ("张伟", 7), ("刘海燕", 6), ("陈敏", 7), ("杨帆", 7),
        ("赵强", 9), ("黄磊", 11), ("周强", 8), ("吴静", 7), ("孙丽", 6), ("郭锐", 10),
        ("栾军", 10), ("贾建华", 10), ("许振超", 6), ("丁一", 2), ("于谦", 3), ("欧阳修", 8),
        ("司马光", 5), ("诸葛亮", 10), ("魏征", 17), ("籍忠", 20),
    ],
)  # fmt: skip
def test_surname_strokes_known(name, strokes):
    assert surname_strokes(name) == strokes


def test_surname_strokes_table_is_big_and_sane():
    table = _table()
    assert len(table) >= 300
    assert all(1 <= n <= 30 for n in table.values())
    assert surname_strokes("") is None
    assert surname_strokes("Smith") is None


def test_stroke_order_of_a_public_list():
    names = ["郭锐", "王芳", "李明", "欧阳修", "丁一", "Zoe", "王小明", "张伟", "Adam", "孙丽"]
    ordered = sorted(names, key=stroke_sort_key)
    # 丁2, 王4 (both 王 together), 孙6, 李7 张7 (by the surname itself), 欧阳8, 郭10, then unknown
    assert ordered == [
        "丁一",
        "王小明",
        "王芳",
        "孙丽",
        "张伟",
        "李明",
        "欧阳修",
        "郭锐",
        "Adam",
        "Zoe",
    ]


def test_stroke_order_single_欧_is_not_欧阳():
    assert stroke_sort_key("欧阳")[2] == "欧"  # a two-character name: surname 欧, given name 阳
