from jiangxin.core.modules import Module, NavItem, Permission
from jiangxin.core.roles import Role

SEEDED: list[str] = []


def seed_demo(ctx) -> None:
    SEEDED.append(f"toy seeded after {len(ctx.workers)} workers")


MODULE = Module(
    label="toy",
    order=99,
    permissions=[Permission("toy.play", "Play with the toy", roles=(Role.WORKER,))],
    nav=[NavItem("toy", "Toy module", "toy:index", lambda scope: scope.has("toy.play"), 60)],
    imports={"toy.things": "jiangxin.orgs.imports.EnterpriseImport"},
    urls=[("toy/", "jiangxin.testing.toy.urls")],
    api=[("/toy", "jiangxin.testing.toy.api.router")],
    demo_seed=seed_demo,
    passport_sources=["jiangxin.testing.toy.extensions.toy_passport"],
    indicator_sources={"toy_figure": "jiangxin.testing.toy.extensions.toy_figure"},
    subjects=["jiangxin.testing.toy.extensions.ToySubject"],
)
