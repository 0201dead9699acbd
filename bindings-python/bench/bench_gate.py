"""Benchmark (not a test): one ask, ask_many per question, gating a 1,000,000-row frame
with row-level facts on pandas and polars, rows per second through the RecordBatch path
(gate_batches), and a polars LazyFrame streamed from Parquet to Parquet. Build the wheel in
release first:

    .venv/bin/python -m maturin build --release --out dist-release && pip install dist-release/*.whl
    .venv/bin/python bench/bench_gate.py          # everything
    .venv/bin/python bench/bench_gate.py frames   # ask and the pandas and polars frames only
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
import polars as pl

import noticegate

EXPORT = dict(service="Community Directory", recipient="PCG UK", as_of="2026-11-23", facts={"data_processing_agreement": True})
Q = dict(ask="share", service="Community Directory", category="Email address", recipient="PCG UK", as_of="2026-11-23",
         facts={"consent": "given", "data_processing_agreement": True})


def best(fn, repeat=7):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def timed(fn, repeat=7):
    """(best, median) wall time of the call, the best CPU time of this process, and the
    median time to free what the call returned, in seconds. The result is freed outside the
    call's time (a pandas frame of Python strings takes a while to free, whoever made it);
    on a shared machine the CPU time says what the call costs when another job holds the core."""
    times, cpu, free = [], [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        t = time.perf_counter()
        del result
        free.append(time.perf_counter() - t)
    return min(times), statistics.median(times), min(cpu), statistics.median(free)


def main(n=1_000_000, frames_only=False):
    engine = noticegate.Engine()
    k = 10_000
    t_ask, _ = best(lambda: [engine.ask(Q) for _ in range(k)], 3)
    print(f"ask: {t_ask / k * 1e6:.2f} us per question (dict -> typed Decision)")
    batch = [Q] * k
    t_many, _ = best(lambda: engine.ask_many(batch), 3)
    print(f"ask_many: {t_many / k * 1e6:.2f} us per question ({k} questions)")

    rng = np.random.default_rng(7)
    # The enum row fact consent: 5% withdrawn, the rest given.
    consent = np.where(rng.random(n) < 0.05, "withdrawn", "given").astype(object)
    rows = {
        "email_address": np.array(["person%d@example.org" % (i % 1000) for i in range(n)], dtype=object),
        "full_name": np.array(["Name %d" % (i % 1000) for i in range(n)], dtype=object),
        "health_conditions": np.array(["none"] * n, dtype=object),
        "visits": rng.integers(0, 20, n),
        "consent": consent,
    }
    pdf = pd.DataFrame(rows)
    plf = pl.DataFrame(rows)
    for name, frame in (("pandas", pdf), ("polars", plf)):
        result = noticegate.gate(frame, **EXPORT)
        low, med, cpu, free = timed(lambda: noticegate.gate(frame, **EXPORT), 15)
        print(f"gate {name}: {n:,} rows x {frame.shape[1]} columns, row-level fact consent (enum): "
              f"best {low * 1e3:.1f} ms, median {med * 1e3:.1f} ms, CPU best {cpu * 1e3:.1f} ms; "
              f"freeing the result {free * 1e3:.1f} ms "
              f"({result.report.rows_dropped:,} rows dropped, columns out {list(result.frame.columns)})")

    if frames_only:
        return
    # RecordBatch path: the same 1M rows as 64k-row batches, streamed 10 times (10M rows).
    import pyarrow as pa

    table = pa.Table.from_pandas(pdf, preserve_index=False)
    batches = table.to_batches(max_chunksize=65_536)
    rounds = 10

    def stream():
        gated = noticegate.gate_batches((b for _ in range(rounds) for b in batches), **EXPORT)
        out = sum(b.num_rows for b in gated)
        return gated.report, out

    report, out = stream()
    low, med = best(stream, 5)
    total = rounds * n
    print(f"gate_batches: {total:,} rows in {len(batches) * rounds} RecordBatches of 65,536: "
          f"best {low * 1e3:.0f} ms ({total / low / 1e6:.0f} M rows/s), median {med * 1e3:.0f} ms "
          f"({total / med / 1e6:.0f} M rows/s); {report.rows_out:,} rows out")

    # LazyFrame: 10M rows in Parquet, gated and sunk to Parquet with the streaming engine,
    # against the same scan and sink without the gate.
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "in.parquet"), os.path.join(tmp, "out.parquet")
        pl.concat([plf] * rounds).write_parquet(src, row_group_size=256_000)
        # In a fresh process, so that its peak RSS is the streaming gate's alone.
        subprocess.run([sys.executable, __file__, "lazy", src, dst, str(total)], check=True)


def lazy(src, dst, total):
    def plain():
        pl.scan_parquet(src).select("email_address", "full_name").sink_parquet(dst)

    def gated_lazy():
        noticegate.gate(pl.scan_parquet(src), **EXPORT).frame.sink_parquet(dst)

    # VmHWM: this process's peak RSS (ru_maxrss would carry the parent's across exec).
    hwm = lambda: int([l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1])  # noqa: E731
    rss0 = hwm()
    low, med = best(gated_lazy, 3)
    rss = hwm()
    base, _ = best(plain, 3)
    print(f"gate LazyFrame: {total:,} rows ({os.path.getsize(src) / 1e6:.0f} MB Parquet), scan_parquet -> gate -> "
          f"sink_parquet: best {low * 1e3:.0f} ms ({total / low / 1e6:.0f} M rows/s), median {med * 1e3:.0f} ms; "
          f"the same scan and sink without the gate {base * 1e3:.0f} ms; peak RSS {rss / 1024:.0f} MB "
          f"(after imports {rss0 / 1024:.0f} MB)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["lazy"]:
        lazy(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main(frames_only=sys.argv[1:2] == ["frames"])
