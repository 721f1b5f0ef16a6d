import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand

from jiangxin.core.tasks import task_recover_stale, task_sweep_forever


class Command(BaseCommand):
    help = (
        "Recover jobs a dead worker left behind, then run the database-backed task worker "
        "(never under the auto-reloader) with a sweep that ends dead jobs within a minute."
    )

    def handle(self, *args, **options):
        requeued, failed = task_recover_stale()
        self.stdout.write(f"recovered jobs: {requeued} re-queued, {failed} marked failed")
        threading.Thread(target=task_sweep_forever, name="jx-job-sweep", daemon=True).start()
        # reload=False: under DEBUG db_worker would otherwise run as an auto-reloader parent
        # whose child is the real worker, so killing the PID one knows left it running.
        call_command("db_worker", queue_name="*", reload=False)
