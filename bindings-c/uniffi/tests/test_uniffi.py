"""Tests the uniffi-generated Python binding (noticegate_uniffi.py next to the library).

Run by bindings-c/test.sh: python3 test_uniffi.py GENERATED_DIR POLICY_DIR CASES_DIR
Plain asserts, no packages; prints "N passed, N failed" and exits non-zero on a failure.
"""
import glob
import json
import os
import sys
import threading
import traceback

sys.path.insert(0, sys.argv[1])
import noticegate_uniffi as ng  # noqa: E402

POLICIES, CASES = sys.argv[2], sys.argv[3]
passed = failed = 0


def test(fn):
    global passed, failed
    try:
        fn()
        passed += 1
    except Exception:
        failed += 1
        print("FAIL " + fn.__name__)
        traceback.print_exc()
    return fn


ENGINE = ng.Engine.builtin()
SHARE = dict(ask="share", service="Community Directory", category="Email address", recipient="PCG UK", as_of="2026-11-23")
SHARE_JSON = json.dumps(dict(SHARE, facts={"consent": "given", "data_processing_agreement": True}))


def fact_value(v):
    # Yes/no facts as BOOL, enum (and date) facts as TEXT, e.g. consent="given".
    if isinstance(v, bool):
        return ng.FactValue.BOOL(v)
    if isinstance(v, str):
        return ng.FactValue.TEXT(v)
    return ng.FactValue.NUMBER(float(v))


def share(**facts):
    return ng.Question(**SHARE, facts={k: fact_value(v) for k, v in facts.items()})


def load_dir(root):
    files = []
    for path in sorted(glob.glob(os.path.join(root, "**", "*"), recursive=True)):
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        if rel.endswith(".toml") or (rel.startswith("sources/") and rel.endswith(".txt")):
            with open(path, encoding="utf-8") as f:
                files.append(ng.PolicyFile(name=rel, text=f.read()))
    return ng.Engine.from_texts(files)


@test
def version_and_hash():
    assert ng.version() == "0.1.0"
    assert ENGINE.policy_hash().startswith("sha256:")


@test
def ask_json_line():
    d = json.loads(ENGINE.ask_json(SHARE_JSON))
    assert d["verdict"] == "permit", d
    assert d["policy_hash"] == ENGINE.policy_hash()
    err = json.loads(ENGINE.ask_json('{"ask": "share", "service": "Nope"}'))
    assert "error" in err, err
    assert "error" in json.loads(ENGINE.ask_json("not json"))


@test
def decide_permit_with_quote():
    d = ENGINE.decide(share(consent="given", data_processing_agreement=True))
    assert d.verdict == ng.Verdict.PERMIT, d
    assert d.reasons and d.reasons[0].quote and d.reasons[0].notice.endswith(".txt"), d.reasons
    assert d.reasons[0].effect == "permit"
    assert d.obligations == []
    assert d.policy_hash == ENGINE.policy_hash()


@test
def decide_conditional_lists_obligations():
    d = ENGINE.decide(share(consent="given"))
    assert d.verdict == ng.Verdict.CONDITIONAL, d
    facts = [o.fact for o in d.obligations]
    assert facts == ["data_processing_agreement"], facts
    # Consent withdrawn or never given: the share needs consent, so no permit at all.
    for value in ("withdrawn", "not_given"):
        d = ENGINE.decide(share(consent=value, data_processing_agreement=True))
        assert d.verdict == ng.Verdict.NOT_STATED, (value, d)
    # Consent unknown: an obligation naming the enum fact and the values that permit.
    d = ENGINE.decide(share(data_processing_agreement=True))
    assert d.verdict == ng.Verdict.CONDITIONAL, d
    assert [(o.fact, json.loads(o.expect_json)) for o in d.obligations] == [("consent", ["given", "explicit"])], d.obligations
    assert all(json.loads(o.expect_json) in (True, False) or isinstance(json.loads(o.expect_json), list) for o in d.obligations)


