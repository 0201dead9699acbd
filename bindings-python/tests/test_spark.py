"""Gating inside PySpark's mapInArrow on a local Spark session gives gate()'s answer."""

import os
import pathlib
import shutil
import sys

import pytest

java = shutil.which("java") or (os.environ.get("JAVA_HOME") and shutil.which("java", path=os.path.join(os.environ["JAVA_HOME"], "bin")))
if not java:
    pytest.skip("Java is not installed (PySpark needs a JVM; Java 17 works)", allow_module_level=True)
pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed in this venv (install.sh installs it)")

import pandas as pd  # noqa: E402

import noticegate  # noqa: E402

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"
EXPORT = dict(service="Community Directory", recipient="PCG UK", as_of="2026-11-23", facts={"data_processing_agreement": True})


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("noticegate-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "512m")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_map_in_arrow_gives_gates_answer(spark):
    sys.path.insert(0, str(EXAMPLES))
    try:
        from gate_spark import gate_spark
    finally:
        sys.path.remove(str(EXAMPLES))

    n = 600
    rows = pd.DataFrame(
        {
            "full_name": [f"Person {i}" for i in range(n)],
            "email_address": [f"p{i}@example.org" for i in range(n)],
            "health_conditions": ["asthma" if i % 9 == 0 else "" for i in range(n)],
            "consent": [None if i % 13 == 0 else ("withdrawn" if i % 6 == 0 else "not_given" if i % 7 == 0 else "given") for i in range(n)],
        }
    )
    expected = noticegate.gate(rows, **EXPORT)
    df = spark.createDataFrame(rows).repartition(3)
    gated, plan, counts = gate_spark(df, **EXPORT)

    assert gated.columns == plan.passed == list(expected.frame.columns) == ["full_name", "email_address"]
    assert plan.report["health_conditions"].status == "blocked"
    out = gated.toPandas().sort_values("email_address").reset_index(drop=True)
    want = expected.frame.sort_values("email_address").reset_index(drop=True)
    pd.testing.assert_frame_equal(out, want, check_dtype=False)
    assert counts.value == [n, expected.report.rows_out]
