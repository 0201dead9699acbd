"""gate(): columns by category, rows by their facts, on pandas and polars frames."""

import pandas as pd
import polars as pl
import pytest

import noticegate
from noticegate import Verdict

EXPORT = dict(service="Community Directory", recipient="PCG UK", as_of="2026-11-23", facts={"data_processing_agreement": True})


def community_rows():
    return {
        "email_address": ["a@example.org", "b@example.org", "c@example.org", "d@example.org", "e@example.org"],
        "health_conditions": ["asthma", "", "diabetes", "", ""],
        # The enum fact `consent`, one value per row; None is unknown.
        "consent": ["given", "withdrawn", "explicit", None, "not_given"],
        "internal_notes": ["x", "y", "z", "w", "v"],
    }


@pytest.fixture(params=["pandas", "polars"])
def frame(request):
    rows = community_rows()
    return pd.DataFrame(rows) if request.param == "pandas" else pl.DataFrame(rows)


def test_columns_and_rows_as_the_notice_says(frame):
    result = noticegate.gate(frame, **EXPORT)
    out, report = result
    assert type(out) is type(frame)
    assert list(out.columns) == ["email_address"]
    # The share needs consent (given or explicit): consent withdrawn (row 2), unknown (row 4)
    # and never given (row 5) stay behind.
    assert list(out["email_address"]) == ["a@example.org", "c@example.org"]
    assert report.rows_in == 5 and report.rows_out == 2 and report.rows_dropped == 3

    email = report["email_address"]
    assert email.status == "allowed" and email.category == "contact.email" and email.verdict is Verdict.PERMIT
    assert [r.rule for r in email.reasons] == ["cd.share.pcg_uk"] and email.reasons[0].quote
    assert email.rows_excluded == 3

    health = report["health_conditions"]
    assert health.status == "blocked" and health.category.startswith("special.") and health.verdict is Verdict.NOT_STATED
    assert health.notes and "No rule" in health.notes[0]

    assert report["internal_notes"].status == "unclassified"
    assert report["consent"].status == "fact" and report["consent"].category == "consent"
    assert report.passed == ["email_address"]
    assert set(report.blocked) == {"health_conditions", "consent", "internal_notes"}

    groups = {g.facts["consent"]: g for g in report.row_groups}
    assert set(groups) == {"given", "withdrawn", "explicit", None, "not_given"}
    assert groups["given"].kept and groups["explicit"].kept and groups["given"].rows == 1
    assert groups["withdrawn"].kept is False and groups["not_given"].kept is False
    assert groups["withdrawn"].blocked_by == (("email_address", Verdict.NOT_STATED),)
    assert groups[None].kept is False  # unknown consent: fail closed


def test_report_prints_and_converts(frame):
    report = noticegate.gate(frame, **EXPORT).report
    text = str(report)
    for word in ("email_address", "allowed", "blocked", "unclassified", "cd.share.pcg_uk", "3 dropped", "consent='withdrawn'", "consent unknown"):
        assert word in text
    df = report.to_pandas()
    assert list(df["column"]) == ["email_address", "health_conditions", "consent", "internal_notes"]
    assert list(df["status"]) == ["allowed", "blocked", "fact", "unclassified"]
    assert report.to_polars().height == 4


def test_conditional_columns_carry_obligations():
    frame = pd.DataFrame({"email": ["a@x.org"], "name": ["A"]})
    report = noticegate.gate(frame, service="Community Directory", recipient="PCG UK", as_of="2026-11-23").report
    assert report["email"].status == "conditional"
    assert [o.fact for o in report["email"].obligations] == ["consent", "data_processing_agreement"]
    assert report["email"].obligations[0].expect == ["given", "explicit"]
    strict = noticegate.gate(frame, service="Community Directory", recipient="PCG UK", as_of="2026-11-23", strict=True)
    assert list(strict.frame.columns) == []


def test_columns_mapping_and_row_facts_mapping():
    frame = pl.DataFrame({"col_a": ["a@x.org", "b@x.org"], "flag": ["withdrawn", "given"], "misc": [1, 2]})
    result = noticegate.gate(
        frame, **EXPORT, columns={"col_a": "Email address"}, row_facts={"flag": "consent status"}
    )
    assert result.frame.columns == ["col_a"] and result.frame["col_a"].to_list() == ["b@x.org"]
    assert result.report["col_a"].classified_by == "columns"
    assert result.report["misc"].status == "unclassified"


def test_pseudonymised_flag_gates_health_rows():
    frame = pd.DataFrame({"health_information": ["h1", "h2", "h3"], "pseudonymised": [True, False, True]})
    result = noticegate.gate(frame, service="Xantura OneView", recipient="Xantura", as_of="2026-11-23", facts={"data_processing_agreement": True})
    assert list(result.frame["health_information"]) == ["h1", "h3"]
    assert result.report["health_information"].status == "allowed"
    assert result.report["pseudonymised"].status == "fact"


