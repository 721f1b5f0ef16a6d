from ninja import Router

router = Router(tags=["toy"])


@router.get("/ping", summary="Toy ping")
def toy_ping(request):
    return {"toy": "pong"}
