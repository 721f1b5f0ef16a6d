"""The org-tree path arithmetic (orgs/paths.py) on plain strings, and against the tree."""

import pytest

from jiangxin.orgs.models import Org
from jiangxin.orgs.paths import (
    STEPLEN,
    ancestor_paths,
    child_path_length,
    common_ancestor_path,
    depth_of,
    parent_path,
    path_at_depth,
    root_path,
)

BRANCH = "0001" "0002" "0003" "0004" "0005"  # fmt: skip


def test_paths_depth_parent_and_ancestors():
    assert STEPLEN == Org.steplen == 4
    assert depth_of(BRANCH) == 5 and depth_of("0001") == 1
    assert parent_path(BRANCH) == "0001000200030004" and parent_path("0001") == ""
    assert ancestor_paths(BRANCH) == ["0001", "00010002", "000100020003", "0001000200030004"]
    assert ancestor_paths(BRANCH, include_self=True)[-1] == BRANCH
    assert ancestor_paths("0001") == [] and ancestor_paths("0001", include_self=True) == ["0001"]


def test_paths_at_depth_root_and_children():
    assert path_at_depth(BRANCH, 2) == "00010002" and path_at_depth(BRANCH, 5) == BRANCH
    assert root_path(BRANCH) == "0001" == root_path("0001")
    with pytest.raises(ValueError):
        path_at_depth("00010002", 3)
    with pytest.raises(ValueError):
        path_at_depth("00010002", 0)
    assert child_path_length("00010002") == 12


def test_paths_common_ancestor_whole_steps_only():
    assert common_ancestor_path(["000100020003", "000100020004"]) == "00010002"
    # "00010012" and "00010013" share "0001001", which is no org: the step is cut off
    assert common_ancestor_path(["00010012", "00010013"]) == "0001"
    assert common_ancestor_path(["000100020003"]) == "000100020003"
    assert common_ancestor_path(["0001", "0002"]) == ""


@pytest.mark.django_db
def test_paths_agree_with_the_tree(world):
    branch = world.branch_a1
    above = [world.province, world.city, world.county, world.ent_a]
    assert ancestor_paths(branch.path) == [o.path for o in above]
    assert parent_path(branch.path) == world.ent_a.path
    assert depth_of(branch.path) == branch.depth
    assert root_path(world.ent_c.path) == world.province.path
