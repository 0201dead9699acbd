"""Past one machine: gate() on a polars LazyFrame (streamed) and gate_batches() on a stream
of pyarrow RecordBatches give the answers gate() gives on the whole frame in memory."""

import importlib

import pyarrow as pa
import polars as pl
import pytest

import noticegate

EXPORT = dict(service="Community Directory", recipient="PCG UK", as_of="2026-11-23", facts={"data_processing_agreement": True})


CONSENT = ["given", "withdrawn", "explicit", "not_given"]


def rows(n):
    # Every value of the enum row fact consent (the four, and unknown) occurs.
    return {
        "email_address": [f"p{i}@example.org" for i in range(n)],
        "full_name": [f"Person {i}" for i in range(n)],
        "health_conditions": ["asthma" if i % 7 == 0 else "" for i in range(n)],
        "consent": [None if i % 11 == 0 else CONSENT[i % 4] for i in range(n)],
        "internal_notes": ["x"] * n,
    }


def test_lazyframe_streams_to_the_same_answer(tmp_path):
    frame = pl.DataFrame(rows(5_000))
    eager = noticegate.gate(frame, **EXPORT)
    lazy = noticegate.gate(frame.lazy(), **EXPORT)
    assert isinstance(lazy.frame, pl.LazyFrame)
    assert str(lazy.report) == str(eager.report)
    assert lazy.report.rows_in == 5_000 and lazy.report.rows_out == eager.report.rows_out < 5_000
    streamed = lazy.frame.collect(engine="streaming")
    assert streamed.columns == eager.frame.columns == ["email_address", "full_name"]
    assert streamed.equals(eager.frame)

    # From a file to a file, never the whole table in memory.
    frame.write_parquet(tmp_path / "in.parquet", row_group_size=1_000)
    scanned = noticegate.gate(pl.scan_parquet(tmp_path / "in.parquet"), **EXPORT)
    scanned.frame.sink_parquet(tmp_path / "out.parquet")
    assert pl.read_parquet(tmp_path / "out.parquet").equals(eager.frame)
    batches = list(noticegate.gate(pl.scan_parquet(tmp_path / "in.parquet"), **EXPORT).frame.collect_batches(chunk_size=700))
    assert pl.concat(batches).equals(eager.frame)


def test_lazyframe_without_row_facts_and_empty():
    lazy = noticegate.gate(pl.LazyFrame({"email": ["a@x.org", "b@x.org"], "misc": [1, 2]}), **EXPORT)
    assert lazy.report.rows_in == 2 and lazy.report["misc"].status == "unclassified"
    assert lazy.frame.collect().columns == ["email"]
    empty = noticegate.gate(pl.LazyFrame({"email": pl.Series([], dtype=pl.String), "consent": pl.Series([], dtype=pl.String)}), **EXPORT)
    assert empty.report.rows_in == 0 and empty.frame.collect().height == 0


