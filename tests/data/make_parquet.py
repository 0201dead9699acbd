"""Writes the Parquet files of tests/data/ that cli/tests/gate_parquet.rs reads, with pandas,
pyarrow and polars as an analyst would (bindings-python/.venv has them: bindings-python/install.sh).

    bindings-python/.venv/bin/python tests/data/make_parquet.py

- school_census.parquet: school_census.csv with its types (DOB a date, FSMeligible a
  boolean, consent a pandas category, so a dictionary column), Snappy (pandas' default).
- school_census.zstd.parquet: the same, ZSTD (polars' default).
- school_census.brotli.parquet: the same, Brotli, a codec noticegate does not read.
- school_census.polars.parquet: school_census.csv read and written by polars: large strings,
  consent a polars Categorical (a dictionary with u32 keys), LZ4.
- consent_list.parquet: a consent column of lists, a type the gate cannot read as a fact.
"""
import datetime
import pathlib

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

here = pathlib.Path(__file__).parent
census = pd.read_csv(here / "school_census.csv", dtype=str, keep_default_na=False)
census["DOB"] = [datetime.date.fromisoformat(d) for d in census["DOB"]]
census["FSMeligible"] = census["FSMeligible"] == "true"
census["consent"] = pd.Categorical(census["consent"].replace("", None))
census.to_parquet(here / "school_census.parquet", index=False)
census.to_parquet(here / "school_census.zstd.parquet", index=False, compression="zstd")
census.to_parquet(here / "school_census.brotli.parquet", index=False, compression="brotli")

pl.read_csv(here / "school_census.csv", try_parse_dates=True).with_columns(pl.col("consent").cast(pl.Categorical)).write_parquet(
    here / "school_census.polars.parquet", compression="lz4"
)

lists = pa.table({"email_address": ["a@example.org", "b@example.org"], "consent": [["given"], ["withdrawn", "given"]]})
pq.write_table(lists, here / "consent_list.parquet")
print(f"pandas {pd.__version__}, pyarrow {pa.__version__}, polars {pl.__version__}")
