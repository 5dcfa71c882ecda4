"""Creating, listing, revoking and checking API keys; knows nothing of HTTP."""

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from services_api.agencies.models import Agency
from services_api.errors import InvalidParameter, NotFound, Unauthorized
from services_api.keys.models import ApiKey, Role
from services_api.types import utc_now

TOKEN_PREFIX = "tthc_"
SHOWN_PREFIX_LENGTH = 12


def hash_token(token: str) -> str:
    """The stored form of a key: its SHA-256, hex.

    A plain, fast hash is right here, unlike for passwords: the token is 32 random bytes from
    ``secrets`` (256 bits), so nobody can guess it or brute-force it from a leaked hash, and a
    slow, salted KDF would add cost to every request without adding safety. Being deterministic,
    the hash is also the lookup key (a unique index), so checking a key is one indexed query.
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class KeyService:
    """API keys: the token is shown once, at creation; only its hash is kept."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def create(
        self, role: Role, agency_code: str | None = None, name: str = ""
    ) -> tuple[ApiKey, str]:
        """Create a key; return ``(key, token)``. Editors need an agency; others have none."""
        agency = self._agency(role, agency_code)
        token = new_token()
        key = ApiKey(
            name=name or _default_name(role, agency),
            role=role,
            agency=agency,
            token_hash=hash_token(token),
            prefix=token[:SHOWN_PREFIX_LENGTH],
        )
        self.session.add(key)
        self.session.commit()
        return key, token

    def all(self) -> list[ApiKey]:
        return list(self.session.scalars(select(ApiKey).order_by(ApiKey.id)))

    def revoke(self, key_id: int) -> ApiKey:
        key = self.session.get(ApiKey, key_id)
        if key is None:
            raise NotFound(f"Không có khóa API số {key_id}")
        if key.revoked_at is None:
            key.revoked_at = utc_now()
            self.session.commit()
        return key

    def authenticate(self, token: str | None) -> ApiKey:
        """The active key this token belongs to; Unauthorized when missing, unknown or revoked."""
        if not token:
            raise Unauthorized("Cần khóa API: gửi tiêu đề Authorization: Bearer <khóa>")
        key = self.session.scalar(select(ApiKey).where(ApiKey.token_hash == hash_token(token)))
        if key is None or not key.active:
            raise Unauthorized("Khóa API không hợp lệ hoặc đã bị thu hồi")
        return key

    def _agency(self, role: Role, agency_code: str | None) -> Agency | None:
        if role is not Role.EDITOR:
            if agency_code:
                raise InvalidParameter("agency", "Chỉ khóa biên tập viên gắn với một cơ quan")
            return None
        if not agency_code:
            raise InvalidParameter("agency", "Khóa biên tập viên cần mã cơ quan")
        agency = self.session.scalar(select(Agency).where(Agency.code == agency_code))
        if agency is None:
            raise InvalidParameter("agency", f"Không có cơ quan {agency_code}")
        return agency


def _default_name(role: Role, agency: Agency | None) -> str:
    return f"{role.value} {agency.code}" if agency else role.value
