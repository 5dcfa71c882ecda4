"""The contract's value types."""

import pytest

from search import InvalidQuery, SearchHit, SearchQuery, SearchResult
from search.base import clean_document, facet_key


def test_filters_are_typed():
    query = SearchQuery(
        filters={"level": ["4", 3, "3"], "online": ["true"], "tier": ["commune"], "kind": []}
    )
    assert query.active_filters() == {"level": [3, 4], "online": [True], "tier": ["commune"]}
    assert SearchQuery(filters={"online": "0"}).active_filters() == {"online": [False]}


@pytest.mark.parametrize(
    "arguments",
    [
        {"filters": {"colour": ["red"]}},
        {"filters": {"level": ["high"]}},
        {"filters": {"online": ["perhaps"]}},
        {"page": 0},
        {"page_size": 0},
        {"page_size": 101},
    ],
)
def test_invalid_queries(arguments):
    with pytest.raises(InvalidQuery):
        SearchQuery(text="x", **arguments)


def test_invalid_query_is_a_value_error():
    assert issubclass(InvalidQuery, ValueError)


def test_offset_and_cache_key():
    query = SearchQuery("a", {"tier": ["province", "commune"]}, page=3, page_size=10)
    assert query.offset == 20
    assert (
        query.cache_key() == SearchQuery("a", {"tier": ["commune", "province"]}, 3, 10).cache_key()
    )


def test_clean_document():
    doc = clean_document({"code": "1.000894", "name": "Đăng ký kết hôn", "maturity_level": "3"})
    assert doc["maturity_level"] == 3 and doc["tiers"] == [] and doc["online"] is False
    with pytest.raises(InvalidQuery):
        clean_document({"code": "", "name": "x"})
    with pytest.raises(InvalidQuery):
        clean_document({"code": "1", "name": "  "})


def test_facet_key():
    assert [facet_key(v) for v in (True, False, 3, "so-tu-phap")] == [
        "true",
        "false",
        "3",
        "so-tu-phap",
    ]


def test_result_copy_is_independent():
    result = SearchResult(
        1, [SearchHit("1", 1.0, {"name": "x"}, {"name": "x"})], {"tier": {"a": 1}}
    )
    copy = result.copy()
    copy.hits[0].document["name"] = "y"
    copy.facets["tier"]["a"] = 2
    assert result.hits[0].document["name"] == "x" and result.facets["tier"]["a"] == 1


def test_the_searched_text_spells_out_the_catalogues_abbreviations():
    doc = {"code": "1", "name": "Cấp sổ BHXH, thẻ BHYT", "text": "NLĐ nộp tại UBND; bhxh, Htx"}
    text = clean_document(doc)["text"]
    expansions = "bảo hiểm xã hội; bảo hiểm y tế; người lao động; ủy ban nhân dân"
    assert text == f"NLĐ nộp tại UBND; bhxh, Htx\n{expansions}"  # capitals only
    assert clean_document(clean_document(doc))["text"] == text  # cleaned twice: the same


def test_the_searched_text_adds_nothing_the_name_says_or_that_is_ambiguous():
    said = {"code": "1", "name": "Khai thuế giá trị gia tăng", "text": "Tờ khai GTGT"}
    assert clean_document(said)["text"] == "Tờ khai GTGT"
    ambiguous = {"code": "2", "name": "Cấp đổi CCCD", "text": ""}  # căn cước (công dân)
    assert clean_document(ambiguous)["text"] == ""
