"""pandas frames for ``gate``: names, a sample of each column, a row fact column's codes, and
the gated frame, with pandas' and numpy's own kernels.

Nothing here decides: a fact column becomes one small integer code per row and the list of
its distinct values, which core's ``Gate`` judges; the rows and columns core lets go are
then copied out. Object (Python string) columns are not converted to Arrow: that conversion
copies every string, and pandas 2 keeps text as Python objects. What is copied is what the
gated frame needs (its columns, its rows), once.
"""

from __future__ import annotations

from typing import Any, List, Optional, Sequence, Tuple

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from ._errors import InvalidQuestionError

#: Top rows of a text fact column whose values are tried first.
_HEAD_ROWS = 1000

#: Rows compared at a time: their strings stay in the cache from one value to the next.
_BLOCK_ROWS = 16384

#: Values of a text fact column that the whole column is compared with, most common first,
#: before what is left is hashed: a fact column holds a handful of values, and numpy's
#: elementwise comparison is about three times faster than pandas' hashing of Python strings.
_MOST_COMMON = 4


class PandasFrame:
    """What the gate needs of a pandas DataFrame."""

    def __init__(self, frame: Any) -> None:
        self.frame = frame
        self.names: List[str] = [str(c) for c in frame.columns]
        self._position = {name: i for i, name in enumerate(self.names)}

    def __len__(self) -> int:
        return len(self.frame)

    def samples(self, rows: int) -> Optional[List[List[Any]]]:
        """The first `rows` values of every column, missing values as None (None when names
        repeat: core says so before any value is read)."""
        if len(self._position) != len(self.names):
            return None
        head = self.frame.head(rows)
        return [_sample(head.iloc[:, i]) for i in range(len(self.names))]

    def fact_codes(self, name: str) -> Tuple[Any, List[Any]]:
        """A row fact column as (pyarrow int64 codes, one per row; the values by code): an
        unknown (missing) value gets the last code, whose value is None."""
        import pyarrow as pa

        codes, values = _codes(self.frame.iloc[:, self._position[name]], name)
        return pa.array(codes), values + [None]

    def select(self, names: Sequence[str], mask: Any) -> Any:
        """A new frame of the columns `names` and the rows where `mask` (pyarrow booleans, or
        None for every row) is true: the input's index labels, dtypes and column labels, each
        column copied once (never shared with the input)."""
        positions = [self._position[n] for n in names]
        keep = None if mask is None else mask.to_numpy(zero_copy_only=False)
        columns = {}
        for i, p in enumerate(positions):
            column = self.frame.iloc[:, p]
            # numpy's take for numpy dtypes (pandas' own is slower on object columns), the
            # extension array's for the others (categorical, nullable, Arrow-backed).
            values = column.to_numpy() if isinstance(column.dtype, np.dtype) else column.array
            columns[i] = values.copy() if keep is None else values[keep]
        index = self.frame.index if keep is None else self.frame.index[keep]
        out = pd.DataFrame(columns, index=index, copy=False)
        out.columns = self.frame.columns[positions]
        return out.__finalize__(self.frame)


def _sample(column: Any) -> List[Any]:
    """A column's values as Python values for core's classifier, as Arrow reads them; a
    column Arrow cannot read as one type (text and numbers) as its Python values, so that
    core names it (``mixed_types``)."""
    import pyarrow as pa

    try:
        return pa.Array.from_pandas(column).to_pylist()
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        missing = column.isna().to_numpy()
        return [None if m else v for v, m in zip(column.to_numpy(dtype=object).tolist(), missing)]


def _codes(column: Any, name: str) -> Tuple[Any, List[Any]]:
    """(int64 codes, one per row, the unknown rows coded len(values); the distinct values)."""
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        values = column.cat.categories.tolist()
        _check_one_kind(values, name)
        return _unknown_last(column.cat.codes.to_numpy(), len(values)), values
    if dtype == np.bool_:
        return column.to_numpy().astype(np.int64), [False, True]
    if dtype == object:
        return _object_codes(column.to_numpy(), name)
    codes, uniques = pd.factorize(column)
    values = np.asarray(uniques, dtype=object).tolist()
    return _unknown_last(codes, len(values)), values


