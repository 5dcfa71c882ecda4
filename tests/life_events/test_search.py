"""Search recognises a life event in the query, ranks its procedures first and names it."""

from tests.life_events.test_api import EVENT, auth


def search(client, **params) -> dict:
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200, response.json
    assert response.json["degraded"] is False
    return response.json


def test_a_situation_ranks_its_events_procedures_first_in_order(backend_client):
    _app, client, _admin = backend_client
    result = search(client, q="vợ tôi vừa sinh em bé thì phải làm gì")
    assert result["life_event"] == {"code": "sinh-con", "name": "Sinh con"}
    event = client.get("/api/v1/life-events/sinh-con").json
    codes = [hit["code"] for hit in result["hits"]]
    assert codes[: len(event["procedure_codes"])] == event["procedure_codes"]
    assert len(codes) == len(set(codes))


def test_a_procedures_name_names_no_event(backend_client):
    _app, client, _admin = backend_client
    result = search(client, q="đăng ký khai sinh có yếu tố nước ngoài")
    assert result["life_event"] is None and result["hits"][0]["code"] == "2.000528"


def test_filters_apply_to_the_events_procedures(backend_client):
    _app, client, _admin = backend_client
    result = search(client, q="mua xe mới", level=4)
    assert result["life_event"]["code"] == "mua-xe"
    assert result["hits"] and {hit["maturity_level"] for hit in result["hits"]} == {4}


def test_pages_of_a_situation_do_not_overlap(backend_client):
    _app, client, _admin = backend_client
    first = search(client, q="mất giấy tờ", page_size=4)
    second = search(client, q="mất giấy tờ", page=2, page_size=4)
    one, two = {h["code"] for h in first["hits"]}, {h["code"] for h in second["hits"]}
    assert len(one) == 4 and two and not one & two


def test_an_edit_changes_the_next_search_without_restart(backend_client):
    _app, client, admin = backend_client
    assert search(client, q="nuôi chó mèo")["life_event"] is None
    created = client.put("/api/v1/life-events/nuoi-cho", json=EVENT, headers=auth(admin))
    assert created.status_code == 200
    result = search(client, q="nhà tôi nuôi chó mèo")
    assert result["life_event"]["code"] == "nuoi-cho"
    assert [h["code"] for h in result["hits"][:2]] == EVENT["procedures"]
    client.delete("/api/v1/life-events/nuoi-cho", headers=auth(admin))
    assert search(client, q="nhà tôi nuôi chó mèo")["life_event"] is None
