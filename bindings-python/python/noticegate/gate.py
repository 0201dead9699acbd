"""Export gating: which columns of a DataFrame may go to a recipient, which rows must stay.

The rules are core's (``noticegate::gate``, docs/gate.md), the same for the CLI, C, C# and
JavaScript: each data column is classified to a category (core's classifier, on its name and
a sample of its values, or the caller's ``columns`` mapping); columns whose names are facts
(a national data opt-out flag, the person's consent, a pseudonymised flag) carry row-level
facts: yes/no facts as booleans, enum facts (``consent``: ``"not_given"``, ``"given"``,
``"explicit"``, ``"withdrawn"``) as strings. Core is asked once per distinct combination of
their values present in the frame. This module only adapts frames: it reads the column names,
a sample of each column and the combinations of row facts (Arrow compute kernels: dictionary
encoding, arithmetic, comparisons; never a Python loop over rows), and filters the frame to
the columns and rows core says may go. pandas frames have their own adapter (``_pandas``),
which reads fact columns with pandas' and numpy's kernels rather than converting them to Arrow.

Fail closed: a column that cannot be classified is blocked; a row whose fact is unknown
(null) where a rule tests it is dropped; ``not_stated`` is not permitted; a conditional
column goes (with its obligations) only when ``strict`` is false, and never a special
category or criminal offence one. A value the fact does not have (``"revoked"`` for
``consent``) is an ``InvalidQuestionError``, not a guess.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ._engine import Engine, default_engine
from ._errors import InvalidQuestionError
from ._noticegate import NativeGate, Obligation, Reason
from ._types import Verdict

__all__ = ["gate", "gate_batches", "GatedBatches", "GateResult", "GateReport", "ColumnReport", "RowGroup"]

#: Column statuses in the report.
ALLOWED, CONDITIONAL, BLOCKED, UNCLASSIFIED, FACT = "allowed", "conditional", "blocked", "unclassified", "fact"

#: Rows read from the top of each column for the classifier's value recognisers (as the CLI).
SAMPLE_ROWS = 1000


@dataclass(frozen=True)
class ColumnReport:
    """What the gate did with one column, and why."""

    column: str
    #: ``allowed``, ``conditional`` (kept; the obligations must hold), ``blocked``,
    #: ``unclassified`` (blocked: no category) or ``fact`` (a row-level fact: used to gate
    #: rows, not exported).
    status: str
    category: Optional[str] = None
    category_label: Optional[str] = None
    #: ``name`` (the core classifier, see ``matched_words``), ``values`` (the column's
    #: sample decided), ``columns`` (the caller's mapping) or ``fact``.
    classified_by: Optional[str] = None
    matched_words: Tuple[str, ...] = ()
    #: Special category or criminal offence data (for an unclassified column: a candidate is).
    special_category: bool = False
    criminal_offence: bool = False
    #: The verdict for the most common combination of row facts (that lets the column go).
    verdict: Optional[Verdict] = None
    obligations: Tuple[Obligation, ...] = ()
    reasons: Tuple[Reason, ...] = ()
    notes: Tuple[str, ...] = ()
    #: Unclassified columns: every category that fitted equally, as (id, label, words).
    candidates: Tuple[Tuple[str, str, Tuple[str, ...]], ...] = ()
    #: Rows this column could not go with (their facts do not permit it).
    rows_excluded: int = 0

    @property
    def passed(self) -> bool:
        """Whether the column is in the gated frame."""
        return self.status in (ALLOWED, CONDITIONAL)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "column": self.column,
            "status": self.status,
            "category": self.category,
            "category_label": self.category_label,
            "classified_by": self.classified_by,
            "special_category": self.special_category,
            "criminal_offence": self.criminal_offence,
            "verdict": self.verdict.value if self.verdict is not None else None,
            "obligations": "; ".join(o.text for o in self.obligations),
            "rules": ", ".join(r.rule for r in self.reasons),
            "quotes": " / ".join(r.quote for r in self.reasons),
            "notes": " ".join(self.notes),
            "rows_excluded": self.rows_excluded,
        }


@dataclass(frozen=True)
class RowGroup:
    """One distinct combination of row-level facts, how many rows carry it, and whether
    they go."""

    #: Fact id -> the rows' value (None: unknown, null in the frame).
    facts: Mapping[str, Any]
    rows: int
    kept: bool
    #: The kept columns that may not go with these rows, each with its verdict.
    blocked_by: Tuple[Tuple[str, Verdict], ...] = ()


class GateReport:
    """Per column: allowed, conditional with obligations, blocked or unclassified, with the
    notice's words; per combination of row facts: rows kept or dropped.

    ``print(report)`` shows a table; ``to_pandas()`` / ``to_polars()`` give a DataFrame.
    """

    def __init__(
        self,
        columns: List[ColumnReport],
        groups: List[RowGroup],
        rows_in: int,
        rows_out: int,
        service: str = "",
        recipient: str = "",
        policy_hash: str = "",
    ) -> None:
        self.columns = columns
        self.row_groups = groups
        self.rows_in = rows_in
        self.rows_out = rows_out
        #: The service's and recipient's labels, and the policy set that decided.
        self.service = service
        self.recipient = recipient
        self.policy_hash = policy_hash

    @property
    def rows_dropped(self) -> int:
        return self.rows_in - self.rows_out

    @property
    def passed(self) -> List[str]:
        """The columns in the gated frame."""
        return [c.column for c in self.columns if c.passed]

    @property
    def blocked(self) -> List[str]:
        """The columns left behind (blocked, unclassified, and fact columns)."""
        return [c.column for c in self.columns if not c.passed]

    def __getitem__(self, column: str) -> ColumnReport:
        for c in self.columns:
            if c.column == column:
                return c
        raise KeyError(column)

    def __iter__(self):
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)

    def to_dicts(self) -> List[Dict[str, Any]]:
        return [c.to_dict() for c in self.columns]

    def to_arrow(self) -> Any:
        import pyarrow as pa

        return pa.Table.from_pylist(self.to_dicts())

    def to_pandas(self) -> Any:
        return self.to_arrow().to_pandas()

    def to_polars(self) -> Any:
        import polars as pl

        return pl.from_arrow(self.to_arrow())

    def __repr__(self) -> str:
        return (
            f"GateReport(passed={self.passed!r}, blocked={self.blocked!r}, "
            f"rows_in={self.rows_in}, rows_out={self.rows_out})"
        )

    def __str__(self) -> str:
        header = ("column", "status", "category", "verdict", "why")
        rows = []
        for c in self.columns:
            why = []
            for o in c.obligations:
                why.append(f"if: {o.text}")
            for r in c.reasons[:1]:
                why.append(f'{r.rule}: "{_clip(r.quote, 90)}"')
            if not c.reasons:
                why.extend(_clip(n, 110) for n in c.notes[:1])
            if c.rows_excluded:
                why.append(f"{c.rows_excluded} row(s) excluded by their facts")
            if c.status == UNCLASSIFIED:
                why = ["no category matches the name; map it with columns={...}"]
                if len(c.candidates) > 1:
                    why = [f"more than one category fits ({', '.join(k[0] for k in c.candidates)}); map it with columns={{...}}"]
            if c.status == FACT:
                why = ["row-level fact: gates rows, not exported"]
            rows.append((c.column, c.status, c.category or "-", c.verdict.value if c.verdict else "-", why or [""]))
        widths = [max(len(header[i]), *(len(r[i]) for r in rows)) if rows else len(header[i]) for i in range(4)]
        line = lambda cells: "  ".join(str(v).ljust(w) for v, w in zip(cells, widths))  # noqa: E731
        out = [line(header[:4]) + "  " + header[4], line(["-" * w for w in widths]) + "  ---"]
        for r in rows:
            out.append(line(r[:4]) + "  " + r[4][0])
            out.extend(" " * (sum(widths) + 8) + extra for extra in r[4][1:])
        out.append("")
        out.append(f"rows: {self.rows_in} in, {self.rows_out} out, {self.rows_dropped} dropped")
        for g in self.row_groups:
            if not g.kept and g.rows:
                facts = ", ".join(f"{k}={v!r}" if v is not None else f"{k} unknown" for k, v in g.facts.items())
                by = ", ".join(f"{col} ({v.value})" for col, v in g.blocked_by)
                out.append(f"  dropped {g.rows} row(s) with {facts}: not permitted for {by}")
        return "\n".join(out)


@dataclass
class GateResult:
    """``frame``: the same kind of frame with only the columns and rows that may go;
    ``report``: why."""

    frame: Any
    report: GateReport

    def __iter__(self):
        return iter((self.frame, self.report))


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# ---------------------------------------------------------------------------------------
# Frames


def _frame(frame: Any) -> Any:
    """The adapter for a pandas or polars DataFrame: ``names``, ``len()``, ``samples(rows)``,
    ``fact_codes(name)`` (Arrow int64 codes, values by code, the last None) and
    ``select(names, mask)``."""
    module = type(frame).__module__.split(".")[0]
    if module == "pandas" and hasattr(frame, "columns") and hasattr(frame, "loc"):
        from ._pandas import PandasFrame

        return PandasFrame(frame)
    if module == "polars" and type(frame).__name__ == "DataFrame":
        return _PolarsFrame(frame)
    raise TypeError(f"gate() takes a pandas or polars DataFrame or a polars LazyFrame (gate_batches() takes Arrow RecordBatches), not {type(frame).__module__}.{type(frame).__name__}")


class _PolarsFrame:
    """What the gate needs of a polars DataFrame (see ``_frame``)."""

    def __init__(self, frame: Any) -> None:
        self.frame = frame
        self.names: List[str] = list(frame.columns)

    def samples(self, rows: int) -> Optional[List[List[Any]]]:
        """The first `rows` values of every column."""
        head = self.frame.head(rows)
        return [head.get_column(n).to_arrow().to_pylist() for n in self.names]

    def __len__(self) -> int:
        return len(self.frame)

    def fact_codes(self, name: str) -> Tuple[Any, List[Any]]:
        import pyarrow as pa

        array = self.frame.get_column(name).to_arrow()
        return _encode(array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array)

    def select(self, names: Sequence[str], mask: Any) -> Any:
        """The frame with `names` only, and the rows where `mask` (Arrow booleans, or None
        for every row) is true."""
        import polars as pl

        selected = self.frame.select(names)
        return selected if mask is None else selected.filter(pl.Series(mask))


def _missing_column(name: str, names: Sequence[str], what: str) -> InvalidQuestionError:
    return InvalidQuestionError(
        f"{what} names column {name!r}, which the frame does not have; it has {', '.join(names)}",
        code="missing_column",
        field=what,
        suggestions=difflib.get_close_matches(name, names, n=3),
    )


def _encode(array: Any) -> Tuple[Any, List[Any]]:
    """Arrow array -> (int64 codes, one per row; values by code). Nulls get the last code,
    whose value is None (the fact is unknown for that row)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_boolean(array.type):
        codes = pc.cast(array, pa.int64())
        values: List[Any] = [False, True, None]
        return (pc.fill_null(codes, 2) if array.null_count else codes), values
    if pa.types.is_dictionary(array.type):
        encoded = array
    else:
        encoded = pc.dictionary_encode(array)
    dictionary = encoded.dictionary.to_pylist()
    codes = pc.cast(encoded.indices, pa.int64())
    if codes.null_count:
        codes = pc.fill_null(codes, len(dictionary))
    return codes, dictionary + [None]