def _object_codes(values: Any, name: str) -> Tuple[Any, List[Any]]:
    """Codes of an object column. When its top rows are all strings, each block of rows is
    compared with their most common values (each value with the rows still uncoded, while
    the block's strings are in the cache); whatever is left (missing values, other strings,
    other types) is factorised. Any other column is factorised whole."""
    n = len(values)
    codes, distinct = _factorize(values[:_HEAD_ROWS], name)
    if not distinct or not all(type(v) is str for v in distinct):
        return _factorised(values, name)
    counts = np.bincount(codes[codes >= 0], minlength=len(distinct))
    common = [distinct[i] for i in np.argsort(-counts, kind="stable")[:_MOST_COMMON]]

    out = np.zeros(n, np.int64)  # the first common value's code, until a row is found otherwise
    uncoded = []
    for start in range(0, n, _BLOCK_ROWS):
        block = values[start : start + _BLOCK_ROWS]
        hit = _equal(block, common[0])
        if hit is None:
            return _factorised(values, name)
        left = np.flatnonzero(~hit)
        for code, value in enumerate(common[1:], 1):
            if not len(left):
                break
            hit = _equal(block[left], value)
            if hit is None:
                return _factorised(values, name)
            out[start + left[hit]] = code
            left = left[~hit]
        if len(left):
            uncoded.append(start + left)
    if not uncoded:
        return out, common
    rest = np.concatenate(uncoded)
    rest_codes, rest_values = _factorize(values[rest], name)
    found = common + rest_values
    _check_one_kind(found, name)
    out[rest] = np.where(rest_codes < 0, len(found), rest_codes + len(common))
    return out, found


def _equal(values: Any, value: str) -> Optional[Any]:
    """numpy's elementwise ``values == value``, or None when an element's ``==`` is not a
    bool (``pd.NA``, arrays)."""
    try:
        hit = values == value
    except (TypeError, ValueError):
        return None
    return hit if isinstance(hit, np.ndarray) and hit.dtype == np.bool_ else None


def _factorised(values: Any, name: str) -> Tuple[Any, List[Any]]:
    codes, found = _factorize(values, name)
    _check_one_kind(found, name)
    # Hashing takes 1 and True (and 1.0) for one value: only the inferred type sees both.
    if any(_kind(v) != "text" for v in found):
        inferred = infer_dtype(values, skipna=True)
        if inferred in ("mixed", "mixed-integer"):
            raise _mixed_types(name, f"pandas infers {inferred!r}")
    return _unknown_last(codes, len(found)), found


def _factorize(values: Any, name: str) -> Tuple[Any, List[Any]]:
    """pandas' factorize of an object array: (codes, -1 where missing; the distinct values)."""
    try:
        codes, uniques = pd.factorize(values)
    except TypeError:  # unhashable values (lists, dicts)
        raise InvalidQuestionError(
            f"row fact column {name!r} holds values that are not booleans, numbers or strings",
            code="invalid_fact_value",
            field=name,
        ) from None
    return codes, uniques.tolist()


def _unknown_last(codes: Any, k: int) -> Any:
    """pandas' codes (-1 for a missing value) as int64 codes with the missing ones k."""
    codes = codes.astype(np.int64)
    codes[codes < 0] = k
    return codes


def _kind(value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "boolean"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return "number"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def _check_one_kind(values: Sequence[Any], name: str) -> None:
    """A fact column's distinct values are all text, all numbers or all booleans (or one
    other type, which core then names): two kinds are a ``mixed_types`` error."""
    kinds = sorted({_kind(v) for v in values})
    if len(kinds) > 1:
        raise _mixed_types(name, " and ".join(kinds))


def _mixed_types(name: str, kinds: str) -> InvalidQuestionError:
    return InvalidQuestionError(
        f"row fact column {name!r} mixes types ({kinds}); give one type per column",
        code="mixed_types",
        field=name,
    )
