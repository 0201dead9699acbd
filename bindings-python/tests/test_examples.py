"""The examples run (so they cannot rot) and say what the notice says."""

import pathlib
import subprocess
import sys

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"


def test_gate_export_example_runs_and_explains():
    done = subprocess.run([sys.executable, str(EXAMPLES / "gate_export.py")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for words in ("rows: 3000 in", "cd.share.pcg_uk", "health_notes", "blocked", "row-level fact", "dropped", "national_data_opt_out"):
        assert words in out, words
