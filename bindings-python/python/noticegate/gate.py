"""Export gating: which columns of a DataFrame may go to a recipient, which rows must stay.

``gate`` maps a frame to questions and the engine's answers back to the frame; it decides
nothing itself. Each data column is classified to a category (the core classifier, or the
caller's ``columns`` mapping) and becomes one share question. Columns whose names are facts
(a national data opt-out flag, the person's consent, a pseudonymised flag) carry row-level
facts: yes/no facts as booleans, enum facts (``consent``: ``"not_given"``, ``"given"``,
``"explicit"``, ``"withdrawn"``) as strings, each value passed to the engine as it is. The
engine is asked once per distinct combination of their values present in the frame, and the answers are mapped back to the rows with Arrow compute kernels (dictionary
encoding, arithmetic, ``take``), never a Python loop over rows.

Fail closed: a column that cannot be classified is blocked; a row whose fact is unknown
(null) where a rule tests it is dropped; ``not_stated`` is not permitted. A value the fact
does not have (``"revoked"`` for ``consent``) is an ``InvalidQuestionError``, not a guess.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ._engine import Engine, default_engine
from ._errors import InvalidQuestionError, UnknownNameError
from ._noticegate import Decision, Obligation, Reason
from ._types import Verdict

__all__ = ["gate", "gate_batches", "GatedBatches", "GateResult", "GateReport", "ColumnReport", "RowGroup"]

#: Column statuses in the report.
ALLOWED, CONDITIONAL, BLOCKED, UNCLASSIFIED, FACT = "allowed", "conditional", "blocked", "unclassified", "fact"


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
    #: ``name`` (the core classifier, see ``matched_words``) or ``columns`` (the caller's mapping).
    classified_by: Optional[str] = None
    matched_words: Tuple[str, ...] = ()
    verdict: Optional[Verdict] = None
    obligations: Tuple[Obligation, ...] = ()
    reasons: Tuple[Reason, ...] = ()
    notes: Tuple[str, ...] = ()
    #: Rows this column could not go with (their facts do not permit it).
    rows_excluded: int = 0
    #: The decision behind ``verdict`` (for the most common combination of row facts).
    decision: Optional[Decision] = field(default=None, repr=False, compare=False)

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

    def __init__(self, columns: List[ColumnReport], groups: List[RowGroup], rows_in: int, rows_out: int) -> None:
        self.columns = columns
        self.row_groups = groups
        self.rows_in = rows_in
        self.rows_out = rows_out

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


class _Frame:
    """What the gate needs of a frame: names, length, a column as Arrow, select-and-filter."""

    def __init__(self, frame: Any) -> None:
        module = type(frame).__module__.split(".")[0]
        if module == "pandas" and hasattr(frame, "columns") and hasattr(frame, "loc"):
            self.kind = "pandas"
        elif module == "polars" and type(frame).__name__ == "DataFrame":
            self.kind = "polars"
        else:
            raise TypeError(f"gate() takes a pandas or polars DataFrame or a polars LazyFrame (gate_batches() takes Arrow RecordBatches), not {type(frame).__module__}.{type(frame).__name__}")
        self.frame = frame
        self.names: List[str] = [str(c) for c in frame.columns]
        if len(set(self.names)) != len(self.names):
            dupes = sorted({n for n in self.names if self.names.count(n) > 1})
            raise InvalidQuestionError(f"the frame has duplicate column names: {', '.join(dupes)}", code="invalid_field", field="frame")
        self._by_name = {str(c): c for c in frame.columns}

    def __len__(self) -> int:
        return len(self.frame)

    def arrow(self, name: str) -> Any:
        import pyarrow as pa

        column = self._by_name[name]
        if self.kind == "pandas":
            return pa.Array.from_pandas(self.frame[column])
        array = self.frame.get_column(column).to_arrow()
        return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array

    def select(self, names: Sequence[str], mask: Any) -> Any:
        """The frame with `names` only, and the rows where `mask` (Arrow booleans, or None
        for every row) is true."""
        columns = [self._by_name[n] for n in names]
        if self.kind == "pandas":
            selected = self.frame[columns]
            if mask is None:
                return selected.copy()
            return selected[mask.to_numpy(zero_copy_only=False)]
        import polars as pl

        selected = self.frame.select(columns)
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
# The plan: what the column names alone decide, and the questions per combination of facts


class _Plan:
    """Classifies the columns of a frame, batch stream or LazyFrame by name, and asks the
    engine one share question per (data column, combination of row facts). The same plan
    serves every kind of input: only how combinations are found and how the answers are
    mapped back to rows differs."""

    def __init__(
        self,
        engine: Engine,
        names: Sequence[str],
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
        self.engine = engine
        self.names = list(names)
        self.strict = strict
        known = set(self.names)
        columns = dict(columns or {})
        self.facts = dict(facts or {})
        for name in columns:
            if name not in known:
                raise _missing_column(name, self.names, "columns")

        # Which columns carry row-level facts: fact column -> fact id; and per fact column its
        # enum fact's values (None for a yes/no, number or date fact), as the policies list them.
        self.fact_columns: Dict[str, str] = {}
        self.enum_values: Dict[str, Optional[List[str]]] = {}
        if row_facts is not None:
            for name, fact in row_facts.items():
                if name not in known:
                    raise _missing_column(name, self.names, "row_facts")
                self.fact_columns[name], _, self.enum_values[name] = engine._native.fact_type(fact, "row_facts")
        else:
            for name in self.names:
                if name in columns:
                    continue
                try:
                    self.fact_columns[name], _, self.enum_values[name] = engine._native.fact_type(name, "row_facts")
                except UnknownNameError:
                    pass
        for name, fact in self.fact_columns.items():
            if fact in self.facts:
                raise InvalidQuestionError(
                    f"fact {fact!r} is given both in facts= and by column {name!r}", code="invalid_field", field="facts"
                )
        self.row_fact_ids = set(self.fact_columns.values())

        # Classify the data columns.
        self.data: List[Tuple[str, str, str, str, Tuple[str, ...]]] = []  # (column, category, label, by, words)
        self.unclassified: List[str] = []
        for name in self.names:
            if name in self.fact_columns:
                continue
            if name in columns:
                category, label = engine._native.lookup("category", columns[name], f"columns[{name!r}]")
                self.data.append((name, category, label, "columns", ()))
                continue
            c = engine.classify(name)
            if c.category is None:
                self.unclassified.append(name)
            else:
                self.data.append((name, c.category, c.label or c.category, "name", tuple(c.matched_words)))

        self.base: Dict[str, Any] = {"ask": "share", "service": service, "recipient": recipient}
        for key, value in (("basis", basis), ("purpose", purpose), ("notice", notice), ("as_of", as_of)):
            if value is not None:
                self.base[key] = value
        if not self.data:  # still check the names the caller gave
            try:
                engine.ask_many([{**self.base, "category": "identity", "facts": self.facts}])
            except UnknownNameError as e:
                if e.field != "category":
                    raise

    def ask(self, shown: Sequence[Mapping[str, Any]]) -> List[List[Decision]]:
        """Per combination of row facts (fact id -> value, None for unknown), the decision
        for each data column. One ``ask_many``: names resolve once for the batch. Unknown
        facts are left out of the question."""
        questions = [
            {**self.base, "category": category, "facts": {**self.facts, **{k: v for k, v in combo.items() if v is not None}}}
            for combo in shown
            for (_, category, _, _, _) in self.data
        ]
        decisions: List[Decision] = self.engine.ask_many(questions) if questions else []  # type: ignore[assignment]
        n = len(self.data)
        return [decisions[j * n : (j + 1) * n] for j in range(len(shown))]

    def ok(self, d: Decision) -> bool:
        # A row may carry the column when the notice permits it for the row's facts, or
        # permits it on obligations that hold for the whole export (not on a row fact the
        # row leaves unknown). Under `strict`, only a permit.
        if d.is_permit:
            return True
        if self.strict or d.verdict is not Verdict.CONDITIONAL:
            return False
        return not any(o.fact in self.row_fact_ids for o in d.obligations)

    def kept(self, oks: Sequence[Sequence[bool]], weights: Sequence[int], rows_in: int) -> List[int]:
        """The data columns that go: those some combination with a non-zero weight may
        carry (the combinations present, for a frame; every possible one, for a stream)."""
        k = len(oks)
        return [
            i
            for i in range(len(self.data))
            if any(oks[j][i] and weights[j] for j in range(k)) or (rows_in == 0 and k and oks[0][i])
        ]

    def report(
        self,
        shown: Sequence[Mapping[str, Any]],
        decs: Sequence[Sequence[Decision]],
        oks: Sequence[Sequence[bool]],
        counts: Sequence[int],
        kept: Sequence[int],
        rows_in: int,
    ) -> Tuple[GateReport, List[bool]]:
        """The report, and per combination whether its rows go."""
        k = len(shown)
        kept_set = set(kept)
        row_ok = [all(oks[j][i] for i in kept) for j in range(k)]
        rows_out = sum(c for c, good in zip(counts, row_ok) if good) if self.data else rows_in
        by_count = sorted(range(k), key=lambda j: -counts[j])
        reports: Dict[str, ColumnReport] = {}
        for i, (name, category, label, by, words) in enumerate(self.data):
            passed = i in kept_set
            among = [j for j in by_count if (row_ok[j] if passed else True)] or by_count
            if passed:
                conditional = [j for j in among if decs[j][i].verdict is Verdict.CONDITIONAL]
                j = conditional[0] if conditional else among[0]
            else:
                j = among[0]
            d = decs[j][i]
            status = (CONDITIONAL if d.verdict is Verdict.CONDITIONAL else ALLOWED) if passed else BLOCKED
            excluded = sum(counts[jj] for jj in range(k) if not oks[jj][i]) if passed else 0
            reports[name] = ColumnReport(
                column=name,
                status=status,
                category=category,
                category_label=label,
                classified_by=by,
                matched_words=words,
                verdict=d.verdict,
                obligations=tuple(o for o in d.obligations if o.fact not in self.row_fact_ids),
                reasons=tuple(d.reasons),
                notes=tuple(d.notes),
                rows_excluded=excluded,
                decision=d,
            )
        for name in self.unclassified:
            reports[name] = ColumnReport(column=name, status=UNCLASSIFIED)
        for name, fact in self.fact_columns.items():
            reports[name] = ColumnReport(column=name, status=FACT, category=fact, classified_by="fact")
        groups = []
        if self.fact_columns:
            for j in range(k):
                blocked_by = tuple((self.data[i][0], decs[j][i].verdict) for i in kept if not oks[j][i])
                groups.append(RowGroup(facts=shown[j], rows=counts[j], kept=row_ok[j], blocked_by=blocked_by))
        return GateReport([reports[n] for n in self.names], groups, rows_in, rows_out), row_ok

    def passed_names(self, kept: Sequence[int]) -> List[str]:
        kept_names = {self.data[i][0] for i in kept}
        return [n for n in self.names if n in kept_names]


def _row_codes(arrays: Sequence[Any]) -> Tuple[Any, List[int], List[int], List[Tuple[Any, ...]], int]:
    """Each row's combination of fact values as one int64 code, with Arrow kernels.

    Returns (code of each row, the codes present, their row counts, their values as
    tuples (None: unknown), the code space size)."""
    import pyarrow.compute as pc

    combined = None
    decoders: List[Tuple[List[Any], int]] = []
    stride = 1
    for array in arrays:
        codes, values = _encode(array)
        term = codes if stride == 1 else pc.multiply(codes, stride)
        combined = term if combined is None else pc.add(combined, term)
        decoders.append((values, stride))
        stride *= len(values)
    tally = pc.value_counts(combined)
    present = tally.field("values").to_pylist()
    counts = tally.field("counts").to_pylist()
    keys = [tuple(values[(code // s) % len(values)] for values, s in decoders) for code in present]
    return combined, present, counts, keys, stride


def _mask(code_of_row: Any, present: Sequence[int], good: Sequence[bool], stride: int) -> Any:
    """Arrow booleans: the answer per combination mapped back to the rows, by one ``take``
    from a table indexed by code (or a set look-up when the code space is sparse)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if stride <= 4 * max(len(code_of_row), 1024):
        table = [False] * stride
        for code, g in zip(present, good):
            table[code] = g
        return pc.take(pa.array(table, pa.bool_()), code_of_row)
    return pc.is_in(code_of_row, value_set=pa.array([c for c, g in zip(present, good) if g], pa.int64()))


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
    f = _Frame(frame)
    plan = _Plan(engine, f.names, **options)

    # Distinct combinations of row facts, and each row's combination as one int64 code.
    n_rows = len(f)
    code_of_row = None
    if plan.fact_columns and n_rows:
        code_of_row, present, counts, keys, stride = _row_codes([f.arrow(name) for name in plan.fact_columns])
        shown: List[Dict[str, Any]] = [dict(zip(plan.fact_columns.values(), key)) for key in keys]
    else:
        present, shown, counts, stride = [0], [{}], [n_rows], 1

    decs = plan.ask(shown)
    oks = [[plan.ok(d) for d in row] for row in decs]
    kept = plan.kept(oks, counts, n_rows)
    report, row_ok = plan.report(shown, decs, oks, counts, kept, n_rows)
    mask = _mask(code_of_row, present, row_ok, stride) if code_of_row is not None and not all(row_ok) else None
    return GateResult(f.select(plan.passed_names(kept), mask), report)


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
    plan = _Plan(engine, list(schema.names()), **options)
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
        keys, counts = [()], [rows_in]
    shown = [dict(zip(plan.fact_columns.values(), key)) for key in keys]
    decs = plan.ask(shown)
    oks = [[plan.ok(d) for d in row] for row in decs]
    kept = plan.kept(oks, counts, rows_in)
    report, row_ok = plan.report(shown, decs, oks, counts, kept, rows_in)

    out = lf
    if fact_cols and rows_in and not all(row_ok):

        def match(key: Tuple[Any, ...]) -> Any:
            return pl.all_horizontal(
                [pl.col(c).is_null() if v is None else pl.col(c).eq_missing(pl.lit(v, dtype=schema[c])) for c, v in zip(fact_cols, key)]
            )

        good = [match(key) for key, g in zip(keys, row_ok) if g]
        out = out.filter(pl.any_horizontal(good) if good else pl.lit(False))
    return GateResult(out.select(plan.passed_names(kept)), report)


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
        plan = _Plan(engine, list(schema.names), **options)
        fact_values = dict(fact_values or {})
        for name in fact_values:
            if name not in plan.fact_columns:
                raise _missing_column(name, list(plan.fact_columns) or ["no row fact columns"], "fact_values")
        self._plan = plan
        self._fact_cols = list(plan.fact_columns)

        # Decide the columns from every possible combination (weights all 1, nothing counted yet).
        domains = [_domain(schema.field(c), fact_values.get(c), plan.enum_values.get(c)) for c in self._fact_cols]
        self._keys: List[Tuple[Any, ...]] = list(itertools.product(*domains))
        self._shown = [dict(zip(plan.fact_columns.values(), key)) for key in self._keys]
        self._decs = plan.ask(self._shown)
        self._oks = [[plan.ok(d) for d in row] for row in self._decs]
        self._kept = plan.kept(self._oks, [1] * len(self._keys), 1)
        self._index = {key: j for j, key in enumerate(self._keys)}
        self._counts = [0] * len(self._keys)
        self._good = [all(oks[i] for i in self._kept) for oks in self._oks]
        self._rows_in = 0
        self.passed = plan.passed_names(self._kept)
        self.schema = pa.schema([schema.field(n) for n in self.passed], metadata=schema.metadata)

    @property
    def report(self) -> GateReport:
        """The report over the rows gated so far (every possible combination is listed;
        those not met have 0 rows)."""
        return self._plan.report(self._shown, self._decs, self._oks, self._counts, self._kept, self._rows_in)[0]

    def _combination(self, key: Tuple[Any, ...]) -> int:
        j = self._index.get(key)
        if j is None:  # a value outside fact_values: ask once, the columns stay as decided
            shown = dict(zip(self._plan.fact_columns.values(), key))
            decs = self._plan.ask([shown])[0]
            oks = [self._plan.ok(d) for d in decs]
            j = len(self._keys)
            self._keys.append(key)
            self._shown.append(shown)
            self._decs.append(decs)
            self._oks.append(oks)
            self._counts.append(0)
            self._good.append(all(oks[i] for i in self._kept))
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
            self._counts[0] += n
            return out
        if not n:
            return out
        code_of_row, present, counts, keys, stride = _row_codes([batch.column(c) for c in self._fact_cols])
        good = []
        for key, count in zip(keys, counts):
            j = self._combination(key)
            self._counts[j] += count
            good.append(self._good[j])
        if all(good):
            return out
        if not any(good):
            return out.slice(0, 0)
        return out.filter(_mask(code_of_row, present, good, stride))

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
