"""The interactive docs page: only the package's own pinned Swagger UI, checked byte for byte."""

import hashlib
import json
import re
from pathlib import Path

import pytest

from tests.factories import build_app, dispose

ROOT = Path(__file__).resolve().parents[2]
VENDORED = ROOT / "services_api" / "api_docs" / "static" / "swagger-ui"
PINNED_VERSION = "5.35.0"


def sums() -> dict[str, str]:
    lines = (VENDORED / "SHA256SUMS").read_text(encoding="ascii").splitlines()
    return {name.lstrip("*"): digest for digest, name in (line.split() for line in lines)}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("docs")
    app = build_app(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path, AUTO_SEED=False)
    yield app.test_client()
    dispose(app)


def test_the_docs_page_loads_nothing_from_another_host(client):
    html = client.get("/api/v1/docs").get_data(as_text=True)
    assert "http:" not in html and "https:" not in html and "//" not in html
    linked = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/api/v1/docs/static/swagger-ui/swagger-ui-bundle.js" in linked
    assert "/api/v1/docs/static/swagger-ui/swagger-ui.css" in linked
    assert 'data-spec-url="/api/v1/openapi.json"' in html
    for url in linked:
        if not url.startswith("data:"):
            with client.get(url) as asset:
                assert asset.status_code == 200, url


def test_every_vendored_file_is_listed_and_matches_its_sum():
    listed = sums()
    on_disk = {p.name for p in VENDORED.iterdir()} - {"SHA256SUMS"}
    assert set(listed) == on_disk
    for name, digest in listed.items():
        assert hashlib.sha256((VENDORED / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("name", sorted(sums()))
def test_the_served_files_are_the_pinned_ones(client, name):
    with client.get(f"/api/v1/docs/static/swagger-ui/{name}") as response:
        assert response.status_code == 200
        assert hashlib.sha256(response.get_data()).hexdigest() == sums()[name]


def test_the_copy_is_the_pinned_release():
    assert json.loads((VENDORED / "package.json").read_text())["version"] == PINNED_VERSION


def test_the_docs_start_swagger_ui_without_the_online_validator(client):
    with client.get("/api/v1/docs/static/docs.js") as script:
        body = script.get_data(as_text=True)
    assert "validatorUrl: null" in body and "SwaggerUIBundle" in body
