"""Conflict of interest between an expert and a subject, pure: the facts are gathered by
the services (from the org tree, the worker registry, studios and mentoring) and the
reasons decided here, so every reason is unit-tested without a database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..enums import CoiReason

MentoringCheck = Callable[[frozenset[int], frozenset[int]], bool]


@dataclass(frozen=True)
class ExpertFacts:
    user_id: int
    # Paths of the organisations that employ the expert (an enterprise, or the enterprise
    # above the branch they are homed at): every subject inside one is a conflict.
    employer_paths: tuple[str, ...] = ()
    region_code: str = ""
    worker_ids: frozenset[int] = field(default_factory=frozenset)
    studio_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class SubjectFacts:
    org_path: str
    region_code: str = ""
    worker_ids: frozenset[int] = field(default_factory=frozenset)
    studio_ids: frozenset[int] = field(default_factory=frozenset)


def coi_reasons(
    expert: ExpertFacts,
    subject: SubjectFacts,
    *,
    region_digits: int = 0,
    mentoring: MentoringCheck | None = None,
) -> list[str]:
    """The reasons this expert may not score this subject (empty: no conflict).

    `region_digits` (0 = off, 2 province, 4 city, 6 county) compares that many leading
    digits of the GB/T 2260 region codes when the campaign asks for it."""
    reasons: list[str] = []
    if any(subject.org_path.startswith(p) for p in expert.employer_paths if p):
        reasons.append(CoiReason.SAME_EMPLOYER)
    if expert.studio_ids & subject.studio_ids:
        reasons.append(CoiReason.SAME_STUDIO)
    if (
        mentoring is not None
        and expert.worker_ids
        and subject.worker_ids
        and mentoring(expert.worker_ids, subject.worker_ids)
    ):
        reasons.append(CoiReason.MENTORING)
    if expert.worker_ids & subject.worker_ids:
        reasons.append(CoiReason.SELF)
    if (
        region_digits
        and len(expert.region_code) >= region_digits
        and expert.region_code[:region_digits] == subject.region_code[:region_digits]
    ):
        reasons.append(CoiReason.SAME_REGION)
    return reasons
