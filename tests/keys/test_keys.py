"""`flask keys`: keys made on the command line work over HTTP, and revoked ones stop at once."""

import pytest
from sqlalchemy import select

from services_api.extensions import db
from services_api.keys.models import ApiKey
from services_api.keys.service import hash_token
from tests.factories import AGENCY_A, AGENCY_B, pick


def created_key(result) -> str:
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def maturity_put(client, code: str, token: str, level: int):
    etag = client.get(f"/api/v1/procedures/{code}").headers["ETag"]
    return client.put(
        f"/api/v1/procedures/{code}/maturity",
        json={"level": level, "reason": "cập nhật"},
        headers={"Authorization": f"Bearer {token}", "If-Match": etag},
    )


def test_cli_keys_work_over_http(small_app, small_client):
    runner, client = small_app.test_cli_runner(), small_client
    editor = created_key(
        runner.invoke(args=["keys", "create", "--role", "editor", "--agency", AGENCY_A])
    )
    code = pick(AGENCY_A, online=True, level=3)
    other = pick(AGENCY_B, online=True, level=3)
    assert maturity_put(client, code, editor, 4).status_code == 200
    assert maturity_put(client, other, editor, 4).status_code == 403
    admin = created_key(runner.invoke(args=["keys", "create", "--role", "admin"]))
    assert maturity_put(client, other, admin, 4).status_code == 200
    reader = created_key(runner.invoke(args=["keys", "create", "--role", "reader"]))
    assert maturity_put(client, code, reader, 3).status_code == 403

    listing = runner.invoke(args=["keys", "list"])
    assert listing.exit_code == 0 and len(listing.output.strip().splitlines()) == 3
    assert editor not in listing.output and editor[:12] in listing.output
    editor_id = listing.output.split()[0]
    revoked = runner.invoke(args=["keys", "revoke", editor_id])
    assert revoked.exit_code == 0, revoked.output
    assert maturity_put(client, code, editor, 3).status_code == 401
    assert "revoked" in runner.invoke(args=["keys", "list"]).output


@pytest.mark.parametrize(
    "args",
    [
        ["--role", "editor"],
        ["--role", "editor", "--agency", "khong-co"],
        ["--role", "admin", "--agency", AGENCY_A],
        ["--role", "owner"],
    ],
)
def test_bad_key_requests_fail_without_creating_a_key(small_app, args):
    result = small_app.test_cli_runner().invoke(args=["keys", "create", *args])
    assert result.exit_code != 0
    with small_app.app_context():
        assert db.session.scalars(select(ApiKey)).all() == []


def test_revoking_an_unknown_key_fails(small_app):
    result = small_app.test_cli_runner().invoke(args=["keys", "revoke", "999"])
    assert result.exit_code != 0 and "999" in result.output


def test_a_key_is_a_long_random_token_kept_only_as_its_sha256(small_app):
    runner = small_app.test_cli_runner()
    tokens = {
        created_key(runner.invoke(args=["keys", "create", "--role", "admin"])) for _ in range(3)
    }
    assert len(tokens) == 3 and all(len(t) >= 40 for t in tokens)
    with small_app.app_context():
        stored = set(db.session.scalars(select(ApiKey.token_hash)))
    assert stored == {hash_token(t) for t in tokens}
