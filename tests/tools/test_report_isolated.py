"""A model run in the report's child process: its metrics come back, and a child that raises or is killed (as
the out-of-memory killer does) becomes a failed row instead of ending the report."""

import os
import signal

import pytest
from torch_ttnn.report import isolated

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the report forks only where fork exists")


def _failed(message: str) -> dict:
    return {"model": "m", "success": False, "error": message}


def test_the_metrics_come_back_from_the_child():
    big = {"model": "m", "success": True, "op_variations": ["x" * 100] * 5000}  # larger than a pipe's buffer
    assert isolated.run(lambda: big, _failed) == big


def test_a_child_that_raises_is_a_failed_row():
    def boom():
        raise MemoryError("cannot allocate 30 GiB")

    row = isolated.run(boom, _failed)
    assert row == {"model": "m", "success": False, "error": "MemoryError: cannot allocate 30 GiB"}


def test_a_killed_child_is_a_failed_row_that_names_the_signal():
    def killed():
        os.kill(os.getpid(), signal.SIGKILL)

    row = isolated.run(killed, _failed)
    assert not row["success"]
    assert "killed by signal 9 (SIGKILL)" in row["error"] and "out-of-memory" in row["error"]


def test_a_child_that_exits_without_an_answer_is_a_failed_row_and_the_parent_goes_on():
    row = isolated.run(lambda: os._exit(3), _failed)
    assert row["error"] == "the process running the model exited with status 3 and no metrics"
    assert isolated.run(lambda: {"model": "m", "success": True}, _failed)["success"]
