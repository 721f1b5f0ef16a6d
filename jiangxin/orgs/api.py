from ninja import Router, Schema

from . import selectors

router = Router(tags=["orgs"])


class OrgOut(Schema):
    id: int
    name: str
    kind: str
    uscc: str | None
    region_code: str
    industry: str
    depth: int
    path: str
    children: int
    is_active: bool

    @staticmethod
    def resolve_children(obj) -> int:
        return obj.numchild


class OrgPage(Schema):
    items: list[OrgOut]
    next_cursor: str | None


@router.get("/", response=OrgPage, summary="Organisations in your scope (keyset pages)")
def orgs_list(
    request,
    parent: int | None = None,
    q: str = "",
    kind: str = "",
    cursor: str | None = None,
    size: int = 50,
):
    parent_org = selectors.org_get(request.user, parent) if parent else None
    page = selectors.org_list(
        request.user, parent=parent_org, q=q, kind=kind, cursor=cursor, size=size
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/{org_id}", response=OrgOut, summary="One organisation")
def orgs_detail(request, org_id: int):
    return selectors.org_get(request.user, org_id)
