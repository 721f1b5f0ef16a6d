"""The toy module's extension points: a passport row per worker, a studio figure and a
selection subject (declared in its module.py, nowhere else)."""

from datetime import date

from jiangxin.people.passport import PassportEntry
from jiangxin.selection.subjects import SubjectAdapter


def toy_passport(workers) -> dict:
    return {
        w.pk: [PassportEntry(when=date(2020, 1, 1), kind="toy", title="Toy row")] for w in workers
    }


def toy_figure(studios, year) -> dict:
    return {s.pk: 7 for s in studios}


class ToySubject(SubjectAdapter):
    kind = "toy"
    model_label = "orgs.Org"

    def org(self, obj):
        return obj