def test_bad_input():
    frame = pd.DataFrame({"email": ["a@x.org"]})
    with pytest.raises(noticegate.InvalidQuestionError) as info:
        noticegate.gate(frame, **EXPORT, columns={"emial": "Email address"})
    assert info.value.code == "missing_column" and info.value.suggestions == ["email"]
    with pytest.raises(noticegate.InvalidQuestionError) as info:
        noticegate.gate(frame, **EXPORT, row_facts={"consent": "consent"})
    assert info.value.field == "row_facts"
    with pytest.raises(noticegate.UnknownNameError) as info:
        noticegate.gate(frame, **EXPORT, row_facts={"email": "consnt"})
    assert info.value.field == "row_facts" and info.value.suggestions[0] == "consent"
    with pytest.raises(noticegate.UnknownNameError) as info:
        noticegate.gate(frame, **EXPORT, columns={"email": "Emial"})
    assert "Emails" in info.value.suggestions
    with pytest.raises(noticegate.UnknownNameError) as info:
        noticegate.gate(frame, **{**EXPORT, "recipient": "Nobody Ltd"})
    assert info.value.field == "recipient"
    with pytest.raises(noticegate.UnknownNameError) as info:
        noticegate.gate(pd.DataFrame({"zzz": [1]}), **{**EXPORT, "service": "Comunity Directory"})
    assert info.value.field == "service"
    with pytest.raises(TypeError):
        noticegate.gate({"email": ["a"]}, **EXPORT)


def test_enum_row_fact_values_and_types():
    # Values fold like every name ("Given" is given); categorical columns work as strings.
    frame = pd.DataFrame({"email": ["a@x.org", "b@x.org", "c@x.org"], "consent": pd.Categorical(["Given", "withdrawn", "explicit"])})
    assert list(noticegate.gate(frame, **EXPORT).frame["email"]) == ["a@x.org", "c@x.org"]
    lazy = noticegate.gate(pl.LazyFrame({"email": ["a@x.org", "b@x.org"], "consent": ["not_given", "given"]}), **EXPORT)
    assert lazy.frame.collect()["email"].to_list() == ["b@x.org"]
    # A value the fact does not have, or a yes/no column for the enum fact: an error, never a guess.
    # The error names the column the value came from (core's gate does, at every surface).
    with pytest.raises(noticegate.InvalidQuestionError) as info:
        noticegate.gate(pd.DataFrame({"email": ["a@x.org"], "Consent": ["revoked"]}), **EXPORT)
    assert info.value.field == "Consent" and "not_given, given, explicit, withdrawn" in info.value.message
    with pytest.raises(noticegate.InvalidQuestionError) as info:
        noticegate.gate(pd.DataFrame({"email": ["a@x.org"], "consent": [True]}), **EXPORT)
    assert info.value.field == "consent"


def test_empty_frame_and_large_frame_vectorised():
    empty = pd.DataFrame({"email": pd.Series([], dtype=str), "consent": pd.Series([], dtype=str)})
    result = noticegate.gate(empty, **EXPORT)
    assert result.report.rows_in == 0 and len(result.frame) == 0
    n = 100_000
    big = pl.DataFrame({"email": ["a@x.org"] * n, "consent": ["withdrawn" if i % 10 == 0 else "given" for i in range(n)]})
    result = noticegate.gate(big, **EXPORT)
    assert result.frame.height == n - n // 10 and result.report.rows_dropped == n // 10


