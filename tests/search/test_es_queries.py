"""The Elasticsearch request bodies, checked as dicts (no cluster needed)."""

import json

from search import SearchQuery
from search import es_queries as eq
from search.base import FACETS
from search.query import parse_query


def body(text: str, filters: dict | None = None, page: int = 1, size: int = 20) -> dict:
    query = SearchQuery(text=text, filters=filters or {}, page=page, page_size=size)
    return eq.search_body(parse_query(text), query.active_filters(), page, size)


def scored(text: str) -> dict:
    """The scored query of a body, inside the issuance weighting when the query asks for one."""
    query = body(text)["query"]
    return query.get("function_score", {}).get("query", query)


def test_analysis_settings():
    analysis = eq.index_settings()["analysis"]
    assert analysis["char_filter"]["vi_d"] == {"type": "mapping", "mappings": ["đ => d", "Đ => D"]}
    assert analysis["analyzer"]["vi_folded"]["filter"] == ["lowercase", "asciifolding", "vi_unpad"]
    assert analysis["analyzer"]["vi_exact"]["filter"] == ["lowercase", "vi_unpad"]
    assert analysis["filter"]["vi_unpad"]["type"] == "pattern_replace"
    assert analysis["analyzer"]["vi_folded_search"]["filter"][-1] == "vi_synonyms_folded"
    synonyms = analysis["filter"]["vi_synonyms_folded"]
    assert synonyms["type"] == "synonym_graph"
    assert "gplx => gplx, giay phep lai xe" in synonyms["synonyms"]
    assert analysis["filter"]["vi_pairs"]["type"] == "shingle"
    assert analysis["filter"]["vi_edge"]["type"] == "edge_ngram"


def test_mappings():
    mappings = eq.mappings()
    assert mappings["_meta"] == {"schema_version": eq.SCHEMA_VERSION}
    name = mappings["properties"]["name"]
    assert name["analyzer"] == "vi_exact"
    assert set(name["fields"]) == {"folded", "pairs", "prefix"}
    assert name["fields"]["prefix"]["search_analyzer"] == "vi_folded"
    assert mappings["properties"]["tiers"] == {"type": "keyword"}


def test_to_source_normalises_and_adds_search_fields():
    doc = {"code": "1", "name": "Cấp lại Giấy phép lái xe - hoá đơn", "text": "uỷ ban"}
    source = eq.to_source(doc)
    assert source["name"] == "Cấp lại Giấy phép lái xe - hóa đơn"
    assert source["text"] == "ủy ban"
    assert source["name_terms"] == "cap lai giay phep lai xe hoa don"
    assert eq.from_source(source) == doc | {"name": source["name"], "text": "ủy ban"}


def test_one_clause_per_word_and_minimum_should_match():
    query = scored("dang ky ket hon")["bool"]
    core = query["must"][0]["bool"]
    assert len(core["should"]) == 4
    assert core["minimum_should_match"] == 3
    in_name = query["should"][0]["dis_max"]["queries"]
    pairs = [{"term": {"name_terms": {"value": p, "boost": 2.0}}} for p in ("dang ki", "ki ket")]
    assert in_name[0]["bool"]["should"][:2] == pairs
    heard = {"query": "zan_ki ki_ket ket_hon", "boost": eq.NAME_PAIR * eq.PHONETIC}
    assert in_name[1] == {"match": {"name_phonetic": heard}}


def test_an_expansion_is_read_in_place_of_the_typed_words_for_pairs():
    in_name = scored("lam so bao hiem xa hoi")["bool"]["should"][0]["dis_max"]["queries"][0]
    joints = in_name["bool"]["should"][1]["dis_max"]["queries"]  # làm | sổ: cấp, đăng ký, làm
    assert {"term": {"name_terms": {"value": "cap so", "boost": 2.0}}} in joints
    after_so = in_name["bool"]["should"][2]["dis_max"]["queries"]  # sổ | bảo hiểm xã hội, bhxh
    assert {"term": {"name_terms": {"value": "so bhxh", "boost": 2.0}}} in after_so


def test_a_loose_word_scores_but_need_not_match():
    query = scored("xin tam tru")["bool"]
    assert len(query["must"][0]["bool"]["should"]) == 2  # tạm, trú; not xin
    assert "xin" in json.dumps(query["should"][0])


