"""Reads from a PostgreSQL streaming replica (docs/scaling.md).

With `JX_REPLICA_URL` set, settings add the database alias `replica`, this module's
`ReplicaRouter` and `ReplicaStickyMiddleware`. Nothing reads from the replica unless it
is asked to, in one of two ways:

- `@replica_reads` on a view (list pages, dashboards, reports, exports): its GET and HEAD
  requests read from the replica, unless the same browser wrote less than
  `JX_REPLICA_STICKY_SECONDS` (10) ago — the middleware stamps the response of every
  successful request that is not GET/HEAD/OPTIONS with the cookie `jx_wrote`, so the page
  a form redirects to reads what the form just saved. Any other method runs on the primary.
- `with replica_reads() as alias:` around reads outside a request (an export job's row
  loop). A server-side cursor needs a transaction: open it on that alias,
  `with replica_reads() as alias, transaction.atomic(using=alias): ...`.

Either way, writes go to the primary, and so does every read inside `transaction.atomic`
on the primary (a service's reads before its writes, `select_for_update`, the audit
chain). In a view, the first write ends the replica reads for the rest of the request
(and stamps the browser), so a view that writes and reads back sees its own write; in a
`replica_reads()` block the caller promises its reads do not depend on its own writes
(a job's progress beats), and they stay on the replica.

Without `JX_REPLICA_URL`: no alias, no router, no middleware, and `@replica_reads`
returns the view itself — nothing runs per request.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
STICKY_COOKIE = "jx_wrote"
READ_METHODS = frozenset({"GET", "HEAD"})
# Methods that never stamp the browser (they write nothing).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
MARK = "replica_reads"  # the attribute `@replica_reads` sets on a view


@dataclass
class _Reads:
    """The replica reads of one view call or one `replica_reads()` block."""

    ends_on_write: bool
    wrote: bool = False


_reads: ContextVar[_Reads | None] = ContextVar("jx_replica_reads", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def read_alias() -> str:
    """The alias reads go to here and now (what the router would answer)."""
    state = _reads.get()
    if state is None or state.wrote or connections[PRIMARY].in_atomic_block:
        return PRIMARY
    return REPLICA if replica_configured() else PRIMARY


class ReplicaRouter:
    """Reads to the replica inside `replica_reads`, everything else to the primary."""

    def db_for_read(self, model, **hints) -> str:
        return read_alias()

    def db_for_write(self, model, **hints) -> str:
        state = _reads.get()
        if state is not None and state.ends_on_write:
            state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # One database seen twice: an object read from the replica may point at one read
        # from the primary (and is saved to the primary, db_for_write).
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == PRIMARY


def recently_wrote(request) -> bool:
    """The browser wrote less than REPLICA_STICKY_SECONDS ago (an unreadable stamp counts)."""
    raw = request.COOKIES.get(STICKY_COOKIE)
    if not raw:
        return False
    try:
        stamp = int(raw)
    except ValueError:
        return True
    return time.time() - stamp < settings.REPLICA_STICKY_SECONDS


@contextmanager
def _block(state: _Reads) -> Iterator[str]:
    token = _reads.set(state)
    try:
        yield REPLICA
    finally:
        _reads.reset(token)


def _view_wrapper(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in READ_METHODS or recently_wrote(request):
            return view(request, *args, **kwargs)
        state = _Reads(ends_on_write=True)
        with _block(state):
            response = view(request, *args, **kwargs)
        if state.wrote:
            request.jx_replica_wrote = True  # the middleware stamps the browser
        return response

    return wrapped


def replica_reads(view: Callable | None = None):
    """`@replica_reads` on a view, or `with replica_reads() as alias:` around reads
    (see the module's docstring). Without a replica, the view itself and the alias
    "default"."""
    if view is None:
        if not replica_configured():
            return _primary()
        return _block(_Reads(ends_on_write=False))
    wrapped = _view_wrapper(view) if replica_configured() else view
    setattr(wrapped, MARK, True)
    return wrapped


@contextmanager
def _primary() -> Iterator[str]:
    yield PRIMARY


class ReplicaStickyMiddleware:
    """After a successful request that may have written (any method but GET, HEAD,
    OPTIONS, TRACE; or a replica-read view that wrote), the browser's reads stay on the
    primary for REPLICA_STICKY_SECONDS: a cookie holding the time (no session write)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        wrote = request.method not in SAFE_METHODS or getattr(request, "jx_replica_wrote", False)
        if wrote and response.status_code < 400:
            response.set_cookie(
                STICKY_COOKIE,
                str(int(time.time())),
                max_age=settings.REPLICA_STICKY_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
