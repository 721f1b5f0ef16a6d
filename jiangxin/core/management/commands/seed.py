from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load demo data (--preset demo) or the province-scale design load (--preset province)."

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=["demo", "province"], default="demo")
        parser.add_argument(
            "--quiet-logins", action="store_true", help="do not print the demo logins"
        )

    def handle(self, *args, preset: str, quiet_logins: bool, **options):
        if preset == "province":
            try:
                from jiangxin.core.seeding import seed_province
            except ImportError as exc:  # pragma: no cover
                raise CommandError("the province preset is not available yet") from exc
            seed_province(stdout=self.stdout)
            return
        from jiangxin.accounts.demo import DEMO_PASSWORD, seed_demo_users
        from jiangxin.orgs.demo import seed_demo_orgs
        from jiangxin.people.demo import seed_demo_people

        with transaction.atomic():
            orgs = seed_demo_orgs()
            logins = seed_demo_users(orgs)
            workers = seed_demo_people(orgs)
            _link_demo_worker(workers)
            try:
                from jiangxin.studios.demo import seed_demo_studios
            except ImportError:
                pass
            else:
                seed_demo_studios(orgs, workers)
            try:
                from jiangxin.achievements.demo import seed_demo_achievements
            except ImportError:
                pass
            else:
                seed_demo_achievements(orgs, workers)
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
