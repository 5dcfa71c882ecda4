"""A secured Elasticsearch cluster is reached with the configured CA certificate and credentials."""

import base64

import certifi

from services_api import create_app
from services_api.searching.extension import search_index


def _backend(monkeypatch, tmp_path, **variables):
    for name, value in variables.items():
        monkeypatch.setenv(f"SERVICES_API_{name}", value)
    app = create_app(
        {"AUTO_SEED": False, "INSTANCE_PATH": str(tmp_path), "SEARCH_BACKEND": "elasticsearch"}
    )
    with app.app_context():
        backend = search_index.backend
    search_index.close()
    return backend


def test_api_key_and_ca_certificate_from_the_environment(monkeypatch, tmp_path):
    backend = _backend(
        monkeypatch,
        tmp_path,
        ELASTICSEARCH_URL="https://search.internal:9200",
        ELASTICSEARCH_CA_CERTS=certifi.where(),
        ELASTICSEARCH_API_KEY="VnVhVEQ5SUJ",
        ELASTICSEARCH_MANAGEMENT_TIMEOUT_SECONDS="45",
    )
    assert backend.client._headers["authorization"] == "ApiKey VnVhVEQ5SUJ"
    (node,) = backend.client.transport.node_pool.all()
    assert node.config.ca_certs == certifi.where() and node.config.verify_certs is True
    assert backend.admin._request_timeout == 45


def test_user_and_password_from_the_environment(monkeypatch, tmp_path):
    backend = _backend(
        monkeypatch, tmp_path, ELASTICSEARCH_USERNAME="elastic", ELASTICSEARCH_PASSWORD="1234"
    )
    expected = "Basic " + base64.b64encode(b"elastic:1234").decode()
    assert backend.client._headers["authorization"] == expected
