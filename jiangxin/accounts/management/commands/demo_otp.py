"""Print the code the demo authenticator shows now (README.md, "Demo users")."""

from django.core.management.base import BaseCommand

from jiangxin.accounts.demo import demo_totp_code


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of the demo authenticator (the secret in "
        "README.md) that the demo's federation admin, auditor and security administrator "
        "use. Demo only."
    )

    def handle(self, *args, **options):
        self.stdout.write(demo_totp_code())
