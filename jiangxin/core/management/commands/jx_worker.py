from django.core.management import call_command
from django.core.management.base import BaseCommand

from jiangxin.core.tasks import task_recover_stale


class Command(BaseCommand):
    help = "Recover jobs a dead worker left behind, then run the database-backed task worker."

    def handle(self, *args, **options):
        requeued, failed = task_recover_stale()
        self.stdout.write(f"recovered jobs: {requeued} re-queued, {failed} marked failed")
        call_command("db_worker", queue_name="*")
