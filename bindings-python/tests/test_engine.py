"""Engine: questions as dicts and keywords, typed decisions, errors, policy files, threads."""

import datetime
import threading

import pytest

import noticegate
from noticegate import Verdict

PCG = dict(ask="share", service="Community Directory", category="Email address", recipient="PCG UK", as_of="2026-11-23")


def test_kwargs_dict_and_merge_agree(engine):
    facts = {"consent": "given", "data_processing_agreement": True}
    a = engine.ask(**PCG, facts=facts)
    b = engine.ask({**PCG, "facts": facts})
    c = engine.ask(PCG, facts=facts)
    assert a == b == c
    assert a.verdict is Verdict.PERMIT and a.verdict == "permit" and a.is_permit
    assert [r.rule for r in a.reasons] == ["cd.share.pcg_uk"]
    assert "third parties" in a.reasons[0].quote


def test_conditional_obligations_and_repr(engine):
    d = engine.ask(**PCG)
    assert d.verdict is Verdict.CONDITIONAL
    assert [o.fact for o in d.obligations] == ["consent", "data_processing_agreement"]
    # The enum fact's obligation lists the values that permit; the yes/no fact's, a bool.
    assert d.obligations[0].expect == ["given", "explicit"]
    assert d.obligations[1].expect is True
    assert repr(d) == "Decision(verdict='conditional', obligations=['consent', 'data_processing_agreement'], reasons=['cd.share.pcg_uk'])"
    text = str(d)
    assert text.startswith("conditional") and "cd.share.pcg_uk" in text
    as_dict = d.to_dict()
    assert as_dict["verdict"] == "conditional" and list(as_dict)[:3] == ["verdict", "obligations", "reasons"]
    assert d.policy_hash == engine.policy_hash and d.policy_hash.startswith("sha256:")


def test_dates_and_ids(engine):
    d = engine.ask({**PCG, "as_of": datetime.date(2026, 11, 23), "id": "q-1"})
    assert d.id == "q-1" and d.to_json().startswith('{"id":"q-1",')
    assert engine.ask({**PCG, "id": 7}).id == 7


def test_unknown_name_has_suggestions(engine):
    with pytest.raises(noticegate.UnknownNameError) as info:
        engine.ask(**{**PCG, "category": "Emial adress"})
    e = info.value
    assert isinstance(e, noticegate.Error) and isinstance(e, LookupError)
    assert e.code == "unknown_name" and e.field == "category"
    assert e.message == 'no category is named "Emial adress"'
    assert "Email address" in e.suggestions


def test_invalid_questions(engine):
    with pytest.raises(noticegate.InvalidQuestionError) as info:
        engine.ask(**{**PCG, "category": 3})
    assert info.value.field == "category" and info.value.code == "invalid_field"
    with pytest.raises(noticegate.InvalidQuestionError) as info:
        engine.ask(**PCG, recipent="PCG UK")
    assert info.value.code == "unknown_field" and info.value.suggestions[0] == "recipient"
    with pytest.raises(noticegate.InvalidQuestionError) as info:
        engine.ask(service="Community Directory")
    assert info.value.code == "missing_field" and info.value.field == "ask"
    with pytest.raises(noticegate.InvalidQuestionError) as info:
        engine.ask(**PCG, facts={"consent": "yes"})  # not one of the enum fact's values
    assert info.value.field == "facts.consent" and info.value.suggestions == ["not_given", "given", "explicit"]
    with pytest.raises(noticegate.InvalidQuestionError) as info:
        engine.ask(**PCG, facts={"consent": True})  # an enum fact takes a value, not a bool
    assert info.value.field == "facts.consent"
    with pytest.raises(noticegate.InvalidQuestionError):
        engine.ask(**PCG, facts={"consent": object()})
    with pytest.raises(noticegate.InvalidQuestionError):
        engine.ask(["not", "a", "dict"])
    with pytest.raises(noticegate.UnknownNameError) as info:
        engine.ask(**PCG, facts={"consnt": "given"})
    assert info.value.field == "facts.consnt" and info.value.suggestions[0] == "consent"
    # The engine stays usable after errors.
    assert engine.ask(**PCG).verdict is Verdict.CONDITIONAL


def test_ask_many_errors(engine):
    qs = [PCG, {**PCG, "service": "Comunity Directory"}, PCG]
    with pytest.raises(noticegate.UnknownNameError) as info:
        engine.ask_many(qs)
    assert info.value.index == 1 and info.value.field == "service"
    out = engine.ask_many(qs, errors="return")
    assert isinstance(out[0], noticegate.Decision) and isinstance(out[1], noticegate.UnknownNameError)
    assert out[1].json.startswith('{"error":{"code":"unknown_name"')
    assert engine.ask_many([]) == []


def test_policy_errors(root):
    with pytest.raises(noticegate.PolicyError) as info:
        noticegate.Engine(root / "tests" / "fixtures" / "broken")
    e = info.value
    assert e.diagnostics and all({"file", "line", "column", "message"} <= set(d) for d in e.diagnostics)
    assert "error" in str(e)
    with pytest.raises(noticegate.PolicyError) as info:
        noticegate.Engine(root / "no-such-dir")
    assert info.value.code == "io"


def test_engine_from_directory_equals_builtin(root, engine):
    loaded = noticegate.Engine(root / "policies")
    assert loaded.policy_hash == engine.policy_hash
    assert loaded.ask(**PCG) == engine.ask(**PCG)


def test_classify_and_lookup(engine):
    c = engine.classify("date_of_birth")
    assert c.category == "identity.date_of_birth" and c.matched_words == ["date", "of", "birth"]
    assert engine.classify("zzqx").category is None
    assert engine.lookup("recipient", "pcg uk")[0] == "pcg_uk" or engine.lookup("recipient", "pcg uk")[1].startswith("Public")
    with pytest.raises(noticegate.UnknownNameError):
        engine.lookup("category", "nothing like it")


def test_many_threads_share_one_engine(engine):
    expected = engine.ask(**PCG).to_json()
    batch = [PCG] * 2000
    failures = []

    def work():
        try:
            for _ in range(5):
                assert engine.ask(**PCG).to_json() == expected
                assert all(d.to_json() == expected for d in engine.ask_many(batch))
        except Exception as e:  # pragma: no cover
            failures.append(e)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
