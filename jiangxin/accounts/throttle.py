"""Login throttling that an outsider cannot aim at someone else.

Two counters per user name:

* per (user name, source address): the 5th failure (JX_LOGIN_FAILURE_LIMIT) locks that
  pair for JX_LOCKOUT_MINUTES; each later lock of the same pair lasts twice as long (at
  most a day). An attacker elsewhere locks only their own address out; the real user keeps
  logging in from theirs.
* per user name, from every source (the row with `ip` empty): after 10 failures within
  the lockout window, a source the user never logged in from must wait a growing delay
  (2 s, 4 s, … at most 5 minutes) between attempts. It never locks, and never slows a
  source the user logged in from before.

A success resets the pair's counter and the all-sources counter, and marks the source as
one the user uses. The security administrator lists and unlocks locks on the Security
page (accounts/views_security.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import LoginThrottle

SLOW_AFTER = 10  # failures from all sources before unknown sources are slowed
SLOW_MAX_SECONDS = 300
LOCK_MAX = timedelta(days=1)
ALL_SOURCES = ""


def failure_limit() -> int:
    return settings.JX_LOGIN_FAILURE_LIMIT


def cooloff() -> timedelta:
    return settings.JX_LOCKOUT_COOLOFF


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is refused before its password is checked."""

    locked: bool  # the pair is locked (else: slowed, try again in `seconds`)
    seconds: int


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _rows(username: str, ip: str) -> tuple[LoginThrottle | None, LoginThrottle | None]:
    rows = {
        r.ip: r
        for r in LoginThrottle.objects.filter(username=_key(username), ip__in=[ip, ALL_SOURCES])
    }
    return rows.get(ip), rows.get(ALL_SOURCES)


def _slow_delay(failures: int) -> int:
    if failures < SLOW_AFTER:
        return 0
    return min(2 ** (failures - SLOW_AFTER + 1), SLOW_MAX_SECONDS)


def throttle_check(username: str, ip: str | None) -> Refusal | None:
    """None when this attempt may check its password, else why not."""
    ip = ip or "unknown"
    now = timezone.now()
    pair, every = _rows(username, ip)
    if pair is not None and pair.locked_until and pair.locked_until > now:
        return Refusal(locked=True, seconds=int((pair.locked_until - now).total_seconds()) + 1)
    known_source = pair is not None and pair.last_success_at is not None
    if every is not None and not known_source and every.last_failure_at:
        if now - every.last_failure_at > cooloff():
            return None  # the window has passed; the next failure starts a new count
        wait = _slow_delay(every.failures)
        ready = every.last_failure_at + timedelta(seconds=wait)
        if wait and ready > now:
            return Refusal(locked=False, seconds=int((ready - now).total_seconds()) + 1)
    return None


@transaction.atomic
def throttle_failure(username: str, ip: str | None) -> bool:
    """Count a failed password; True when this failure locked the (user, source) pair."""
    ip = ip or "unknown"
    now = timezone.now()
    key = _key(username)
    pair, _ = LoginThrottle.objects.select_for_update().get_or_create(username=key, ip=ip)
    every, _ = LoginThrottle.objects.select_for_update().get_or_create(username=key, ip=ALL_SOURCES)
    if every.last_failure_at and now - every.last_failure_at > cooloff():
        every.failures = 0
    every.failures += 1
    every.last_failure_at = now
    every.save(update_fields=["failures", "last_failure_at"])
    if pair.last_failure_at and now - pair.last_failure_at > cooloff() and not pair.locked_until:
        pair.failures = 0
    pair.failures += 1
    pair.last_failure_at = now
    locked = pair.failures >= failure_limit()
    if locked:
        pair.lockouts += 1
        pair.locked_until = now + min(cooloff() * 2 ** (pair.lockouts - 1), LOCK_MAX)
        pair.failures = 0
    pair.save()
    return locked


def throttle_success(username: str, ip: str | None) -> None:
    ip = ip or "unknown"
    key = _key(username)
    now = timezone.now()
    updated = LoginThrottle.objects.filter(username=key, ip=ip).update(
        failures=0, lockouts=0, locked_until=None, last_success_at=now
    )
    if not updated:
        LoginThrottle.objects.get_or_create(username=key, ip=ip, defaults={"last_success_at": now})
    LoginThrottle.objects.filter(username=key, ip=ALL_SOURCES).update(failures=0)


KNOWN_SOURCE_DAYS = 180  # a source the user logged in from is remembered this long


def throttle_purge(*, now=None) -> int:
    """Delete the throttle rows that no longer hold anything (housekeeping, run by the
    worker): not locked, no failure within a day (the longest lock; the doubling starts
    again after it), and no success within KNOWN_SOURCE_DAYS (a source the user logs in
    from stays known). Rows an attacker made with made-up user names go after a day."""
    now = now or timezone.now()
    quiet = Q(last_failure_at__isnull=True) | Q(last_failure_at__lt=now - LOCK_MAX)
    unlocked = Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    forgotten = Q(last_success_at__isnull=True) | Q(
        last_success_at__lt=now - timedelta(days=KNOWN_SOURCE_DAYS)
    )
    removed, _ = LoginThrottle.objects.filter(quiet & unlocked & forgotten).delete()
    return removed


def throttle_locked(*, now=None):
    """The (user, source) pairs locked now, and the user names being slowed."""
    now = now or timezone.now()
    return LoginThrottle.objects.filter(locked_until__gt=now).order_by("-locked_until")


def throttle_slowed(*, now=None):
    now = now or timezone.now()
    return LoginThrottle.objects.filter(
        ip=ALL_SOURCES, failures__gte=SLOW_AFTER, last_failure_at__gt=now - cooloff()
    ).order_by("-last_failure_at")


def throttle_reset(username: str) -> int:
    """Unlock every source of a user name and clear its counters; the number of failed
    attempts and locks cleared."""
    rows = LoginThrottle.objects.filter(username=_key(username))
    cleared = sum(r.failures + (1 if r.locked_until else 0) for r in rows)
    rows.update(failures=0, locked_until=None, lockouts=0)
    return cleared
