"""Progress of a long report, told by its builder without knowing who is watching.

A builder that takes a while (the ``clv`` fit) calls ``step(done, total)``; whoever runs it says
where steps go with ``reporting(fn)``: the CLI draws a progress bar on a terminal, a background
task records them for the page. With no one watching, ``step`` does nothing. No Django import.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Progress = Callable[[int, int], None]  # (steps done, steps in all)

_WATCHER: ContextVar[Progress | None] = ContextVar("report_progress", default=None)


def step(done: int, total: int) -> None:
    watcher = _WATCHER.get()
    if watcher is not None:
        watcher(done, total)


@contextmanager
def reporting(watcher: Progress) -> Iterator[None]:
    token = _WATCHER.set(watcher)
    try:
        yield
    finally:
        _WATCHER.reset(token)


@contextmanager
def terminal_bar(label: str) -> Iterator[None]:
    """A progress bar on stderr, drawn only once a builder reports a step and only on a
    terminal (a pipe or a test runner gets nothing: stdout may carry JSON), so quick reports and
    scripts see nothing."""
    import click  # noqa: PLC0415 (the CLI's; the server never calls this)

    if not sys.stderr.isatty():
        yield
        return

    bar = None
    shown = 0

    def watch(done: int, total: int) -> None:
        nonlocal bar, shown
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - shown)
        shown = done

    try:
        with reporting(watch):
            yield
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
