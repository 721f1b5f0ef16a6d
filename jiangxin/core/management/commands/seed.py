from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load demo data (--preset demo) or the province-scale design load (--preset province)."

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=["demo", "province"], default="demo")
        parser.add_argument(
            "--quiet-logins", action="store_true", help="do not print the demo logins"
        )
        parser.add_argument(
            "--workers", type=int, default=2_000_000, help="province preset: workers"
        )
        parser.add_argument("--orgs", type=int, default=100_000, help="province preset: orgs")
        parser.add_argument("--studios", type=int, default=20_000, help="province preset: studios")
        parser.add_argument(
            "--achievements", type=int, default=300_000, help="province preset: achievements"
        )
        parser.add_argument(
            "--entries", type=int, default=10_000, help="province preset: selection entries"
        )

    def handle(self, *args, preset: str, quiet_logins: bool, **options):
        if preset == "province":
            self._province(options)
            return
        from jiangxin.accounts.demo import DEMO_PASSWORD, seed_demo_users
        from jiangxin.achievements.demo import seed_demo_achievements
        from jiangxin.orgs.demo import seed_demo_orgs
        from jiangxin.people.demo import seed_demo_people
        from jiangxin.selection.demo import seed_demo_selection
        from jiangxin.studios.demo import seed_demo_studios, studio_demo_refresh

        with transaction.atomic():
            orgs = seed_demo_orgs()
            logins = seed_demo_users(orgs)
            workers = seed_demo_people(orgs)
            _link_demo_worker(workers)
            seed_demo_studios(orgs, workers)
            seed_demo_achievements(orgs, workers)
            studio_demo_refresh()  # the studios' rules, now that achievements exist
            seed_demo_selection(orgs, workers)
        if quiet_logins:
            return
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data loaded. Demo logins (password for all: %s):" % DEMO_PASSWORD
            )
        )
        for username, roles in logins:
            self.stdout.write(f"  {username:<22} {roles}")

    def _province(self, options) -> None:
        """The design load of DESIGN.md §6 for every table that exists: 100k orgs and their
        users, 2M workers, 20k studios, 300k achievements, a 10k-entry selection. Each step
        does nothing if its data is already there."""
        from jiangxin.achievements.demo import seed_province_achievements
        from jiangxin.core.seeding import seed_province
        from jiangxin.people.seeding import seed_province_workers
        from jiangxin.selection.scale import seed_province_selection
        from jiangxin.studios.demo import seed_province_studios

        seed_province(stdout=self.stdout, orgs=options["orgs"])
        seed_province_workers(stdout=self.stdout, total=options["workers"])
        seed_province_studios(stdout=self.stdout, n=options["studios"])
        seed_province_achievements(stdout=self.stdout, n=options["achievements"])
        seed_province_selection(stdout=self.stdout, entries=options["entries"])


def _link_demo_worker(workers) -> None:
    """The demo login worker_luan is the worker 栾军 (self-service profile)."""
    from jiangxin.accounts.models import User

    luan = workers.get("栾军")
    user = User.objects.filter(username="worker_luan").first()
    if luan is not None and user is not None and luan.user_id is None:
        type(luan).objects.filter(pk=luan.pk).update(user=user)
