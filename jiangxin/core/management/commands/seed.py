from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load demo data (--preset demo) or the province-scale design load (--preset province)."

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=["demo", "province"], default="demo")
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the demo logins")

    def handle(self, *args, preset: str, quiet_logins: bool, **options):
        if preset == "province":
            from jiangxin.core.seeding import seed_province

            seed_province(stdout=self.stdout)
            return
        from jiangxin.accounts.demo import DEMO_PASSWORD, seed_demo_users
        from jiangxin.achievements.demo import seed_demo_achievements
        from jiangxin.orgs.demo import seed_demo_orgs
        from jiangxin.people.demo import seed_demo_people
        from jiangxin.selection.demo import seed_demo_selection
        from jiangxin.studios.demo import seed_demo_studios

        with transaction.atomic():
            orgs = seed_demo_orgs()
            logins = seed_demo_users(orgs)
            workers = seed_demo_people(orgs)
            _link_demo_worker(workers)
            seed_demo_studios(orgs, workers)
            seed_demo_achievements(orgs, workers)
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


def _link_demo_worker(workers) -> None:
    """The demo login worker_luan is the worker 栾军 (self-service profile)."""
    from jiangxin.accounts.models import User

    luan = workers.get("栾军")
    user = User.objects.filter(username="worker_luan").first()
    if luan is not None and user is not None and luan.user_id is None:
        type(luan).objects.filter(pk=luan.pk).update(user=user)
