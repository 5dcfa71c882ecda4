"""The portal blueprint without a browser: the page, its files, the prefix, and CORS on scripts."""

from pathlib import Path

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client

from tests.factories import build_app, dispose

STATIC = Path(__file__).resolve().parents[2] / "services_api" / "portal" / "static" / "portal"
ASSETS = [
    "app.js",
    "api.js",
    "combobox.js",
    "dom.js",
    "format.js",
    "life-events-view.js",
    "procedure-view.js",
    "search-view.js",
    "state.js",
    "stats-view.js",
    "app.css",
]


@pytest.fixture
def portal_app(tmp_path):
    app = build_app(
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        tmp_path,
        AUTO_SEED=False,
        CORS_ORIGINS="https://portal.example",
    )
    yield app
    dispose(app)


def test_page_is_vietnamese_and_links_its_files_from_the_root(portal_app):
    page = portal_app.test_client().get("/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert '<html lang="vi">' in html
    assert 'src="/static/portal/app.js"' in html and 'href="/static/portal/app.css"' in html
    assert "http://" not in html and "https://" not in html  # nothing from another host
    for module in sorted(STATIC.glob("*.js")):  # fetched at once, not one import after another
        if module.name != "app.js":
            assert f'rel="modulepreload" href="/static/portal/{module.name}"' in html


@pytest.mark.parametrize("name", ASSETS)
def test_every_file_is_served(portal_app, name):
    with portal_app.test_client().get(f"/static/portal/{name}") as response:
        assert response.status_code == 200
        body = response.get_data(as_text=True)
    assert "http://" not in body and "https://" not in body
    assert response.mimetype in ("text/javascript", "application/javascript", "text/css")


def test_under_a_prefix_the_page_links_the_prefixed_files(portal_app):
    client = Client(DispatcherMiddleware(NotFound(), {"/dvc": portal_app}))
    html = client.get("/dvc/").get_data(as_text=True)
    assert 'src="/dvc/static/portal/app.js"' in html
    with client.get("/dvc/static/portal/app.js") as script:
        assert script.status_code == 200


def test_scripts_are_readable_from_allowed_origins_only(portal_app):
    client = portal_app.test_client()
    with client.get("/static/portal/app.js", headers={"Origin": "https://portal.example"}) as ok:
        assert ok.headers["Access-Control-Allow-Origin"] == "https://portal.example"
        assert "Origin" in ok.headers["Vary"]
    with client.get("/static/portal/app.js", headers={"Origin": "https://evil.example"}) as other:
        assert "Access-Control-Allow-Origin" not in other.headers


def test_the_page_is_not_in_the_openapi_spec(portal_app):
    spec = portal_app.test_client().get("/api/v1/openapi.json").get_json()
    assert not any(path in ("/", "/static/portal/{filename}") for path in spec["paths"])
