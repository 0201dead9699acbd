"""The conformance corpus (tests/cases/*.jsonl) through the binding: every decision, and every
error, the same bytes of JSON as `noticegate ask` prints."""

import json

import pytest

import noticegate
from conftest import ROOT, run_cli

CASES = [json.loads(line) for path in sorted((ROOT / "tests" / "cases").glob("*.jsonl")) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def cli_lines():
    lines = [json.dumps(case["question"], ensure_ascii=False) for case in CASES]
    out = run_cli(["ask"], "\n".join(lines) + "\n").splitlines()
    assert len(out) == len(CASES)
    return out


def as_json(answer):
    return answer.json if isinstance(answer, noticegate.Error) else answer.to_json()


def test_corpus_is_there():
    assert len(CASES) > 500


def test_ask_matches_cli_byte_for_byte(engine, cli_lines):
    mismatches = []
    for case, expected in zip(CASES, cli_lines):
        try:
            got = engine.ask(case["question"]).to_json()
        except noticegate.Error as e:
            got = e.json
        if got != expected:
            mismatches.append(f"{case['case']}:\n  cli:    {expected}\n  python: {got}")
    assert not mismatches, f"{len(mismatches)} of {len(CASES)} differ:\n" + "\n".join(mismatches[:10])


def test_ask_many_matches_cli_byte_for_byte(engine, cli_lines):
    answers = engine.ask_many([case["question"] for case in CASES], errors="return")
    mismatches = [case["case"] for case, a, expected in zip(CASES, answers, cli_lines) if as_json(a) != expected]
    assert not mismatches, f"{len(mismatches)} differ: {mismatches[:10]}"


def test_ask_json_matches_cli(engine, cli_lines):
    for case, expected in zip(CASES, cli_lines):
        assert engine.ask_json(json.dumps(case["question"])) == expected, case["case"]


def test_expectations_hold(engine):
    """The corpus's own expectations, read through the typed API."""
    for case in CASES:
        expect = case["expect"]
        if "error" in expect:
            with pytest.raises(noticegate.Error) as info:
                engine.ask(case["question"])
            assert info.value.code == expect["error"], case["case"]
            continue
        d = engine.ask(case["question"])
        assert d.verdict == expect["verdict"], case["case"]
        assert isinstance(d.verdict, noticegate.Verdict)
        if "rules" in expect:
            assert [r.rule for r in d.reasons] == expect["rules"], case["case"]
        if "obligations" in expect:
            assert [o.fact for o in d.obligations] == expect["obligations"], case["case"]
