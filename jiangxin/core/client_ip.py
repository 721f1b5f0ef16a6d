"""The client's address, for the audit log and the login throttle.

Without a proxy, REMOTE_ADDR is the client. Behind the federation's reverse proxy it is
the proxy; set JX_TRUST_X_REAL_IP=1 (only then, and only when every request comes through
that proxy) and the address the proxy reports is used instead: its X-Real-IP header, or
failing that the last hop of X-Forwarded-For (the address the proxy itself saw — earlier
entries are whatever the client sent and are never trusted). A header that is not an IP
address is ignored."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _ip(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    if not getattr(settings, "JX_TRUST_X_REAL_IP", False):
        return remote
    real = _ip(request.META.get("HTTP_X_REAL_IP"))
    if real:
        return real
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        last = _ip(forwarded.split(",")[-1])
        if last:
            return last
    return remote