# ---------------------------------------------------------------------------------------
# The plan: core's gate over a table's columns


def _date_text(value: Any) -> Optional[str]:
    if value is None:
        return None
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)


class _Plan:
    """Core's ``Gate`` for a frame, batch stream or LazyFrame: planned once from the column
    names (and a sample of each column's values), then asked per set of combinations of row
    facts. Only how the combinations are found and how the answers are mapped back to rows
    differs between the kinds of input."""

    def __init__(
        self,
        engine: Engine,
        names: Sequence[str],
        samples: Optional[Sequence[Sequence[Any]]],
        *,
        service: str,
        recipient: str,
        basis: Optional[str],
        purpose: Optional[str],
        notice: Optional[str],
        as_of: Any,
        columns: Optional[Mapping[str, str]],
        facts: Optional[Mapping[str, Any]],
        row_facts: Optional[Mapping[str, str]],
        strict: bool,
    ) -> None:
        self.names = list(names)
        self._native = NativeGate.plan(
            engine._native,
            self.names,
            None if samples is None else [list(s) for s in samples],
            service=service,
            recipient=recipient,
            notice=notice,
            basis=basis,
            purpose=purpose,
            as_of=_date_text(as_of),
            facts=dict(facts or {}),
            columns=dict(columns or {}),
            row_facts=None if row_facts is None else dict(row_facts),
            # `strict=False` is core's `pass_conditional` (never for special category or
            # criminal offence columns, never on a row fact).
            pass_conditional=not strict,
        )
        #: Row fact column -> fact id, in column order; and an enum fact's values (else None).
        self.fact_columns: Dict[str, str] = {}
        self.enum_values: Dict[str, Optional[List[str]]] = {}
        for column, fact, values in self._native.fact_columns:
            self.fact_columns[column] = fact
            self.enum_values[column] = values
        #: The combination of every row fact unknown (an empty table's).
        self.unknown = (None,) * len(self.fact_columns)

    def decide(
        self, keys: Sequence[Tuple[Any, ...]], counts: Sequence[int], columns: Optional[Sequence[str]] = None
    ) -> Tuple[List[str], List[bool], GateReport]:
        """Core's answer for these combinations of row facts (values in ``fact_columns``
        order, None unknown) and their row counts: the columns that go, whether each
        combination's rows go, and the report. ``columns`` fixes the columns that go (a
        stream's, decided before its rows)."""
        fixed = None if columns is None else [self.names.index(c) for c in columns]
        passed, combination_ok, parts = self._native.decide([(list(k), int(c)) for k, c in zip(keys, counts)], fixed)
        service, recipient, column_parts, group_parts, rows_in, rows_out, policy_hash = parts
        reports = [ColumnReport(**c) for c in column_parts]
        groups = [RowGroup(facts=f, rows=r, kept=k, blocked_by=tuple(b)) for f, r, k, b in group_parts]
        report = GateReport(reports, groups, rows_in, rows_out, service, recipient, policy_hash)
        return [self.names[i] for i in passed], list(combination_ok), report


