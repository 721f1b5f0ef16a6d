from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from jiangxin.core.scope_keys import ScopeKeyed, scope_keys_stale


class Command(BaseCommand):
    help = (
        "Check that every row of the scope-keyed tables carries its owner org's path "
        "(core/scope_keys.py); exits non-zero if any row disagrees (e.g. after a restore "
        "with triggers off)."
    )

    def handle(self, *args, **options):
        bad = 0
        for model in apps.get_models():
            if issubclass(model, ScopeKeyed):
                n = scope_keys_stale(model)
                bad += n
                self.stdout.write(f"{model._meta.label}: {n} rows with wrong scope keys")
        if bad:
            raise CommandError(f"{bad} rows carry scope keys that disagree with their owner")
