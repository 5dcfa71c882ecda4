"""/api/v1/search/rules: administrators' synonyms and best bets change the next search, on both
backends, with no restart; writes are validated and listed beside the zero-result queries.

Each test has a fresh database with four procedures, indexed.
"""

import pytest

from services_api.extensions import db
from services_api.keys.models import Role
from services_api.search_rules.models import SearchRule
from services_api.search_rules.service import RulesInForce
from services_api.searching.models import ZeroResultQuery
from tests.conftest import catalogue_of, dispose, key_maker, skip_unless_required
from tests.elasticsearch_server import ElasticsearchServer, ServerUnavailable

URL = "/api/v1/search/rules"
BIRTH, MARRIAGE, HOUSEHOLD, LICENCE = "1.001193", "1.000894", "1.001612", "3.000348"
INDEXED = {BIRTH, MARRIAGE, HOUSEHOLD, LICENCE}
SHOP = {
    "kind": "synonym",
    "term": "mở tiệm tạp hóa",
    "expansion": "thành lập hộ kinh doanh",
    "reason": "Người dân mở cửa hàng nhỏ: tên thủ tục nói 'thành lập hộ kinh doanh'",
}
CHILD = {
    "kind": "best_bet",
    "term": "giấy tờ cho con mới sinh",
    "codes": [MARRIAGE, BIRTH],
    "reason": "Cha mẹ chưa đăng ký kết hôn thì đăng ký kết hôn trước, rồi khai sinh cho con",
}


@pytest.fixture(scope="module")
def elasticsearch(tmp_path_factory):
    try:
        server = ElasticsearchServer(tmp_path_factory.mktemp("rules-es"))
        server.start()
    except ServerUnavailable as error:
        skip_unless_required("REQUIRE_ELASTICSEARCH", str(error))
    yield server
    server.stop()


def _app(database_url, tmp_path, **config):
    return catalogue_of(database_url, tmp_path, INDEXED, indexed=True, **config)


@pytest.fixture
def rules_app(database_url, tmp_path):
    app = _app(database_url, tmp_path)
    yield app
    dispose(app)


@pytest.fixture(params=["tantivy", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def any_backend_app(request, tmp_path):
    config = {}
    if request.param == "elasticsearch":
        server = request.getfixturevalue("elasticsearch")
        config = {
            "SEARCH_BACKEND": "elasticsearch",
            "ELASTICSEARCH_URL": server.url,
            "ELASTICSEARCH_INDEX": f"rules-{tmp_path.name[-12:].lower()}",
            "SEARCH_TIMEOUT_SECONDS": 30.0,
        }
    app = _app(f"sqlite:///{tmp_path / 'services.sqlite3'}", tmp_path, **config)
    yield app
    dispose(app)


def bearer(app, role=Role.ADMIN, agency=None) -> dict:
    return {"Authorization": f"Bearer {key_maker(app)(role, agency)}"}


def first_codes(client, text: str) -> list[str]:
    response = client.get("/api/v1/search", query_string={"q": text})
    assert response.status_code == 200 and response.json["degraded"] is False, response.json
    return [hit["code"] for hit in response.json["hits"]]


def test_an_edit_changes_the_next_search_without_a_restart(any_backend_app):
    client, admin = any_backend_app.test_client(), bearer(any_backend_app)
    before = first_codes(client, "mo tiem tap hoa")
    assert before[:1] != [HOUSEHOLD]
    created = client.post(URL, json=SHOP, headers=admin)
    assert created.status_code == 201, created.json
    assert first_codes(client, "mo tiem tap hoa")[:1] == [HOUSEHOLD]
    assert first_codes(client, "mở tiệm tạp hóa ở đâu")[:1] == [HOUSEHOLD]

    changed = dict(SHOP, expansion="giấy phép lái xe")
    rule = client.put(f"{URL}/{created.json['id']}", json=changed, headers=admin)
    assert rule.status_code == 200 and rule.json["revision"] == 2
    assert first_codes(client, "mo tiem tap hoa")[:1] == [LICENCE]

    assert client.delete(f"{URL}/{created.json['id']}", headers=admin).status_code == 204
    assert first_codes(client, "mo tiem tap hoa") == before


def test_a_best_bet_pins_its_procedures_first(any_backend_app):
    client, admin = any_backend_app.test_client(), bearer(any_backend_app)
    assert first_codes(client, "giay to cho con moi sinh")[:2] != CHILD["codes"]
    assert client.post(URL, json=CHILD, headers=admin).status_code == 201
    assert first_codes(client, "giay to cho con moi sinh")[:2] == CHILD["codes"]
    assert first_codes(client, "cho tôi hỏi giấy tờ cho con mới sinh")[:2] == CHILD["codes"]
    assert first_codes(client, "giay to cho con")[:2] != CHILD["codes"]  # another query


def test_every_worker_reads_an_edit_on_its_next_query(rules_app):
    elsewhere = RulesInForce()  # another worker's view, loaded before the edit
    with rules_app.app_context():
        assert elsewhere.current(db.session) is None
    client = rules_app.test_client()
    assert client.post(URL, json=SHOP, headers=bearer(rules_app)).status_code == 201
    with rules_app.app_context():
        rules = elsewhere.current(db.session)
        assert rules is not None and rules.parse("mo tiem tap hoa").slots[0].added


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"kind": "antonym"}, 422, "kind"),
        ({"expansion": None}, 422, "expansion"),
        ({"codes": [BIRTH]}, 422, "codes"),
        ({"term": "!!!"}, 422, "term"),
        ({"term": ""}, 422, "term"),
        ({"expansion": "Mở tiệm tạp hoá"}, 422, "expansion"),
        ({"reason": ""}, 422, "reason"),
    ],
)
def test_a_bad_synonym_is_refused_and_writes_nothing(rules_app, change, status, field):
    client = rules_app.test_client()
    body = {key: value for key, value in (SHOP | change).items() if value is not None}
    response = client.post(URL, json=body, headers=bearer(rules_app))
    assert response.status_code == status, response.json
    assert field in str(response.json["errors"])
    with rules_app.app_context():
        assert db.session.query(SearchRule).count() == 0


