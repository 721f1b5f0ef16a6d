"""Resident ID numbers at rest: AES-GCM encryption plus an HMAC-SHA256 blind index for
exact lookup and dedupe. Both keys derive from settings.PII_KEY (JX_PII_KEY, from the
environment, never stored in the database). Nothing here logs a plaintext."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=4)
def _keys(master: str) -> tuple[bytes, bytes]:
    if len(master) < 32:
        raise ImproperlyConfigured("Set JX_PII_KEY to a random secret of at least 32 characters.")

    def derive(info: bytes) -> bytes:
        return HKDF(algorithm=SHA256(), length=32, salt=b"jiangxin-pii", info=info).derive(
            master.encode()
        )

    return derive(b"encrypt"), derive(b"blind-index")


def _enc_key() -> bytes:
    return _keys(settings.PII_KEY)[0]


def _mac_key() -> bytes:
    return _keys(settings.PII_KEY)[1]


def pii_encrypt(plaintext: str) -> str:
    nonce = os.urandom(12)
    ct = AESGCM(_enc_key()).encrypt(nonce, plaintext.encode(), b"resident_id")
    return base64.b64encode(nonce + ct).decode()


def pii_decrypt(token: str) -> str:
    raw = base64.b64decode(token)
    return AESGCM(_enc_key()).decrypt(raw[:12], raw[12:], b"resident_id").decode()


def pii_blind_index(value: str) -> str:
    return hmac.new(_mac_key(), value.strip().upper().encode(), hashlib.sha256).hexdigest()


def mask_resident_id(value: str) -> str:
    """First 6 and last 4 shown: 370102********123X."""
    return value[:6] + "*" * (len(value) - 10) + value[-4:]