@test
def decide_with_defaults():
    # Optional fields have defaults: ask + names only; as_of defaults to today.
    d = ENGINE.decide(ng.Question(ask="collect", service="Community Directory", category="Name"))
    assert d.verdict in (ng.Verdict.PERMIT, ng.Verdict.CONDITIONAL), d


@test
def unknown_name_is_a_question_error():
    q = ng.Question(**dict(SHARE, category="Emial adress"), facts={})
    try:
        ENGINE.decide(q)
    except ng.NoticegateError.Question as e:
        assert e.code == "unknown_name", e.code
        assert e.field == "category", e.field
        assert "Emial adress" in e.detail and "Emial adress" in str(e), e.detail
        assert e.suggestions, e.suggestions
    else:
        raise AssertionError("no error")


@test
def bad_kind_date_and_fact_type():
    for q, field in [
        (ng.Question(ask="sell", service="Community Directory"), "ask"),
        (ng.Question(**dict(SHARE, as_of="2026-02-30")), "as_of"),
        (ng.Question(**SHARE, facts={"consent": ng.FactValue.NUMBER(3.0)}), "facts.consent"),
    ]:
        try:
            ENGINE.decide(q)
        except ng.NoticegateError.Question as e:
            assert e.field == field, (e.field, field, e.detail)
        else:
            raise AssertionError("no error for " + field)


@test
def classify():
    c = ENGINE.classify("dateOfBirth")
    assert c.category is not None and c.label, c
    assert c.matched_words, c
    none = ENGINE.classify("zzqx")
    assert none.category is None and none.label is None and none.matched_words == [], none


@test
def classify_frame():
    # A table keyed by a school's URN: its Postcode is the school's, the head's name a person's.
    read = ENGINE.classify_frame(["URN", "Postcode", "HeadFirstName"])
    assert [c.category for c in read] == [None, None, "identity.name"], read
    # A pupil table carrying its school's URN stays a person's.
    read = ENGINE.classify_frame(["UPN", "URN", "Postcode"])
    assert read[2].category == "contact.address", read


@test
def load_from_texts():
    loaded = load_dir(POLICIES)
    assert loaded.ask_json(SHARE_JSON) == ENGINE.ask_json(SHARE_JSON)
    try:
        ng.Engine.from_texts([ng.PolicyFile(name="inline.toml", text='[[category]]\nid = "x"\nlabel = "X')])
    except ng.NoticegateError.Policy as e:
        assert "inline.toml:" in e.detail and "inline.toml:" in str(e), e.detail
    else:
        raise AssertionError("broken policy loaded")
    try:
        ng.Engine.from_texts([])
    except ng.NoticegateError.Policy as e:
        assert "no policy files" in e.detail
    else:
        raise AssertionError("empty set loaded")