def test_a_first_or_repeated_request_weights_the_procedures_that_answer_it():
    weighted = body("làm chứng minh thư")["query"]["function_score"]
    assert weighted["functions"] == [{"filter": {"term": {"issuance": "first"}}, "weight": 1.3}]
    assert weighted["boost_mode"] == "multiply"
    again = body("mất cmnd làm lại")["query"]["function_score"]["functions"][0]
    assert again["filter"] == {"term": {"issuance": "again"}}
    highlighted = body("làm chứng minh thư")["highlight"]["highlight_query"]
    assert highlighted == scored("làm chứng minh thư")
    assert "function_score" not in body("thẻ căn cước")["query"]
    pinned = eq.search_body(parse_query("lam ho chieu"), {}, 1, 20, pinned=["1.001456"])
    assert "function_score" not in json.dumps(pinned["query"])  # a best bet's order stands


def test_a_word_also_matches_as_heard_below_the_folded_word():
    def in_name(text):
        word = body(text)["query"]["bool"]["must"][0]["bool"]["should"][0]["bool"]["should"]
        return word[0]["dis_max"]["queries"]

    folded, heard = in_name("trú ")
    assert folded == {"match": {"name.folded": {"query": "tru", "boost": eq.NAME}}}
    assert heard["match"]["name_phonetic"] == {"query": "chu1", "boost": eq.NAME * eq.PHONETIC}
    assert in_name("tru ")[1]["match"]["name_phonetic"]["query"] == "chu"


def test_a_pair_of_real_words_is_also_looked_up_one_edit_away():
    core = body("ket hong ")["query"]["bool"]["must"][0]["bool"]["should"]
    fuzzy = {"query": "ket hong", "fuzziness": 1, "boost": eq.NAME * eq.PAIR_TYPO}
    assert all({"match": {"name_terms": fuzzy}} in word["bool"]["should"] for word in core)


def test_a_relaxed_query_needs_half_of_the_words():
    parsed = parse_query("dang ky khai sinh cho be gai")
    strict = eq.query(parsed)["bool"]["must"][0]["bool"]
    relaxed = eq.query(parsed, relaxed=True)["bool"]["must"][0]["bool"]
    assert relaxed["should"] == strict["should"]
    assert (strict["minimum_should_match"], relaxed["minimum_should_match"]) == (6, 4)
    two_words = eq.query(parse_query("khai sinh"), relaxed=True)["bool"]["must"][0]["bool"]
    assert two_words["minimum_should_match"] == 2


def test_unmarked_words_only_search_folded_fields():
    word = body("dang")["query"]["bool"]["must"][0]["bool"]["should"][0]["bool"]["should"]
    fields = {field for clause in word for field in json.dumps(clause).split('"') if "." in field}
    assert not any(field.startswith(("name^", "text^")) for field in fields)


def test_marked_words_also_search_fields_with_diacritics():
    word = body("bán")["query"]["bool"]["must"][0]["bool"]["should"][0]["bool"]["should"]
    exact = [c for c in word if c.get("multi_match", {}).get("query") == "bán"]
    assert exact[0]["multi_match"]["fields"] == ["name^2", "text^0.5"]


def test_typo_tolerance_on_long_words_only():
    def fuzzy(text):
        return [
            clause
            for clause in body(text)["query"]["bool"]["must"][0]["bool"]["should"][0]["bool"][
                "should"
            ]
            if "fuzziness" in json.dumps(clause)
        ]

    (clause,) = fuzzy("sihn ")
    assert clause == {
        "match": {
            "name.folded": {
                "query": "sihn",
                "fuzziness": 1,
                "analyzer": "vi_folded",
                "boost": eq.FUZZY,
            }
        }
    }
    assert fuzzy("xe ") == []


def test_a_word_that_is_no_syllable_also_matches_as_its_syllables():
    clauses = body("khaisinh ")["query"]["bool"]["must"][0]["bool"]["should"][0]["bool"]["should"]
    runs = [c["match"] for c in clauses if "match" in c and "operator" in json.dumps(c)]
    assert {"name_terms": {"query": "khai sinh", "operator": "and", "boost": 3 * eq.SPLIT}} in runs
    assert all(field in ("name_terms", "text.pairs") for run in runs for field in run)
    one_syllable = body("khai ")["query"]["bool"]["must"][0]["bool"]["should"][0]["bool"]
    assert "operator" not in json.dumps(one_syllable)


def test_last_word_is_also_a_prefix_while_typed():
    def prefixes(text):
        last = scored(text)["bool"]["must"][0]["bool"]["should"][-1]["bool"]["should"]
        return [c for c in last if "name.prefix" in json.dumps(c)]

    assert prefixes("dang ky ket h")[0]["match"]["name.prefix"]["query"] == "h"
    assert prefixes("dang ky ket h ") == []