def test_pandas_object_fact_column_missing_mixed_and_unknown_values():
    # Past the top 1,000 rows (which the pandas adapter compares first) and across its
    # 16,384-row blocks, so that every path of the object column's encoding is taken; pd.NA
    # (whose == is not a bool) sends the column to pandas' factorize instead.
    n = 40_000
    for missing in ([None, float("nan")], [None, float("nan"), pd.NA]):
        consent = pd.Series(["given", "withdrawn", "explicit"] * (n // 3) + ["given"] * (n % 3), dtype=object)
        for i, row in enumerate([5, 7, 9, 20_000, 30_001, 39_999]):
            consent[row] = missing[i % len(missing)]
        consent[25_000] = "Explicit"  # only after the top rows; core folds it to explicit
        frame = pd.DataFrame({"email_address": [f"p{i}@example.org" for i in range(n)], "consent": consent})
        out, report = noticegate.gate(frame, **EXPORT)
        # Missing values of any kind are unknown: those rows stay behind (fail closed).
        expected = consent.isin(["given", "explicit", "Explicit"])
        assert list(out["email_address"]) == list(frame["email_address"][expected])
        assert list(out.index) == list(frame.index[expected])
        # The report lists the combinations in the order they first appear in the rows.
        assert [g.facts["consent"] for g in report.row_groups] == ["given", "withdrawn", "explicit", None, "Explicit"]
        groups = {g.facts["consent"]: g for g in report.row_groups}
        assert groups[None].rows == 6 and not groups[None].kept
        assert groups["Explicit"].rows == 1 and groups["Explicit"].kept
        assert groups["withdrawn"].rows == 13_330 and not groups["withdrawn"].kept  # 13,333 less rows 7, 25,000, 30,001
        assert report.rows_out == int(expected.sum()) and report.rows_in == n

    def error(values, column="consent", **columns):
        with pytest.raises(noticegate.InvalidQuestionError) as info:
            noticegate.gate(pd.DataFrame({"email_address": ["a@x.org"] * len(values), column: values, **columns}), **EXPORT)
        return info.value

    # A value the fact does not have, past the top rows: core's error, naming the column.
    e = error(["given"] * 5000 + ["revoked"])
    assert (e.code, e.field) == ("invalid_field", "consent") and "revoked" in e.message
    # Text mixed with numbers, in the top rows or only after them: a coded error, never a permit.
    for values in (["given", 1, None], ["given"] * 5000 + [1]):
        e = error(values)
        assert (e.code, e.field) == ("mixed_types", "consent")
    # A yes/no fact whose column mixes True with 1 (which hashing alone would merge).
    e = error([True] * 5000 + [1], column="national_data_opt_out")
    assert (e.code, e.field) == ("mixed_types", "national_data_opt_out")
    e = error([["given"], "given"])
    assert (e.code, e.field) == ("invalid_fact_value", "consent")
    # A data column mixing types in its sample: core's classifier names it.
    with pytest.raises(noticegate.InvalidQuestionError) as info:
        noticegate.gate(pd.DataFrame({"email_address": ["a@x.org", 7], "consent": ["given", "given"]}), **EXPORT)
    assert (info.value.code, info.value.field) == ("mixed_types", "email_address")


def test_pandas_output_keeps_index_dtypes_and_is_a_copy():
    frame = pd.DataFrame(
        {
            "email_address": pd.array(["a@x.org", "b@x.org", "c@x.org", None], dtype="string"),
            "visits": pd.array([1, None, 3, 4], dtype="Int64"),
            "full_name": pd.Categorical(["A", "B", "C", "D"]),
            "consent": pd.Categorical(["given", "withdrawn", "explicit", "given"]),
        },
        index=pd.Index(["r1", "r2", "r3", "r4"], name="rid"),
    )
    frame.attrs["source"] = "census"
    out, report = noticegate.gate(frame, **EXPORT)
    kept = frame["consent"] != "withdrawn"
    pd.testing.assert_frame_equal(out, frame.loc[kept, report.passed])
    assert "email_address" in report.passed and out.attrs == {"source": "census"}
    out.iloc[0, 0] = "changed@x.org"
    assert frame.iloc[0, 0] == "a@x.org"
    # Every row goes: still a copy, with the same index.
    everyone = frame.assign(consent=pd.Categorical(["given"] * 4))
    out = noticegate.gate(everyone, **EXPORT).frame
    pd.testing.assert_frame_equal(out, everyone[report.passed])
    out.iloc[1, 0] = "changed@x.org"
    assert everyone.iloc[1, 0] == "b@x.org"


def gias_rows():
    """A GIAS-shaped establishment extract (DfE Get Information about Schools column names)."""
    return {
        "URN": [100000, 100001],
        "EstablishmentName": ["Example Primary School", "Example Girls' Academy"],
        "Gender (name)": ["Mixed", "Girls"],
        "Postcode": ["EC3A 5DE", "LS1 4AB"],
        "TelephoneNum": ["02079460001", "01134960002"],
        "HeadFirstName": ["Ann", "Bob"],
        "UKPRN": [10000001, 10000002],
    }


@pytest.mark.parametrize("lib", ["pandas", "polars"])
def test_a_table_of_schools_is_read_as_one_and_a_pupil_table_is_not(lib):
    make = pd.DataFrame if lib == "pandas" else pl.DataFrame
    report = noticegate.gate(make(gias_rows()), **EXPORT).report
    for column in ("Gender (name)", "Postcode", "TelephoneNum"):
        c = report[column]
        assert c.status == "unclassified" and c.category is None, column
        assert c.notes[0].startswith("frame: a row describes an establishment (URN, UKPRN)"), c.notes
    assert report["HeadFirstName"].category == "identity.name"
    # A pupil table carrying its school's URN is a person's: the pupil's Gender stays personal.
    pupils = make({"UPN": ["A801200005001"], "URN": [100000], "Forename": ["Ann"], "Gender": ["F"], "Postcode": ["EC3A 5DE"]})
    report = noticegate.gate(pupils, **EXPORT).report
    assert report["Gender"].category == "identity.gender"
    assert report["Postcode"].category == "contact.address"


def test_classify_frame_reads_names_as_one_table(engine):
    assert engine.classify("Postcode").category == "contact.address"
    read = engine.classify_frame(["URN", "EstablishmentName", "Postcode", "HeadLastName"])
    assert [c.category for c in read] == [None, None, None, "identity.name"]
    read = engine.classify_frame(["UPN", "URN", "Postcode"])
    assert read[2].category == "contact.address"
