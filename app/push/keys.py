"""VAPID key pairs: the server's identity towards the browsers' push services."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass(frozen=True)
class VapidKeys:
    public_key: str  # the uncompressed P-256 point, base64url: the browser's applicationServerKey
    private_key: str  # the 32-byte private number, base64url


def generate_vapid_keys() -> VapidKeys:
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return VapidKeys(b64url(public), b64url(private.private_numbers().private_value.to_bytes(32, "big")))
