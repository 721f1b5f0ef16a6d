"""The production web server: waitress (pure Python, already a dependency) serving the
WSGI application, static files through WhiteNoise. Put a TLS proxy (nginx) in front;
run `manage.py jx_worker` beside it. The bench's HTTP load test serves the site this way.

One Python process runs Python on one core at a time (the GIL), so the command binds the
socket once and forks `--processes` waitress servers that share it (the kernel hands each
connection to one of them), each with `--threads` threads: by default one process per
core. The parent forwards SIGTERM/SIGINT to the children and restarts none: a server that
dies is noticed by the service manager (systemd), which restarts the whole command."""

from __future__ import annotations

import os
import signal
import socket

from django.core.management.base import BaseCommand
from django.db import connections


class Command(BaseCommand):
    help = (
        "Serve jiangxin with waitress (production): "
        "manage.py jx_serve --host 127.0.0.1 --port 8000 [--processes N --threads T]"
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--processes",
            type=int,
            default=os.cpu_count() or 1,
            help="server processes sharing the socket (default: one per core)",
        )
        parser.add_argument(
            "--threads", type=int, default=4, help="worker threads per process (default 4)"
        )

    def handle(self, *args, host, port, processes, threads, **options):
        from jiangxin.wsgi import application

        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(1024)
        self.stdout.write(
            f"jiangxin on http://{host}:{port}/ (waitress, {processes} processes × "
            f"{threads} threads)"
        )
        self.stdout.flush()
        if processes <= 1:
            self._serve(application, sock, threads)
            return
        connections.close_all()  # no connection may cross the fork
        children = []
        for _ in range(processes):
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child never returns
                try:
                    self._serve(application, sock, threads)
                finally:
                    os._exit(0)
            children.append(pid)

        def stop(signum, frame):
            for pid in children:
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        for pid in children:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass

    @staticmethod
    def _serve(application, sock, threads: int) -> None:
        from waitress import serve

        serve(
            application,
            sockets=[sock],
            threads=threads,
            ident="jiangxin",
            # The proxy's address is what waitress sees; the client's comes from X-Real-IP
            # when JX_TRUST_X_REAL_IP is set (see README), never from waitress's own guess.
            clear_untrusted_proxy_headers=False,
            max_request_body_size=64 * 1024 * 1024,
            channel_timeout=60,
        )
