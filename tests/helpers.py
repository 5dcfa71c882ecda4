"""Requests the API tests send again and again: a key's header, a level change, a history."""


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def etag_of(client, code: str) -> str:
    return client.get(f"/api/v1/procedures/{code}").headers["ETag"]


def put_level(client, code: str, token: str | None, etag: str | None = "current", **body):
    """PUT /maturity with the procedure's current ETag unless told otherwise."""
    headers = bearer(token) if token else {}
    if etag == "current":
        etag = etag_of(client, code)
    if etag is not None:
        headers["If-Match"] = etag
    return client.put(f"/api/v1/procedures/{code}/maturity", json=body, headers=headers)


def history(client, code: str) -> list[dict]:
    response = client.get(f"/api/v1/procedures/{code}/maturity/history")
    assert response.status_code == 200, response.json
    return response.json