@test
def threads_share_one_engine():
    want = ENGINE.decide(share(consent="given", data_processing_agreement=True)).verdict
    bad = []

    def run():
        for _ in range(200):
            if ENGINE.decide(share(consent="given", data_processing_agreement=True)).verdict != want:
                bad.append(1)
            if json.loads(ENGINE.ask_json(SHARE_JSON))["verdict"] != "permit":
                bad.append(1)

    ts = [threading.Thread(target=run) for _ in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not bad, len(bad)


VERDICTS = {"permit": ng.Verdict.PERMIT, "conditional": ng.Verdict.CONDITIONAL, "deny": ng.Verdict.DENY, "not_stated": ng.Verdict.NOT_STATED}
FIELDS = {"ask", "notice", "service", "category", "recipient", "basis", "purpose", "country", "record", "right", "as_of", "facts"}


def fact_value(v):
    if isinstance(v, bool):
        return ng.FactValue.BOOL(v)
    if isinstance(v, (int, float)):
        return ng.FactValue.NUMBER(float(v))
    return ng.FactValue.TEXT(v)


@test
def corpus_decide_agrees_with_ask_json():
    """Every corpus question the typed record can express: decide gives ask_json's verdict
    and every other field of the decision, or the same error code."""
    n, kinds = 0, set()
    for path in sorted(glob.glob(os.path.join(CASES, "*.jsonl"))):
        for line in open(path, encoding="utf-8"):
            q = json.loads(line)["question"]
            if not isinstance(q, dict) or not set(q) <= FIELDS or not all(isinstance(q.get(k, ""), str) for k in FIELDS - {"facts"}):
                continue
            if not isinstance(q.get("facts", {}), dict) or "ask" not in q:
                continue
            want = json.loads(ENGINE.ask_json(json.dumps(q)))
            facts = {k: fact_value(v) for k, v in q.get("facts", {}).items()}
            try:
                got = ENGINE.decide(ng.Question(**{k: v for k, v in q.items() if k != "facts"}, facts=facts))
            except ng.NoticegateError.Question as e:
                assert "error" in want and want["error"]["code"] == e.code, (q, want, e)
            else:
                assert "error" not in want, (q, want, got)
                assert got.verdict == VERDICTS[want["verdict"]], (q, want["verdict"], got.verdict)
                assert [r.quote for r in got.reasons] == [r["quote"] for r in want["reasons"]], q
                assert [o.fact for o in got.obligations] == [o["fact"] for o in want["obligations"]], q
                assert [(b.id, b.label) for b in got.bases] == [(b["id"], b["label"]) for b in want.get("bases", [])], q
                assert got.disposal_date == want.get("disposal_date"), q
                assert [(x.date, x.after, x.period, x.applies) for x in got.disposal_dates] == [
                    (x["date"], x["after"], x["period"], x["applies"]) for x in want.get("disposal_dates", [])
                ], q
                assert got.schedule == want.get("schedule"), q
                mechanism = want.get("mechanism")
                assert (got.mechanism and (got.mechanism.id, got.mechanism.article, got.mechanism.legal_source)) == (
                    mechanism and (mechanism["id"], mechanism["article"], mechanism["legal_source"])
                ), q
                rights = want.get("rights")
                assert (got.rights and [(r.id, r.verdict, r.because) for r in got.rights]) == (
                    rights and [(r["id"], VERDICTS[r["verdict"]], r["because"]) for r in rights]
                ), q
                kinds.update(k for k in ("bases", "disposal_dates", "schedule", "mechanism", "rights") if want.get(k))
            n += 1
    assert n > 1000, n
    assert kinds == {"bases", "disposal_dates", "schedule", "mechanism", "rights"}, kinds


@test
def gate_columns_and_check_form():
    request = dict(columns=["email_address", "health_conditions", "favourite_colour"], samples=[["a@example.org"], ["asthma"], ["blue"]],
                   rows=4, service="Community Directory", recipient="PCG UK", as_of="2026-11-23",
                   facts={"consent": "given", "data_processing_agreement": True})
    answer = json.loads(ENGINE.gate_columns_json(json.dumps(request)))
    assert answer["passed"] == ["email_address"], answer
    assert [c["status"] for c in answer["columns"]] == ["allowed", "blocked", "unclassified"], answer
    assert answer["columns"][0]["reasons"][0]["quote"] and answer["rows_in"] == 4
    try:
        ENGINE.gate_columns_json(json.dumps(dict(request, categories={"email_adress": "Email address"})))
        raise AssertionError("no error")
    except ng.NoticegateError.Question as e:
        assert e.code == "missing_column" and e.field == "columns" and e.suggestions == ["email_address"], e
    form = json.dumps({"properties": {"dob": {"type": "string", "title": "Date of birth"}}})
    check = json.loads(ENGINE.check_form_json(form, "Community Directory", None, "2026-11-23"))
    assert check["format"] == "json-schema" and check["fields"][0]["classification"]["category"] == "identity.date_of_birth", check
    try:
        ENGINE.check_form_json('{"pages": 3}', "Community Directory", None, None)
        raise AssertionError("no error")
    except ng.NoticegateError.Question as e:
        assert e.code == "invalid_form", e


print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
