"""`manage.py seed --preset demo|province`: every module's demo data or design load, in the
modules' order; each module declares its seeds and options in its `module.py`."""

from django.core.management.base import BaseCommand
from django.db import transaction

from jiangxin.core.modules import SeedContext, modules


class Command(BaseCommand):
    help = "Load demo data (--preset demo) or the province-scale design load (--preset province)."

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=["demo", "province"], default="demo")
        parser.add_argument(
            "--quiet-logins", action="store_true", help="do not print the demo logins"
        )
        for module in modules():
            for option in module.province_options:
                parser.add_argument(
                    f"--{option.flag}", type=int, default=option.default, help=option.help
                )

    def handle(self, *args, preset: str, quiet_logins: bool, **options):
        if preset == "province":
            # The design load of DESIGN.md §6 for every table that exists; each step does
            # nothing if its data is already there.
            for module in modules():
                if module.province_seed is not None:
                    module.province_seed(stdout=self.stdout, options=options)
            return
        ctx = SeedContext()
        with transaction.atomic():
            for module in modules():
                if module.demo_seed is not None:
                    module.demo_seed(ctx)
        if quiet_logins:
            return
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data loaded. Demo logins (password for all: %s):" % ctx.password
            )
        )
        for username, roles in ctx.logins:
            self.stdout.write(f"  {username:<22} {roles}")
