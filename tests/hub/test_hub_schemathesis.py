"""Schemathesis against the running hub's /openapi.json: the right 4xx, never a 5xx, and
nothing changed (the generated changes can never carry a matching content hash, enrolment
codes never match, and no generated cursor is one the hub handed out)."""

from __future__ import annotations

from typing import Any

import schemathesis
from hubkit import Hub, window_code
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from app.hub import admin
from app.sync.wire import DeviceKind

EXAMPLES = 40  # per operation and generation mode; enough to hit every refusal path

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def fuzz(strategy: Any, base_url: str, checks: list[Any]) -> Any:
    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def exercise(case: schemathesis.Case) -> None:
        response = case.call(base_url=base_url, timeout=60)
        case.validate_response(response, checks=checks)

    return exercise


def test_generated_requests_get_the_right_4xx_and_change_nothing(hub: Hub) -> None:
    token = hub.enrol(DeviceKind.WINDOW, window_code())
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_url(f"{hub.base_url}/openapi.json")
    before = hub.counts()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} == {
        "/healthz",
        "/v1/enrol",
        "/v1/push",
        "/v1/changes",
        "/v1/hub",
        "/v1/catalog/{version}",
    }
    for operation in operations:
        modes = [GenerationMode.POSITIVE]
        if operation.path not in ("/healthz", "/v1/hub"):  # no input: nothing to make invalid
            modes.append(GenerationMode.NEGATIVE)
        for mode in modes:
            checks = CHECKS + ([negative_data_rejection] if mode is GenerationMode.NEGATIVE else [])
            strategy = operation.as_strategy(generation_mode=mode, headers=headers)
            fuzz(strategy, hub.base_url, checks)()
    assert hub.counts() == before
    assert admin.verify_audit(hub.store) is None
