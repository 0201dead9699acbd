"""Shared fixtures: the built-in engine, the repository root, the CLI to compare against."""

import os
import pathlib
import subprocess

import pytest

import noticegate

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def engine():
    return noticegate.Engine()


@pytest.fixture(scope="session")
def root():
    return ROOT


def run_cli(args, stdin):
    """Runs `noticegate` (the built CLI, or `cargo run`) and returns its stdout."""
    cli = os.environ.get("NOTICEGATE_CLI")
    if cli and os.path.exists(cli):
        cmd = [cli, *args]
    else:
        cmd = ["cargo", "run", "-q", "-p", "noticegate-cli", "--", *args]
    done = subprocess.run(cmd, input=stdin, capture_output=True, cwd=ROOT, text=True, encoding="utf-8")
    assert done.returncode in (0, 1), done.stderr
    return done.stdout
