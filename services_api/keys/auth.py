"""Bearer-key authentication for the views: who is calling, and may they call this at all."""

from functools import wraps

from flask import g, request
from flask_smorest import Api, Blueprint, abort

from services_api.errors import DomainError
from services_api.keys.models import ApiKey, Role
from services_api.services import key_service

SECURITY_SCHEME = "bearerKey"
WRITERS = (Role.ADMIN, Role.EDITOR)


def document_security(api: Api) -> None:
    api.spec.components.security_scheme(
        SECURITY_SCHEME,
        {
            "type": "http",
            "scheme": "bearer",
            "description": "Khóa API do Sở TT&TT cấp (`flask keys create`).",
        },
    )


def bearer_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def current_key() -> ApiKey:
    return g.api_key


def requires(blp: Blueprint, *roles: Role):
    """Decorator: the caller must send an active key of one of ``roles`` (401, else 403).

    It runs before the other decorators, so a caller without a key learns nothing else
    (not even that If-Match is missing)."""

    def decorator(func):
        @wraps(func)
        def wrapper(*args, **kwargs):
            g.api_key = _authenticate(roles)
            return func(*args, **kwargs)

        wrapper = blp.alt_response(401, response="UNAUTHORIZED")(wrapper)
        wrapper = blp.alt_response(403, response="FORBIDDEN")(wrapper)
        return blp.doc(security=[{SECURITY_SCHEME: []}])(wrapper)

    return decorator


def _authenticate(roles: tuple[Role, ...]) -> ApiKey:
    try:
        key = key_service().authenticate(bearer_token())
    except DomainError as error:
        abort(401, message=error.message, headers={"WWW-Authenticate": "Bearer"})
    if key.role not in roles:
        allowed = ", ".join(r.value for r in roles)
        abort(403, message=f"Khóa vai trò {key.role.value} không được làm việc này ({allowed})")
    return key
