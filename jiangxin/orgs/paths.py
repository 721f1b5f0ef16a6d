"""Arithmetic on the materialised paths of the organisation tree, the one copy of it.

A path is STEPLEN characters per level, root first: an org's ancestors are the prefixes of
its path, whole steps only, and its subtree the paths that start with it. Pure (strings
in, strings out): selectors, services and seeds of any app use it instead of slicing
paths themselves. (`core/access.py` keeps its own subtree ranges: core imports no app.)"""

from __future__ import annotations

from collections.abc import Iterable
from os.path import commonprefix

STEPLEN = 4  # `Org.steplen`: treebeard reads it from the model, which takes it from here


def depth_of(path: str) -> int:
    """The org's depth in the tree: 1 for the root."""
    return len(path) // STEPLEN


def path_at_depth(path: str, depth: int) -> str:
    """The path of the org's ancestor at `depth` (the org itself at its own depth)."""
    if not 1 <= depth <= depth_of(path):
        raise ValueError(f"{path!r} has no ancestor at depth {depth}")
    return path[: STEPLEN * depth]


def root_path(path: str) -> str:
    """The path of the root the org hangs under (depth 1): the top of its tree — on a
    one-province platform, the provincial federation."""
    return path_at_depth(path, 1)


def parent_path(path: str) -> str:
    """The parent's path; "" for a root."""
    return path[:-STEPLEN]


def ancestor_paths(path: str, *, include_self: bool = False) -> list[str]:
    """The paths of the orgs above (and, with `include_self`, of the org itself), root
    first."""
    last = depth_of(path) if include_self else depth_of(path) - 1
    return [path[: STEPLEN * d] for d in range(1, last + 1)]


def child_path_length(path: str) -> int:
    """How long the paths of the org's children are."""
    return len(path) + STEPLEN


def common_ancestor_path(paths: Iterable[str]) -> str:
    """The path of the deepest org over all of `paths` (itself one of them, or an
    ancestor); "" when they lie in different trees."""
    common = commonprefix(list(paths))
    return common[: len(common) - len(common) % STEPLEN]