def test_record_batches_gate_in_constant_memory():
    n = 10_000
    table = pa.Table.from_pydict(rows(n))
    eager = noticegate.gate(pl.from_arrow(table), **EXPORT)

    # Every question goes to core through the plan's `decide`: count the combinations it is
    # asked about.
    calls = []
    plan = importlib.import_module("noticegate.gate")._Plan
    decide = plan.decide

    def counting(self, keys, counts, columns=None):
        calls.append(len(keys))
        return decide(self, keys, counts, columns)

    plan.decide = counting
    try:
        gated = noticegate.gate_batches(table.to_batches(max_chunksize=1_000), **EXPORT)
        out = []
        for batch in gated:
            assert isinstance(batch, pa.RecordBatch) and batch.num_rows <= 1_000
            out.append(batch)
    finally:
        plan.decide = decide
    assert gated.passed == ["email_address", "full_name"] and gated.schema.names == gated.passed
    assert len(out) == 10
    assert pl.from_arrow(pa.Table.from_batches(out)).equals(eager.frame)
    # Asked once for the five possible values of the enum row fact (its four values, from
    # the policies, and unknown), never again per batch or row.
    assert calls == [5]
    assert sorted(g.facts["consent"] or "" for g in gated.report.row_groups) == ["", "explicit", "given", "not_given", "withdrawn"]

    report = gated.report
    assert (report.rows_in, report.rows_out) == (eager.report.rows_in, eager.report.rows_out)
    assert {tuple(g.facts.items()): g.rows for g in report.row_groups} == {tuple(g.facts.items()): g.rows for g in eager.report.row_groups}
    assert report["email_address"].rows_excluded == eager.report["email_address"].rows_excluded
    assert report["health_conditions"].status == "blocked" and report["consent"].status == "fact"
    # A dictionary-encoded (categorical) consent column streams the same way.
    categorical = table.set_column(table.schema.get_field_index("consent"), "consent", table.column("consent").dictionary_encode())
    again = pa.Table.from_batches(list(noticegate.gate_batches(categorical.to_batches(max_chunksize=1_000), **EXPORT)))
    assert pl.from_arrow(again).equals(eager.frame)


def test_record_batches_inputs_and_bad_input():
    table = pa.Table.from_pydict(rows(100))
    schema = table.schema
    # A RecordBatchReader, a Table, an empty stream with a schema.
    reader = pa.RecordBatchReader.from_batches(schema, table.to_batches(max_chunksize=30))
    assert sum(b.num_rows for b in noticegate.gate_batches(reader, **EXPORT)) == noticegate.gate(pl.from_arrow(table), **EXPORT).report.rows_out
    assert noticegate.gate_batches(table, **EXPORT).passed == ["email_address", "full_name"]
    empty = noticegate.gate_batches(iter([]), schema=schema, **EXPORT)
    assert list(empty) == [] and empty.report.rows_in == 0 and empty.schema.names == ["email_address", "full_name"]

    with pytest.raises(noticegate.InvalidQuestionError, match="schema"):
        noticegate.gate_batches(iter([]), **EXPORT)
    with pytest.raises(TypeError, match="RecordBatch"):
        list(noticegate.gate_batches([{"email": "a"}], **EXPORT))
    # A row fact that is neither boolean nor an enum fact (here a number): its values cannot
    # be known before the stream, unless given.
    days = pa.table({"email": ["a@x.org"], "cit.ad_reconsideration_days": [20]})
    with pytest.raises(noticegate.InvalidQuestionError, match="fact_values"):
        noticegate.gate_batches(days, **EXPORT)
    assert noticegate.gate_batches(days, **EXPORT, fact_values={"cit.ad_reconsideration_days": [20, 30]}).passed == ["email"]
    # An enum fact's value the policies do not have: an error, never a guess.
    revoked = pa.table({"email_address": ["a@x.org"], "consent": ["revoked"]})
    with pytest.raises(noticegate.InvalidQuestionError, match="not_given, given, explicit, withdrawn"):
        list(noticegate.gate_batches(revoked, **EXPORT))
    # A batch missing a column of the schema.
    gated = noticegate.gate_batches(iter([pa.record_batch({"email_address": ["a@x.org"]})]), schema=schema, **EXPORT)
    with pytest.raises(noticegate.InvalidQuestionError) as info:
        list(gated)
    assert info.value.code == "missing_column"


def test_stream_keeps_a_column_some_possible_row_may_carry():
    # Every row withdrew consent: gate() on the whole frame leaves email out (no row could
    # carry it); a stream decides its columns before its rows, keeps email and drops the rows.
    table = pa.table({"email_address": ["a@x.org", "b@x.org"], "consent": ["withdrawn", "withdrawn"]})
    assert noticegate.gate(pl.from_arrow(table), **EXPORT).frame.columns == []
    gated = noticegate.gate_batches(table, **EXPORT)
    assert gated.passed == ["email_address"] and list(gated) == []
    assert gated.report.rows_dropped == 2