def test_f_typed_for_ph():
    word = body("fep")["query"]["bool"]["must"][0]["bool"]["should"][0]["bool"]["should"]
    queries = [c["match"]["text.folded"]["query"] for c in word if "text.folded" in str(c)]
    assert queries[:2] == ["fep", "phep"]
    in_name = [c["match"] for c in word[0]["dis_max"]["queries"]]
    assert [q["name.folded"]["query"] for q in in_name[:2]] == ["fep", "phep"]


def test_a_lexicon_phrase_is_the_phrase_or_one_of_its_expansions():
    core = body("so do")["query"]["bool"]["must"][0]["bool"]
    (clause,) = core["should"]
    phrases = [query["multi_match"] for query in clause["dis_max"]["queries"]]
    fields = ["name.folded^3", "text.folded^1"]
    typed = {"query": "so do", "fields": fields, "type": "phrase", "analyzer": "vi_folded"}
    assert phrases[0] == typed
    assert typed | {"query": "giay chung nhan quyen su dung dat"} in phrases[1:]


def test_filters_go_to_post_filter_and_facets_are_disjunctive():
    filters = {"tier": ["commune"], "level": ["3", 4], "online": ["true"]}
    request = body("cap", filters)
    assert request["post_filter"] == {
        "bool": {
            "filter": [
                {"terms": {"tiers": ["commune"]}},
                {"terms": {"maturity_level": [3, 4]}},
                {"terms": {"online": [True]}},
            ]
        }
    }
    aggs = request["aggs"]
    assert set(aggs) == set(FACETS)
    assert aggs["tier"]["filter"] == {
        "bool": {"filter": [{"terms": {"maturity_level": [3, 4]}}, {"terms": {"online": [True]}}]}
    }
    assert aggs["agency"]["filter"]["bool"]["filter"] == request["post_filter"]["bool"]["filter"]
    assert aggs["agency"]["aggs"] == {"values": {"terms": {"field": "agency", "size": 1000}}}
    assert "post_filter" not in body("cap")
    assert body("cap")["aggs"]["kind"]["filter"] == {"match_all": {}}


def test_pagination_and_sorting():
    request = body("cap", page=3, size=10)
    assert (request["from"], request["size"], request["track_total_hits"]) == (20, 10, True)
    assert "sort" not in request
    browse = body("")
    assert browse["query"] == {"match_all": {}}
    assert browse["sort"] == [{"code": "asc"}]


def test_highlight_uses_mark_and_escapes():
    highlight = body("cap")["highlight"]
    assert highlight["pre_tags"] == ["<mark>"] and highlight["post_tags"] == ["</mark>"]
    assert highlight["encoder"] == "html"
    assert highlight["fields"]["name.folded"] == {"number_of_fragments": 0}
    assert highlight["fields"]["text.folded"]["number_of_fragments"] == 1


def test_facet_counts_from_a_response():
    aggregations = {
        "level": {"values": {"buckets": [{"key": 4, "doc_count": 7}]}},
        "online": {"values": {"buckets": [{"key": 1, "key_as_string": "true", "doc_count": 5}]}},
        "tier": {"values": {"buckets": [{"key": "commune", "doc_count": 2}]}},
    }
    counts = eq.facet_counts(aggregations)
    assert counts["level"] == {"4": 7}
    assert counts["online"] == {"true": 5}
    assert counts["tier"] == {"commune": 2}
    assert counts["agency"] == {}


def test_suggest_body():
    request = eq.suggest_body("Đăng ký kết h", 5)
    must = request["query"]["bool"]["must"]
    assert must[:3] == [{"match": {"name.folded": w}} for w in ("dang", "ky", "ket")]
    assert must[3] == {"match": {"name.prefix": {"query": "h"}}}
    assert request["size"] == 5
    assert request["sort"][1] == {"name_length": "asc"}
    abbreviation = eq.suggest_body("gplx", 8)["query"]["bool"]["must"][0]["bool"]["should"]
    assert {"match": {"name.folded": "gplx"}} in abbreviation
    run_together = eq.suggest_body("dangky k", 8)["query"]["bool"]["must"][0]["bool"]["should"]
    assert run_together == [
        {"match": {"name.folded": "dangky"}},
        {"match": {"name_terms": {"query": "dang ki", "operator": "and", "boost": eq.NAME}}},
    ]


def test_correction_body():
    request = eq.correction_body(parse_query("khaii sihnn"))
    assert request["query"]["match"]["name.folded"]["query"] == "khaii sihnn"
    assert request["query"]["match"]["name.folded"]["fuzziness"] == "AUTO:3,5"
    assert eq.correction_body(parse_query("và")) is None


def test_all_documents_body_pages_with_search_after():
    assert eq.all_documents_body(100)["sort"] == [{"code": "asc"}]
    assert eq.all_documents_body(100, ["1.000001"])["search_after"] == ["1.000001"]
