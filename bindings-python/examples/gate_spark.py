"""Gating a distributed table inside Spark: every executor runs the same engine over its
partitions' Arrow batches (``mapInArrow``), in constant memory.

Run with the package and ``pyspark[sql]`` installed in the venv (Java 17 on the machine):

    SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON=.venv/bin/python .venv/bin/python examples/gate_spark.py

The driver decides the columns from the schema (no rows move); each partition asks the
engine once per distinct combination of row facts it meets and drops the rows whose facts
do not permit every column that goes. An accumulator brings the row counts back.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Tuple

import noticegate


def gate_spark(df: Any, **export: Any) -> Tuple[Any, "noticegate.GatedBatches", Any]:
    """``df`` gated for ``export`` (the keyword arguments of ``noticegate.gate``).

    Returns (the gated Spark DataFrame, lazy; the driver-side plan, whose ``report`` says
    which columns go and why; an accumulator of ``[rows in, rows out]``, filled when an
    action runs)."""
    from pyspark.accumulators import AccumulatorParam

    class Pair(AccumulatorParam):
        def zero(self, value):
            return [0, 0]

        def addInPlace(self, a, b):
            return [a[0] + b[0], a[1] + b[1]]

    schema = df.limit(0).toArrow().schema  # the input's Arrow schema; no rows are read
    plan = noticegate.gate_batches(iter([]), schema=schema, **export)
    out_schema = df.select(*plan.passed).schema
    rows = df.sparkSession.sparkContext.accumulator([0, 0], Pair())

    def gate_partition(batches):
        # Runs on an executor: the engine (built in, compiled once per worker process)
        # gates this partition's batches as they stream through.
        gated = noticegate.gate_batches(batches, schema=schema, **export)
        yield from gated
        report = gated.report
        rows.add([report.rows_in, report.rows_out])

    return df.mapInArrow(gate_partition, out_schema), plan, rows


def main() -> None:
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("noticegate")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        people = spark.createDataFrame(
            [
                (
                    f"Person {i}",
                    f"p{i}@example.org",
                    "asthma" if i % 9 == 0 else "",
                    None if i % 13 == 0 else "withdrawn" if i % 6 == 0 else "given",
                )
                for i in range(2_000)
            ],
            # consent: the enum fact, one of not_given, given, explicit, withdrawn (null: unknown).
            "full_name string, email_address string, health_conditions string, consent string",
        ).repartition(4)
        gated, plan, rows = gate_spark(
            people,
            service="Community Directory",
            recipient="PCG UK",
            as_of="2026-11-23",
            facts={"data_processing_agreement": True},
        )
        print(plan.report)  # the columns, decided on the driver
        print()
        print(f"{gated.count()} rows out; in/out counted by the executors: {rows.value}")
        gated.show(5, truncate=False)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
