from django.core.management.base import BaseCommand

from jiangxin.core.import_jobs import import_files_purge


class Command(BaseCommand):
    help = "Delete import uploads and error workbooks older than JX_IMPORT_FILE_DAYS (7)."

    def handle(self, *args, **options):
        self.stdout.write(f"removed {import_files_purge()} import files")