class _RowCombinations:
    """The distinct combinations of row facts in a table, with Arrow kernels (never a Python
    loop over rows): each row's combination is one int64 code, from each fact column's
    (int64 codes, values by code) as ``_encode`` gives them.

    ``keys``: the combinations present, in order of first appearance, as tuples of values
    (None: unknown); ``counts``: how many rows carry each; ``mask(good)``: which rows carry a
    combination marked good (one flag per key)."""

    #: Code spaces up to this size are counted code by code (one comparison each, whose row
    #: sets ``mask`` reuses) rather than hashed.
    SCANNED_CODES = 8

    def __init__(self, encoded: Sequence[Tuple[Any, List[Any]]]) -> None:
        import pyarrow.compute as pc

        combined = None
        decoders: List[Tuple[List[Any], int]] = []
        stride = 1
        for codes, values in encoded:
            term = codes if stride == 1 else pc.multiply(codes, stride)
            combined = term if combined is None else pc.add(combined, term)
            decoders.append((values, stride))
            stride *= len(values)
        self._codes, self._stride = combined, stride
        #: Per present code, in `present` order, the rows that carry it (small code spaces).
        self._rows: Optional[List[Any]] = None
        if stride > self.SCANNED_CODES:
            tally = pc.value_counts(combined)
            self._present = tally.field("values").to_pylist()
            self.counts: List[int] = tally.field("counts").to_pylist()
        else:
            found = []
            for code in range(stride):
                rows = pc.equal(combined, code)
                count = pc.sum(rows).as_py()
                if count:
                    found.append((pc.index(rows, True).as_py(), code, count, rows))
            found.sort(key=lambda f: f[0])
            self._present = [f[1] for f in found]
            self.counts = [f[2] for f in found]
            self._rows = [f[3] for f in found]
        self.keys: List[Tuple[Any, ...]] = [tuple(values[(code // s) % len(values)] for values, s in decoders) for code in self._present]

    def mask(self, good: Sequence[bool]) -> Any:
        """Arrow booleans: the rows whose combination is good."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if self._rows is not None:
            chosen = [rows for rows, g in zip(self._rows, good) if g]
            if not chosen:
                return pa.repeat(pa.scalar(False), len(self._codes))
            mask = chosen[0]
            for rows in chosen[1:]:
                mask = pc.or_(mask, rows)
            return mask
        if self._stride <= 4 * max(len(self._codes), 1024):
            table = [False] * self._stride
            for code, g in zip(self._present, good):
                table[code] = g
            return pc.take(pa.array(table, pa.bool_()), self._codes)
        return pc.is_in(self._codes, value_set=pa.array([c for c, g in zip(self._present, good) if g], pa.int64()))


def _is_lazy(frame: Any) -> bool:
    return type(frame).__module__.split(".")[0] == "polars" and type(frame).__name__ == "LazyFrame"


# ---------------------------------------------------------------------------------------
# The gate


def gate(
    frame: Any,
    *,
    service: str,
    recipient: str,
    basis: Optional[str] = None,
    purpose: Optional[str] = None,
    notice: Optional[str] = None,
    as_of: Any = None,
    columns: Optional[Mapping[str, str]] = None,
    facts: Optional[Mapping[str, Any]] = None,
    row_facts: Optional[Mapping[str, str]] = None,
    strict: bool = False,
    engine: Optional[Engine] = None,
) -> GateResult:
    """Gates an export of ``frame`` (a pandas or polars DataFrame, or a polars LazyFrame)
    to ``recipient``.

    Args:
        service: the service (activity) the data was collected for, by id, label or alias.
        recipient: who receives the export.
        basis, purpose, notice, as_of: as in a share question.
        columns: column name -> category (id, label or alias), overriding the classifier.
        facts: facts that hold for the whole export, e.g. ``{"data_processing_agreement": True}``.
        row_facts: column name -> fact, for columns that carry a fact per row. By default
            every column whose name is a fact's id, label or alias (``national_data_opt_out``,
            ``consent``, ``pseudonymised``). Yes/no facts are boolean columns; enum facts are
            string (or categorical) columns of the fact's values, e.g. ``consent`` with
            ``"given"``, ``"explicit"``, ``"withdrawn"``, ``"not_given"``; null is unknown.
        strict: block conditional columns too, instead of passing them with obligations.
        engine: defaults to the built-in engine.

    Returns:
        ``GateResult(frame, report)``: the same kind of frame with only the allowed and
        conditional columns and the rows whose facts permit every one of them; the report
        says why, per column and per combination of row facts. For a LazyFrame, ``frame``
        is a LazyFrame: stream it with ``sink_parquet``/``collect_batches`` (see
        ``_gate_lazy``); the report is complete when ``gate`` returns.

    Raises:
        UnknownNameError: the service, recipient, a category in ``columns`` or a fact is
            unknown (with suggestions).
        InvalidQuestionError: ``columns`` or ``row_facts`` names a column the frame does not
            have, or a fact value has the wrong type.
        TypeError: ``frame`` is not a pandas or polars DataFrame or a polars LazyFrame.
    """
    engine = engine or default_engine()
    options = dict(
        service=service, recipient=recipient, basis=basis, purpose=purpose, notice=notice, as_of=as_of,
        columns=columns, facts=facts, row_facts=row_facts, strict=strict,
    )
    if _is_lazy(frame):
        return _gate_lazy(frame, engine, options)
    f = _frame(frame)
    plan = _Plan(engine, f.names, f.samples(SAMPLE_ROWS), **options)

    # Distinct combinations of row facts, and each row's combination as one int64 code.
    n_rows = len(f)
    if plan.fact_columns and n_rows:
        combinations = _RowCombinations([f.fact_codes(name) for name in plan.fact_columns])
        passed, row_ok, report = plan.decide(combinations.keys, combinations.counts)
        mask = None if all(row_ok) else combinations.mask(row_ok)
    else:
        passed, row_ok, report = plan.decide([plan.unknown], [n_rows])
        mask = None
    return GateResult(f.select(passed, mask), report)


def _gate_lazy(lf: Any, engine: Engine, options: Dict[str, Any]) -> GateResult:
    """A polars LazyFrame, streamed, never collected whole.

    Two streaming passes rather than ``map_batches(..., streamable=True)``: a Python
    callback per batch turns off polars' column pruning (every column would be read) and
    cannot change the schema per batch, yet which columns go depends on which combinations
    of row facts the table holds. So the first pass is a streaming
    ``group_by(fact columns).len()`` that reads only the fact columns and yields one row per
    distinct combination; the engine decides those few combinations exactly as ``gate``
    does for an in-memory frame (the same columns, rows and report); and the result is a
    LazyFrame whose row filter is a polars expression matching the permitted combinations
    (``eq_missing`` per fact column, so unknown values match only an unknown combination),
    which the caller streams with ``sink_parquet`` or ``collect_batches``. The cost is
    reading the fact columns twice; a source that changes between the passes fails closed
    (a combination the first pass did not see matches no permitted combination).
    """
    import polars as pl

    schema = lf.collect_schema()
    names = list(schema.names())
    samples = None
    if len(set(names)) == len(names):
        head = lf.head(SAMPLE_ROWS).collect()
        samples = [head.get_column(n).to_arrow().to_pylist() for n in names]
    plan = _Plan(engine, names, samples, **options)
    fact_cols = list(plan.fact_columns)
    if fact_cols:
        count = "__noticegate_rows__"
        combos = lf.group_by(fact_cols).agg(pl.len().alias(count)).collect(engine="streaming")
        keys = list(zip(*(combos.get_column(c).to_list() for c in fact_cols)))
        counts = combos.get_column(count).to_list()
        rows_in = sum(counts)
    else:
        rows_in = lf.select(pl.len()).collect(engine="streaming").item()
    if not fact_cols or not rows_in:
        keys, counts = [plan.unknown], [rows_in]
    passed, row_ok, report = plan.decide(keys, counts)

    out = lf
    if fact_cols and rows_in and not all(row_ok):

        def match(key: Tuple[Any, ...]) -> Any:
            return pl.all_horizontal(
                [pl.col(c).is_null() if v is None else pl.col(c).eq_missing(pl.lit(v, dtype=schema[c])) for c, v in zip(fact_cols, key)]
            )

        good = [match(key) for key, g in zip(keys, row_ok) if g]
        out = out.filter(pl.any_horizontal(good) if good else pl.lit(False))
    return GateResult(out.select(passed), report)


# ---------------------------------------------------------------------------------------
# Streams of Arrow RecordBatches (constant memory; Spark's mapInArrow)


def _domain(field: Any, given: Optional[Sequence[Any]], enum_values: Optional[Sequence[str]]) -> List[Any]:
    """Every value a row fact column may take, None (unknown) included: the values given,
    False and True for a boolean column, or an enum fact's values for a string column."""
    import pyarrow as pa

    kind = field.type.value_type if pa.types.is_dictionary(field.type) else field.type
    if given is not None:
        values = list(given)
    elif pa.types.is_boolean(kind):
        values = [False, True]
    elif pa.types.is_null(kind):
        values = []
    elif enum_values is not None and (pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)):
        values = list(enum_values)
    else:
        raise InvalidQuestionError(
            f"row fact column {field.name!r} has type {field.type}, whose values a stream cannot know before "
            f"its schema is fixed; give them with fact_values={{{field.name!r}: [...]}}, or gate a polars "
            "LazyFrame (it finds the combinations in a first pass)",
            code="invalid_field",
            field="fact_values",
        )
    return values + [None] if None not in values else values


class GatedBatches:
    """Gated pyarrow RecordBatches, one out per batch in (empty ones skipped), in constant
    memory. Iterate it once; ``schema`` is the output schema (the columns that go), known
    before the first batch; ``report`` counts the rows seen so far.

    A stream's columns are fixed before its rows are seen, so a column goes when some
    *possible* combination of the row facts permits it (for boolean facts: true, false or
    unknown; for enum facts in string columns, the fact's values or unknown; for others, the
    values in ``fact_values``), and a row goes when its facts
    permit every column that goes. On a table that holds every combination this is exactly
    ``gate``'s answer; otherwise ``gate`` (or a LazyFrame) may leave out a column no row could
    carry, where the stream keeps the column and drops those rows. The engine is asked once
    per distinct combination in the whole stream (cached across batches), never per row.
    """

    def __init__(
        self,
        batches: Any,
        schema: Any,
        engine: Engine,
        options: Dict[str, Any],
        fact_values: Optional[Mapping[str, Sequence[Any]]],
    ) -> None:
        import itertools

        import pyarrow as pa

        # A schema given by the caller is a contract every partition of a distributed job
        # shares: the columns are then classified by name alone, so each plans the same columns.
        # Otherwise the first batch's top rows are the sample the columns are classified on.
        by_name_only = schema is not None
        if isinstance(batches, pa.Table):
            schema = schema or batches.schema
            batches = batches.to_batches()
        elif isinstance(batches, pa.RecordBatchReader):
            schema = schema or batches.schema
        self._it = iter(batches)
        if schema is None:
            first = next(self._it, None)
            if first is None:
                raise InvalidQuestionError(
                    "gate_batches() got an empty stream and no schema=; give the input's schema",
                    code="invalid_field",
                    field="schema",
                )
            _check_batch(first)
            schema = first.schema
            self._it = itertools.chain([first], self._it)
        self.input_schema = schema
        first = None if by_name_only else next(self._it, None)
        samples = None
        if first is not None:
            _check_batch(first)
            self._it = itertools.chain([first], self._it)
            if list(first.schema.names) == list(schema.names) and len(set(schema.names)) == len(schema.names):
                head = first.slice(0, SAMPLE_ROWS)
                samples = [head.column(i).to_pylist() for i in range(head.num_columns)]
        plan = _Plan(engine, list(schema.names), samples, **options)
        fact_values = dict(fact_values or {})
        for name in fact_values:
            if name not in plan.fact_columns:
                raise _missing_column(name, list(plan.fact_columns) or ["no row fact columns"], "fact_values")
        self._plan = plan
        self._fact_cols = list(plan.fact_columns)

        # Decide the columns from every possible combination (weights all 1, nothing counted yet).
        domains = [_domain(schema.field(c), fact_values.get(c), plan.enum_values.get(c)) for c in self._fact_cols]
        self._keys: List[Tuple[Any, ...]] = list(itertools.product(*domains))
        self.passed, self._good, _ = plan.decide(self._keys, [1] * len(self._keys))
        self._index = {key: j for j, key in enumerate(self._keys)}
        self._counts = [0] * len(self._keys)
        self._rows_in = 0
        self.schema = pa.schema([schema.field(n) for n in self.passed], metadata=schema.metadata)

    @property
    def report(self) -> GateReport:
        """The report over the rows gated so far (every possible combination is listed;
        those not met have 0 rows)."""
        counts = self._counts if self._fact_cols else [self._rows_in]
        return self._plan.decide(self._keys, counts, self.passed)[2]

    def _combination(self, key: Tuple[Any, ...]) -> int:
        j = self._index.get(key)
        if j is None:  # a value outside fact_values: ask once, the columns stay as decided
            _, good, _ = self._plan.decide([key], [1], self.passed)
            j = len(self._keys)
            self._keys.append(key)
            self._counts.append(0)
            self._good.append(good[0])
            self._index[key] = j
        return j

    def gate_batch(self, batch: Any) -> Any:
        """One RecordBatch in, its gated RecordBatch out (possibly with no rows)."""
        import pyarrow as pa

        _check_batch(batch)
        names = set(batch.schema.names)
        for name in self._plan.names:
            if name not in names:
                raise _missing_column(name, batch.schema.names, "batch")
        n = batch.num_rows
        self._rows_in += n
        # The batch's own field types (a producer may send large_string where the schema
        # given said string, as Spark does), in the order of `schema`.
        out = pa.RecordBatch.from_arrays(
            [batch.column(name) for name in self.passed],
            schema=pa.schema([batch.schema.field(name) for name in self.passed]),
        )
        if not self._fact_cols:
            return out
        if not n:
            return out
        combinations = _RowCombinations([_encode(batch.column(c)) for c in self._fact_cols])
        good = []
        for key, count in zip(combinations.keys, combinations.counts):
            j = self._combination(key)
            self._counts[j] += count
            good.append(self._good[j])
        if all(good):
            return out
        if not any(good):
            return out.slice(0, 0)
        return out.filter(combinations.mask(good))

    def __iter__(self):
        for batch in self._it:
            out = self.gate_batch(batch)
            if out.num_rows:
                yield out


def _check_batch(batch: Any) -> None:
    import pyarrow as pa

    if not isinstance(batch, pa.RecordBatch):
        raise TypeError(f"gate_batches() takes pyarrow RecordBatches, not {type(batch).__module__}.{type(batch).__name__}")


def gate_batches(
    batches: Any,
    *,
    service: str,
    recipient: str,
    basis: Optional[str] = None,
    purpose: Optional[str] = None,
    notice: Optional[str] = None,
    as_of: Any = None,
    columns: Optional[Mapping[str, str]] = None,
    facts: Optional[Mapping[str, Any]] = None,
    row_facts: Optional[Mapping[str, str]] = None,
    strict: bool = False,
    engine: Optional[Engine] = None,
    schema: Any = None,
    fact_values: Optional[Mapping[str, Sequence[Any]]] = None,
) -> GatedBatches:
    """Gates a stream of pyarrow RecordBatches (an iterable, a ``RecordBatchReader`` or a
    ``Table``) in constant memory: returns a ``GatedBatches`` that yields each batch gated
    (the columns that go, the rows whose facts permit them) and whose ``report`` accumulates
    row counts. Arguments as in ``gate``, plus ``schema`` (the input's ``pyarrow.Schema``;
    by default the first batch's) and ``fact_values`` (row fact column -> its possible
    values, for facts that are neither boolean nor enum facts; an enum fact's values come
    from the policies).

    Inside Spark::

        out = df.mapInArrow(lambda it: noticegate.gate_batches(it, schema=s, **export), spark_schema)
    """
    options = dict(
        service=service, recipient=recipient, basis=basis, purpose=purpose, notice=notice, as_of=as_of,
        columns=columns, facts=facts, row_facts=row_facts, strict=strict,
    )
    return GatedBatches(batches, schema, engine or default_engine(), options, fact_values)
