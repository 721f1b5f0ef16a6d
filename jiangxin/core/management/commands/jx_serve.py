"""The production web server: waitress (pure Python, already a dependency) serving the
WSGI application, static files through WhiteNoise. Put a TLS proxy (nginx) in front;
run `manage.py jx_worker` beside it. The bench's HTTP load test serves the site this way."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Serve jiangxin with waitress (production): manage.py jx_serve --host 127.0.0.1 --port 8000"
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--threads", type=int, default=8, help="worker threads (default 8; 4 per core)"
        )

    def handle(self, *args, host, port, threads, **options):
        from waitress import serve

        from jiangxin.wsgi import application

        self.stdout.write(f"jiangxin on http://{host}:{port}/ (waitress, {threads} threads)")
        serve(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="jiangxin",
            # The proxy's address is what waitress sees; the client's comes from X-Real-IP
            # when JX_TRUST_X_REAL_IP is set (see README), never from waitress's own guess.
            clear_untrusted_proxy_headers=False,
            max_request_body_size=64 * 1024 * 1024,
            channel_timeout=60,
        )
