"""notice.agent_name: both slots hold the configured agent, declined or not, never a placeholder."""

from __future__ import annotations

from conftest import NOTICE_2022


def test_the_configured_agent_passes(run_kind) -> None:  # type: ignore[no-untyped-def]
    assert run_kind(NOTICE_2022, "notice.agent_name") == []


def test_another_name_is_reported_with_the_expected_one(run_kind) -> None:  # type: ignore[no-untyped-def]
    fs = run_kind(NOTICE_2022.replace("АГЕНТА ООО «МЕМО»", "АГЕНТА АНО «ДРУГОЕ»"), "notice.agent_name")
    assert fs and all(f.outcome == "name" for f in fs)
    assert any("different entities" in f.message for f in fs)
    assert any("expected" in f.message and "МЕМО" in f.message for f in fs)


def test_a_template_placeholder_is_not_a_name(run_kind) -> None:  # type: ignore[no-untyped-def]
    fs = run_kind(NOTICE_2022.replace("АГЕНТОМ ООО «МЕМО»", "АГЕНТОМ <НАИМЕНОВАНИЕ>"), "notice.agent_name")
    assert any("placeholder" in f.message for f in fs)
