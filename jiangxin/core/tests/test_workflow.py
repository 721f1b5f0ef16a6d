"""core.workflow.Workflow: the one state-machine style (a table, one guard)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation


class Light(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"
    BROKEN = "broken", "Broken"


def _light(**kw):
    from jiangxin.core.workflow import Workflow

    return Workflow(
        states=Light,
        table={
            Light.RED: {"go": Light.GREEN, "wait": Light.RED, "smash": Light.BROKEN},
            Light.GREEN: {"stop": Light.RED, "smash": Light.BROKEN},
            Light.BROKEN: {},
        },
        refused="This step needs %(allowed)s (it is %(current)s).",
        **kw,
    )


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("current", "step", "allowed"),
    [
        # state          action or target   allowed?
        (Light.RED, "go", True),
        (Light.RED, "wait", True),
        (Light.RED, "stop", False),
        (Light.RED, Light.GREEN, True),
        (Light.RED, Light.RED, True),  # through "wait"
        (Light.GREEN, "go", False),
        (Light.GREEN, Light.RED, True),
        (Light.GREEN, Light.GREEN, False),
        (Light.BROKEN, "go", False),
        (Light.BROKEN, Light.RED, False),
        (Light.RED, "fly", False),  # no such action
    ],
)
def test_workflow_can_by_action_or_target(current, step, allowed):
    light = _light()
    assert light.can(current, step) is allowed
    if allowed:
        light.require_transition(current, step)
    else:
        with pytest.raises(ValidationError):
            light.require_transition(current, step)


def test_workflow_refusal_names_the_states_the_step_needs():
    with pytest.raises(ValidationError) as exc:
        _light().require_transition(Light.GREEN, "go")
    assert exc.value.messages == ["This step needs Red (it is Green)."]


def test_workflow_final_state_and_own_messages():
    light = _light(
        final="It is %(current)s for good.",
        refusals={"stop": "Only a green light stops.", ("go", Light.GREEN): "Already green."},
    )
    for current, step, message in [
        (Light.BROKEN, "go", "It is Broken for good."),
        (Light.RED, "stop", "Only a green light stops."),
        (Light.GREEN, "go", "Already green."),
    ]:
        with pytest.raises(ValidationError) as exc:
            light.require_transition(current, step)
        assert exc.value.messages == [message]


def test_workflow_error_goes_on_the_field_asked_for():
    with pytest.raises(ValidationError) as exc:
        _light(field="status").require_transition(Light.GREEN, "go")
    assert list(exc.value.error_dict) == ["status"]
    with pytest.raises(ValidationError) as exc:
        _light(field="status").require_transition(Light.GREEN, "go", field="colour")
    assert list(exc.value.error_dict) == ["colour"]


def test_workflow_lists_actions_targets_and_the_step_to_a_target():
    light = _light()
    assert light.actions(Light.RED) == {"go", "wait", "smash"}
    assert light.targets(Light.GREEN) == {Light.RED, Light.BROKEN}
    assert light.allowed_in("smash") == [Light.RED, Light.GREEN]
    assert light.action_to(Light.GREEN, Light.RED) == "stop"
    assert light.action_to(Light.BROKEN, Light.RED) is None
    assert light.next_states(Light.RED, "go") == {Light.GREEN}


def test_workflow_table_with_an_unknown_state_or_an_action_named_like_a_state_is_refused():
    from jiangxin.core.workflow import Workflow

    with pytest.raises(ValueError, match="unknown states"):
        Workflow(states=Light, table={Light.RED: {"go": "blue"}}, refused="no")
    with pytest.raises(ValueError, match="named like states"):
        Workflow(states=Light, table={Light.RED: {"green": Light.GREEN}}, refused="no")
