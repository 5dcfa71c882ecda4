"""Signatures of webhook deliveries: HMAC-SHA256 over ``"<timestamp>.<body>"``.

The header ``X-Signature: t=<unix seconds>, v1=<hex digest>`` lets a receiver check that the
body came from this service (only it and the receiver know the secret) and when it was signed,
so that it can refuse a replay of an old delivery. The README gives a receiver's recipe."""

import hashlib
import hmac
import secrets

SIGNATURE_HEADER = "X-Signature"
SCHEME = "v1"


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp}, {SCHEME}={signature(secret, timestamp, body)}"
