"""Runs one model of the report in a forked child process, so that a model that takes the whole process down (the
kernel's out-of-memory killer, a crash in native code) becomes a failed row instead of the end of the report.

The child opens its own device, runs the model and sends its metrics back through a pipe as JSON; the parent never
opens a device or runs a model, so no thread pool exists yet when it forks. Where fork is unavailable the model runs
in this process.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable


def run(fn: Callable[[], dict], failed: Callable[[str], dict]) -> dict:
    """``fn()`` in a forked child; ``failed(message)`` makes the row of a child that died without an answer."""
    if not hasattr(os, "fork"):
        return fn()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer through the pipe whatever happens, and never return into the parent's code
        os.close(read_end)
        code = 0
        try:
            payload = json.dumps(fn()).encode()
        except BaseException as error:  # noqa: BLE001 - the parent gets a failed row, not a second report
            payload = json.dumps(failed(f"{type(error).__name__}: {error}")).encode()
            code = 1
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as answer:
        payload = answer.read()  # read to the end before waiting: the child blocks on a full pipe
    _, status = os.waitpid(pid, 0)
    if payload:
        return json.loads(payload)
    return failed(_death(status))


def _death(status: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        name = signal.Signals(number).name if number in signal.valid_signals() else str(number)
        hint = " (the kernel's out-of-memory killer sends it: the model needs more host memory)" if number == 9 else ""
        return f"the process running the model was killed by signal {number} ({name}){hint}"
    return f"the process running the model exited with status {os.WEXITSTATUS(status)} and no metrics"
