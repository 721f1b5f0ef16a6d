from django.core.management.base import BaseCommand

from jiangxin.core.export_jobs import export_files_purge
from jiangxin.core.import_jobs import import_files_purge
from jiangxin.core.tasks import housekeeping_run


class Command(BaseCommand):
    help = (
        "Delete import uploads, error workbooks and export files older than "
        "JX_IMPORT_FILE_DAYS (7), and run every module's housekeeping (old login "
        "throttle rows …)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"removed {import_files_purge()} import files")
        self.stdout.write(f"removed {export_files_purge()} export files")
        for path, removed in housekeeping_run().items():
            self.stdout.write(f"{path}: removed {removed}")
