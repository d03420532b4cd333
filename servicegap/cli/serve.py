"""`servicegap serve` (gunicorn + WhiteNoise + a background worker) and `servicegap worker`.

Production (SERVICEGAP_MODE=production, the default) refuses SERVICEGAP_DEBUG=true and a missing
or default secret key (``conf.check_production``). Binding: in production ``--host`` must be one of
SERVICEGAP_ALLOWED_HOSTS, so the server never listens on an address whose requests Django would
reject. A wildcard address (0.0.0.0, ::) listens on every interface and is accepted only when
SERVICEGAP_ALLOWED_HOSTS is set explicitly: the default (localhost, 127.0.0.1) would answer 400 to
every request reaching the public interfaces, and an explicit list shows the operator meant it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import click
from gunicorn.app.base import BaseApplication

from servicegap.cli.base import CliError, require_database

WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", "[::]", ""})  # noqa: S104 - the names we check for
WORKER_STOP_TIMEOUT_S = 25.0


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Web worker processes (4 threads each).",
)
@click.option(
    "--no-worker",
    is_flag=True,
    help="Do not start a background worker (run `servicegap worker` separately).",
)
def serve(host: str, port: int, workers: int, no_worker: bool) -> None:
    """Run the production web server, and a background worker unless --no-worker.

    In production (SERVICEGAP_MODE=production, the default) it refuses SERVICEGAP_DEBUG=true, a
    missing or default secret and a --host that is not in SERVICEGAP_ALLOWED_HOSTS; 0.0.0.0
    (every interface) needs SERVICEGAP_ALLOWED_HOSTS set explicitly. Stops, with its worker, on
    SIGTERM or Ctrl-C.
    """
    refuse_demo_mailbox()
    run_server(host, port, workers=workers, with_worker=not no_worker)


def refuse_demo_mailbox() -> None:
    """In production `serve` and a `worker` of its own never keep mail in the demo mailbox: only
    `servicegap demo` turns it on (for itself and its worker child), so real mail is never
    swallowed by a setting copied from a demo."""
    from servicegap import conf  # the environment, read before Django is set up

    on = conf.env_bool("SERVICEGAP_DEMO_MAILBOX")
    if on and conf.env_choice("SERVICEGAP_MODE", conf.MODES) == "production":
        raise CliError(
            "SERVICEGAP_DEMO_MAILBOX=true keeps every e-mail in the demo mailbox instead of "
            "sending it; it is for `servicegap demo`. Unset it to serve (or try it with "
            "SERVICEGAP_MODE=development)."
        )


@click.command()
@click.option(
    "--queue",
    "queues",
    default="default",
    show_default=True,
    help="Comma-separated task queues to run ('*': all).",
)
@click.option(
    "--interval",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0.05, 60),
    help="Seconds between looks for new tasks when idle (database backend; RQ waits on Redis).",
)
@click.option("--batch", is_flag=True, help="Run the tasks waiting now, then exit (no scheduler).")
@click.option("--no-scheduler", is_flag=True, help="Do not run scheduled jobs in this process.")
@click.option("--parent-pid", type=int, hidden=True, help="Stop when this process is gone.")
def worker(
    queues: str, interval: float, batch: bool, no_scheduler: bool, parent_pid: int | None
) -> None:
    """Run background tasks and scheduled jobs until stopped (SIGTERM or Ctrl-C)."""
    require_database()
    if parent_pid is None:  # a child of `serve` or `demo` was checked by its parent
        refuse_demo_mailbox()
    from django.conf import settings

    from servicegap.runtime.worker import run_worker

    names = [q.strip() for q in queues.split(",") if q.strip()] or ["default"]
    scheduler = "off" if batch or no_scheduler else "on"
    click.echo(
        f"worker pid {os.getpid()}: {settings.TASK_BACKEND} queues {','.join(names)}, "
        f"scheduler {scheduler}",
        err=True,
    )
    run_worker(
        names,
        interval=interval,
        batch=batch,
        with_scheduler=not no_scheduler,
        parent_pid=parent_pid,
    )


def run_server(host: str, port: int, workers: int = 2, with_worker: bool = True) -> None:
    """Check the configuration, then serve until SIGTERM/SIGINT (also used by `demo`)."""
    require_database()
    check_can_serve(host)
    from django.db import connections

    from servicegap.core.baseurl import configure_for_serve

    configure_for_serve(host, port)  # links follow --host/--port unless SERVICEGAP_BASE_URL is set

    connections.close_all()  # never share a database connection with forked web workers
    child = WorkerProcess() if with_worker else None
    display = f"[{host}]" if ":" in host else host
    url = f"http://{display}:{port}/"

    def when_ready(server: Any) -> None:
        if child is not None:
            child.start()
        note = f" (background worker pid {child.pid})" if child is not None else ""
        click.echo(f"serving on {url}{note}", err=True)

    def on_exit(server: Any) -> None:
        if child is not None:
            child.stop()

    options = {
        "bind": f"{display}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": 4,
        "timeout": 60,
        "graceful_timeout": 20,
        "keepalive": 5,
        # Workers are recycled now and then as a guard against leaks; the app is loaded once in
        # the master (preload), so a recycled worker is back in milliseconds, not a second.
        "max_requests": 20000,
        "max_requests_jitter": 2000,
        "preload_app": True,
        "proc_name": "servicegap",
        "control_socket_disable": True,
        "errorlog": "-",
        "loglevel": "info",
        "when_ready": when_ready,
        "on_exit": on_exit,
    }
    try:
        _GunicornApp(options).run()
    finally:
        if child is not None:
            child.stop()


def check_can_serve(host: str) -> None:
    """In production refuse debug, a weak secret and a --host Django would not answer for."""
    from django.conf import settings

    from servicegap import conf
    from servicegap.gaps.kinds import tell_widths

    try:
        tell_widths()  # names report kinds, so it is checked once they are registered
    except conf.ConfigError as exc:
        raise CliError(str(exc)) from None
    if settings.MODE == "development":
        return
    try:
        conf.check_production(settings.DEBUG, conf.read_secret_key(), settings.MODE)
    except conf.ConfigError as exc:
        raise CliError(str(exc)) from None
    explicit = bool(os.environ.get("SERVICEGAP_ALLOWED_HOSTS", "").strip())
    problem = host_problem(host, list(settings.ALLOWED_HOSTS), explicit)
    if problem:
        raise CliError(problem)


def host_problem(host: str, allowed: list[str], explicit: bool) -> str:
    """Why ``host`` may not be bound in production, or '' when it may."""
    from django.http.request import validate_host

    listed = ", ".join(allowed) or "none"
    if host.strip() in WILDCARD_HOSTS:
        if explicit and allowed:
            return ""
        return (
            f"--host {host or '(empty)'} listens on every interface; set SERVICEGAP_ALLOWED_HOSTS to "
            "the names this server is reached by (e.g. servicegap.example.com) to allow it"
        )
    name = f"[{host}]" if ":" in host and not host.startswith("[") else host
    if validate_host(name, allowed):
        return ""
    return (
        f"--host {host} is not in SERVICEGAP_ALLOWED_HOSTS ({listed}); add it there or "
        "listen on one of those"
    )


class WorkerProcess:
    """`servicegap worker` as a child of the server: same environment, stopped with it."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.owner = os.getpid()

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def start(self) -> None:
        argv = [sys.executable, "-c", "from servicegap.cli import main; main()"]
        argv += ["worker", "--parent-pid", str(os.getpid())]
        # Its own session: a Ctrl-C in the terminal reaches only the server, which then stops the
        # worker gracefully (a second SIGINT would kill the worker's running task).
        self.proc = subprocess.Popen(argv, start_new_session=True)

    def stop(self, timeout: float = WORKER_STOP_TIMEOUT_S) -> None:
        # Forked web workers run this module's `finally` too: only the process that started the
        # worker may stop it.
        if self.proc is None or os.getpid() != self.owner or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class _GunicornApp(BaseApplication):
    """Gunicorn configured in code, serving ``servicegap.wsgi.application``."""

    def __init__(self, options: dict[str, Any]) -> None:
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from servicegap.wsgi import application

        return application


COMMANDS = [serve, worker]