def test_bad_best_bets_keys_and_duplicates(rules_app):
    client, admin = rules_app.test_client(), bearer(rules_app)
    unknown = client.post(URL, json=dict(CHILD, codes=[BIRTH, "9.999999"]), headers=admin)
    assert unknown.status_code == 422 and "9.999999" in unknown.json["message"]
    assert client.post(URL, json=dict(CHILD, codes=[]), headers=admin).status_code == 422
    assert client.post(URL, json=SHOP).status_code == 401
    editor = bearer(rules_app, Role.EDITOR, "so-tu-phap")
    assert client.post(URL, json=SHOP, headers=editor).status_code == 403
    assert client.get(URL, headers=editor).status_code == 403
    assert client.post(URL, json=SHOP, headers=admin).status_code == 201
    again = client.post(URL, json=dict(SHOP, term="mo tiem tap hoa"), headers=admin)
    assert again.status_code == 409
    assert client.put(f"{URL}/999", json=SHOP, headers=admin).status_code == 404
    rule_id = client.get(URL, headers=admin).json[0]["id"]
    kind = client.put(f"{URL}/{rule_id}", json=CHILD, headers=admin)
    assert kind.status_code == 422
    with rules_app.app_context():
        assert db.session.query(SearchRule).count() == 1


def test_rules_are_listed_beside_the_zero_result_queries_they_answer(rules_app):
    client, admin = rules_app.test_client(), bearer(rules_app)
    with rules_app.app_context():
        counted = {"mo tiem tap hoa gan cho": 3, "mo tiem tap hoa": 2, "tiem tap hoa": 1}
        db.session.add_all(ZeroResultQuery(query=q, count=n) for q, n in counted.items())
        db.session.commit()
    assert client.post(URL, json=SHOP, headers=admin).status_code == 201
    (listed,) = client.get(URL, headers=admin).json
    answered = [(row["query"], row["count"]) for row in listed["zero_result_queries"]]
    assert answered == [("mo tiem tap hoa gan cho", 3), ("mo tiem tap hoa", 2)]
    assert listed["reason"] == SHOP["reason"] and listed["revision"] == 1
