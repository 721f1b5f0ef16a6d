"""One state-machine style for every app, pure (no database).

An app's `domain/workflow.py` declares a `Workflow`: for each state, the actions allowed
in it and the state each leads to (the same state for a step that changes no status,
several states when the outcome decides, e.g. a review that approves or returns). A
service calls `WORKFLOW.require_transition(obj.status, action_or_target)` before it
writes; a view asks `WORKFLOW.actions(obj.status)` (through the app's `access.py`
predicates) which buttons to show. A refused step raises `TransitionError`, a
ValidationError whose message says what the record is and what the step needs.

    STUDIO = Workflow(
        states=StudioStatus,
        table={StudioStatus.DRAFT: {"submit": StudioStatus.SUBMITTED}, ...},
        refused=_("This step is not possible while the studio is “%(current)s”."),
        refusals={"submit": _("Only a draft or a returned studio can be submitted.")},
    )
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import TextChoices

Targets = str | frozenset[str]


class TransitionError(ValidationError):
    """A step the workflow does not allow now (shown like any other ValidationError)."""


@dataclass(frozen=True)
class Workflow:
    """`table`: state → {action: next state (or a frozenset of possible next states)}.

    Messages may use %(current)s (the state's label), %(target)s (the target's label,
    when the step names a state or its action leads to one state), %(allowed)s (the
    labels of the states the action is allowed in) and their old names %(old)s/%(new)s.
    `refusals` gives an action its own message, or an (action, state) pair; `final` is
    the message for a state with no way out; `field` puts the message on a form field."""

    states: type[TextChoices]
    table: Mapping[str, Mapping[str, Targets]]
    refused: object
    refusals: Mapping[str | tuple[str, str], object] = field(default_factory=dict)
    final: object = None
    field: str | None = None

    def __post_init__(self) -> None:
        known = set(self.states.values)
        used = set(self.table) | {t for row in self.table.values() for t in self._all_targets(row)}
        if used - known:
            raise ValueError(f"unknown states in the workflow table: {sorted(used - known)}")
        if clash := self.action_names & known:
            raise ValueError(f"actions named like states: {sorted(clash)}")

    @staticmethod
    def _all_targets(row: Mapping[str, Targets]) -> set[str]:
        out: set[str] = set()
        for t in row.values():
            out |= {t} if isinstance(t, str) else set(t)
        return out

    @property
    def action_names(self) -> frozenset[str]:
        return frozenset(a for row in self.table.values() for a in row)

    def actions(self, current: str) -> frozenset[str]:
        """The actions allowed in `current`."""
        return frozenset(self.table.get(current, {}))

    def targets(self, current: str) -> frozenset[str]:
        """The states `current` may move to (itself only through a step that keeps it)."""
        return frozenset(self._all_targets(self.table.get(current, {})))

    def next_states(self, current: str, action: str) -> frozenset[str]:
        target = self.table.get(current, {}).get(action)
        if target is None:
            return frozenset()
        return frozenset({target}) if isinstance(target, str) else frozenset(target)

    def allowed_in(self, action: str) -> list[str]:
        """The states (in declaration order) in which `action` is allowed."""
        return [s for s in self.states.values if action in self.table.get(s, {})]

    def can(self, current: str, step: str) -> bool:
        """Whether `step` (an action, or a target state) is allowed in `current`."""
        if step in self.states.values:
            return step in self.targets(current)
        return step in self.table.get(current, {})

    def action_to(self, current: str, target: str) -> str | None:
        """The action that leads from `current` to `target` (None if there is none)."""
        return next(
            (a for a in sorted(self.actions(current)) if target in self.next_states(current, a)),
            None,
        )

    def require_transition(self, current: str, step: str, *, field: str | None = None) -> None:
        """Raise `TransitionError` unless `step` (an action, or a target state) is allowed
        in `current`; the message goes on `field` (else the workflow's own field)."""
        if self.can(current, step):
            return
        raise self.error(current, step, field=field)

    def error(self, current: str, step: str, *, field: str | None = None) -> TransitionError:
        message = self.refusals.get((step, current)) or self.refusals.get(step)
        if message is None:
            message = self.final if self.final and not self.table.get(current) else self.refused
        text = str(message) % self._params(current, step)
        key = field or self.field
        return TransitionError({key: text} if key else text)

    def _label(self, state: str | None) -> str:
        if state in self.states.values:
            return str(self.states(state).label)
        return state or ""

    def _params(self, current: str, step: str) -> dict[str, str]:
        if step in self.states.values:
            target: str | None = step
            allowed = [s for s in self.states.values if step in self.targets(s)]
        else:
            ends = {t for s in self.allowed_in(step) for t in self.next_states(s, step)}
            target = next(iter(ends)) if len(ends) == 1 else None
            allowed = self.allowed_in(step)
        params = {
            "current": self._label(current),
            "target": self._label(target) if target else step,
            "allowed": ", ".join(self._label(s) for s in allowed),
        }
        params["old"], params["new"] = params["current"], params["target"]
        return params
