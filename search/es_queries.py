"""Elasticsearch 8 index definition and request bodies: pure functions returning dicts.

Analyzers (all on the standard tokenizer, text normalised by `text.normalize` before indexing):
- every analyzer unpads numbers ("09" → "9", a pattern_replace filter, as `text.unpad_numbers`);
- vi_exact: lowercase, diacritics kept ("bán" ≠ "ban"); vi_exact_search adds the synonyms;
- vi_folded: mapping char_filter đ→d/Đ→D, lowercase, asciifolding; vi_folded_search adds a
  synonym_graph filter fed by search/data/synonyms.csv and the i/y pairs (`lexicon.synonym_rules`);
- vi_pairs: folded adjacent-syllable shingles; vi_prefix: folded edge n-grams (as-you-type);
- vi_keys: whitespace only, for the phonetic keys of names computed by search/phonetic.py.
The query mirrors the Tantivy backend: one clause per slot of the parsed query, of which
`minimum_should_match` must match; each word also matches as heard (its phonetic key, scored
below the folded word in a dis_max), and a typed pair one edit away from a name's pair (a typo
making another real word); marked words also match the diacritics-keeping fields; words of
four letters or more also match names with one typo (scored lower); a word that is no syllable
also matches as the syllables it can be read as ("khaisinh": "khai sinh", as pairs); the
unfinished last word also matches name prefixes; shingles reward adjacent words, an expansion's
as the typed words' (`ParsedQuery.pair_groups`); loose words ("xin") only score. Lexicon
expansions of a word come from the search analyzers' synonym_graph, a phrase's from Python. A
query asking for a paper for the first time, or again, multiplies the scores of the procedures
that do so by `issuance.BOOST` (a function_score over the issuance keyword, search/issuance.py).
Filters go to post_filter, and each facet is a filter aggregation under every filter but its
own (disjunctive facets, see search.base).
"""

from collections.abc import Sequence

from search import issuance, phonetic, typos
from search.base import FACETS, MAX_PAGE_SIZE
from search.lexicon import synonym_rules
from search.query import ParsedQuery, Slot, Word, parse_query, relaxed_minimum
from search.text import iy_variant, normalize, search_terms

SCHEMA_VERSION = 6
NAME, TEXT = 3.0, 1.0
NAME_EXACT, TEXT_EXACT = 2.0, 0.5
NAME_PAIR, TEXT_PAIR = 2.0, 0.5
FUZZY, PREFIX, SPLIT = 0.4, 1.5, 0.5
PHONETIC, TONE_VARIANT = 0.5, 0.5
# A name pair one edit away from a typed pair scores by BM25 (small for a rare pair), times this:
# about Tantivy's constant NAME * FUZZY per word.
PAIR_TYPO = 1.0
PIN = 10_000.0  # a best bet's procedures score above any match
EXPANSION_TIE = 0.3  # a phrase and its expansions: the best counts, the others a little
SNIPPET_CHARS = 200
HIGHLIGHT_TAGS = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html"}
_FOLD = {"char_filter": ["vi_d"], "filter": ["lowercase", "asciifolding", "vi_unpad"]}
_EXACT = {"tokenizer": "standard", "filter": ["lowercase", "vi_unpad"]}


def index_settings() -> dict:
    """Analysis settings; the synonym lists are read from the same data files as Tantivy's."""
    folded = dict(_FOLD, tokenizer="standard")
    return {
        "number_of_shards": 1,
        "analysis": {
            "char_filter": {"vi_d": {"type": "mapping", "mappings": ["đ => d", "Đ => D"]}},
            "filter": {
                "vi_synonyms_folded": _synonyms(folded=True),
                "vi_synonyms_exact": _synonyms(folded=False),
                "vi_pairs": {
                    "type": "shingle",
                    "min_shingle_size": 2,
                    "max_shingle_size": 2,
                    "output_unigrams": False,
                },
                "vi_edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
                "vi_unpad": {
                    "type": "pattern_replace",
                    "pattern": "^0+(?=[0-9])",
                    "replacement": "",
                },
            },
            "analyzer": {
                "vi_exact": _EXACT,
                "vi_exact_search": _with_filter(_EXACT, "vi_synonyms_exact"),
                "vi_folded": folded,
                "vi_folded_search": _with_filter(folded, "vi_synonyms_folded"),
                "vi_pairs": _with_filter(folded, "vi_pairs"),
                "vi_prefix": _with_filter(folded, "vi_edge"),
                # Phonetic keys, computed by search/phonetic.py: split on spaces only.
                "vi_keys": {"tokenizer": "whitespace", "filter": []},
            },
        },
    }


def _synonyms(folded: bool) -> dict:
    return {"type": "synonym_graph", "lenient": True, "synonyms": synonym_rules(folded)}


def _with_filter(analyzer: dict, name: str) -> dict:
    return dict(analyzer, filter=[*analyzer["filter"], name])


def mappings() -> dict:
    folded = {"type": "text", "analyzer": "vi_folded", "search_analyzer": "vi_folded_search"}
    pairs = {"type": "text", "analyzer": "vi_pairs"}
    prefix = {"type": "text", "analyzer": "vi_prefix", "search_analyzer": "vi_folded"}
    exact = {"type": "text", "analyzer": "vi_exact", "search_analyzer": "vi_exact_search"}
    keyword = {"type": "keyword"}
    return {
        "_meta": {"schema_version": SCHEMA_VERSION},
        "dynamic": "strict",
        "properties": {
            "code": keyword,
            "name": dict(exact, fields={"folded": folded, "pairs": pairs, "prefix": prefix}),
            "name_terms": pairs,
            "name_phonetic": {"type": "text", "analyzer": "vi_keys"},
            "name_length": {"type": "integer"},
            "issuance": keyword,
            "text": dict(exact, fields={"folded": folded, "pairs": pairs}),
            "agency": keyword,
            "agency_name": keyword,
            "field": keyword,
            "field_name": keyword,
            "tiers": keyword,
            "maturity_level": {"type": "integer"},
            "kind": keyword,
            "online": {"type": "boolean"},
        },
    }


def to_source(doc: dict) -> dict:
    """A clean document (base.clean_document) as stored in Elasticsearch."""
    name = normalize(doc["name"])
    return doc | {
        "name": name,
        "text": normalize(doc["text"]),
        # Canonical folded words (i/y as one), so that pairs agree with ParsedQuery.terms.
        "name_terms": " ".join(search_terms(name, normalised=True)),
        "name_phonetic": " ".join(phonetic.name_keys(name)),
        "name_length": len(name),
        "issuance": sorted(issuance.name_kinds(name)),
    }


_DERIVED = ("name_terms", "name_phonetic", "name_length", "issuance")


def from_source(source: dict) -> dict:
    return {key: value for key, value in source.items() if key not in _DERIVED}


# --- search -----------------------------------------------------------------------------------


def search_body(
    parsed: ParsedQuery,
    filters: dict[str, list],
    page: int,
    size: int,
    relaxed: bool = False,
    pinned: Sequence[str] = (),
) -> dict:
    """The body of one search request: a page of hits, total, disjunctive facets, highlights;
    `relaxed` when the query as typed found nothing (see `query`); `pinned` codes (a best bet)
    match too and come first, in their order."""
    size = max(1, min(size, MAX_PAGE_SIZE))
    scored = query(parsed, relaxed)
    ranked = weighted(scored, parsed, pinned)
    body: dict = {
        "query": _pin(ranked, pinned),
        "from": (page - 1) * size,
        "size": size,
        "track_total_hits": True,
        "_source": {"excludes": ["text", *_DERIVED]},
        "aggs": facet_aggregations(filters),
        "highlight": highlight(),
    }
    if ranked is not scored:  # highlight the words, not the weighting around them
        body["highlight"]["highlight_query"] = scored
    if not parsed.slots:
        body["sort"] = [{"code": "asc"}]
    clauses = filter_clauses(filters)
    if clauses:
        body["post_filter"] = {"bool": {"filter": clauses}}
    return body


def weighted(scored: dict, parsed: ParsedQuery, pinned: Sequence[str] = ()) -> dict:
    """The scores of the procedures of the issuance kind the query asks for multiplied by
    issuance.BOOST (search/issuance.py); as they are under a best bet (its order is the
    administrator's) or when the query asks for neither."""
    kind = issuance.asked(parsed)
    if not kind or pinned:
        return scored
    boost = {"filter": {"term": {"issuance": kind}}, "weight": issuance.BOOST}
    return {"function_score": {"query": scored, "functions": [boost], "boost_mode": "multiply"}}


def _pin(scored: dict, codes: Sequence[str]) -> dict:
    if not codes:
        return scored
    first = [
        {"constant_score": {"filter": {"term": {"code": code}}, "boost": PIN * (len(codes) - i)}}
        for i, code in enumerate(codes)
    ]
    return {"bool": {"should": [scored, *first], "minimum_should_match": 1}}


def query(parsed: ParsedQuery, relaxed: bool = False) -> dict:
    """The scored query for a parsed text (match_all when nothing was typed); `relaxed` needs
    only `query.relaxed_minimum` of the words to match."""
    if not parsed.slots:
        return {"match_all": {}}
    required = parsed.required or parsed.slots
    last = parsed.slots[-1]
    pairs = typos.neighbour_pairs(parsed)
    slots = [slot_clause(slot, parsed, open_word=slot is last, pairs=pairs) for slot in required]
    minimum = parsed.minimum_should_match if parsed.required else 1
    if relaxed:
        minimum = min(minimum, relaxed_minimum(len(slots)))
    core = {"bool": {"should": slots, "minimum_should_match": minimum}}
    loose = parsed.loose if parsed.required else ()
    scored = [slot_clause(slot, parsed, open_word=slot is last, pairs=pairs) for slot in loose]
    return {"bool": {"must": [core], "should": scored + pair_clauses(parsed)}}


def slot_clause(
    slot: Slot, parsed: ParsedQuery, open_word: bool, pairs: dict | None = None
) -> dict:
    """A slot as typed or as an expansion: a word's come from the analyzers' synonym_graph, a
    phrase's are asked for one by one as in Tantivy (phrases need not follow graph paths)."""
    if len(slot.words) > 1:
        phrases = [_phrase(words, synonyms=False) for words in slot.alternatives]
        if len(phrases) == 1:
            return phrases[0]
        return {"dis_max": {"queries": phrases, "tie_breaker": EXPANSION_TIE}}
    word = slot.words[0]
    near = (pairs or {}).get(word, [])
    typed = word_clause(word, parsed, open_word and parsed.prefix is not None, near)
    if not slot.added:
        return typed
    added = [_phrase(expansion) for expansion in slot.added]
    return {"bool": {"should": [typed, *added], "minimum_should_match": 1}}


def _phrase(words: Sequence[Word], synonyms: bool = True) -> dict:
    clause = _multi_match(
        " ".join(w.folded for w in words), ["name.folded", "text.folded"], [NAME, TEXT]
    )
    clause["multi_match"] |= {"type": "phrase"} | ({} if synonyms else {"analyzer": "vi_folded"})
    return clause


def word_clause(word: Word, parsed: ParsedQuery, open_word: bool, pairs: list[str] = ()) -> dict:
    """A typed word: folded in the name (or, scored lower, as heard: its phonetic key) and the
    text; with its marks; one typo away; as syllables run together; as an adjacent pair one
    edit away from a name's pair; and, unfinished, as a name word's start."""
    same_word = iy_variant(word.folded)  # the i/y synonyms of the analyzer cover it
    spellings = [spelling for spelling in word.spellings if spelling != same_word]
    heard = {"query": " ".join(phonetic.heard_as(word)), "boost": NAME * PHONETIC}
    in_name = [_match("name.folded", spelling, NAME) for spelling in spellings]
    should = [{"dis_max": {"queries": [*in_name, {"match": {"name_phonetic": heard}}]}}]
    should += [_match("text.folded", spelling, TEXT) for spelling in spellings]
    if parsed.marked:
        should.append(_multi_match(word.text, ["name", "text"], [NAME_EXACT, TEXT_EXACT]))
        variant = phonetic.tone_variant(word.text)
        if variant and variant != word.text:  # hỏi typed for ngã, or ngã for hỏi
            should.append(_match("name", variant, NAME_EXACT * TONE_VARIANT))
    for pair in pairs:
        fuzzy = {"query": pair.replace("_", " "), "fuzziness": 1, "boost": NAME * PAIR_TYPO}
        should.append({"match": {"name_terms": fuzzy}})
    if len(word.folded) >= 4 and not word.folded.isdigit():
        # Typos in names only: fuzzy expansion over the long texts' vocabulary is costly.
        fuzzy = {"query": word.folded, "fuzziness": 1, "analyzer": "vi_folded", "boost": FUZZY}
        should.append({"match": {"name.folded": fuzzy}})
    should += [clause for split in word.splits for clause in _run_clauses(split, SPLIT)]
    if open_word:
        should.append(
            {"match": {"name.prefix": {"query": word.folded, "boost": NAME * PREFIX / 3}}}
        )
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _run_clauses(terms: tuple[str, ...], weight: float) -> list[dict]:
    """Canonical terms said together: all of their adjacent pairs, in the name or the text."""
    return [_run("name_terms", terms, NAME * weight), _run("text.pairs", terms, TEXT * weight)]


def _run(field: str, terms: tuple[str, ...], boost: float) -> dict:
    """Every adjacent pair of `terms` in a shingle field."""
    return {"match": {field: {"query": " ".join(terms), "operator": "and", "boost": boost}}}


def _match(field: str, text: str, boost: float) -> dict:
    return {"match": {field: {"query": text, "boost": boost}}}


def _multi_match(text: str, fields: list[str], weights: list[float]) -> dict:
    boosted = [f"{field}^{weight:g}" for field, weight in zip(fields, weights, strict=True)]
    return {"multi_match": {"query": text, "fields": boosted, "type": "most_fields"}}


def pair_clauses(parsed: ParsedQuery) -> list[dict]:
    """Adjacent words said together, the typed words or an expansion in their place (the best
    alternative of each of `ParsedQuery.pair_groups` counting); in the name also as heard (the
    typed words), the best of the two counting."""
    groups = parsed.pair_groups()
    if not groups:
        return []
    heard = {"query": " ".join(phonetic.pair_keys(parsed)), "boost": NAME_PAIR * PHONETIC}
    in_name = [_grouped("name_terms", groups, NAME_PAIR), {"match": {"name_phonetic": heard}}]
    return [{"dis_max": {"queries": in_name}}, _grouped("text.pairs", groups, TEXT_PAIR)]


def _grouped(field: str, groups: list[tuple[tuple[str, ...], ...]], boost: float) -> dict:
    """Each group's best alternative (the sum of its pairs), summed over the groups."""
    best = []
    for group in groups:
        scored = [_any([_pair(field, pair, boost) for pair in pairs]) for pairs in group]
        best.append(scored[0] if len(scored) == 1 else {"dis_max": {"queries": scored}})
    return _any(best)


def _pair(field: str, pair: str, boost: float) -> dict:
    """One pair ('dang_ki') as the shingle fields hold it ('dang ki')."""
    return {"term": {field: {"value": pair.replace("_", " "), "boost": boost}}}


def _any(clauses: list[dict]) -> dict:
    return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses}}


def filter_clauses(filters: dict[str, list], without: str | None = None) -> list[dict]:
    """One terms clause per active filter (values OR'ed, typed by SearchQuery.active_filters),
    leaving out `without`."""
    return [
        {"terms": {FACETS[name]: list(values)}}
        for name, values in filters.items()
        if values and name != without
    ]


def facet_aggregations(filters: dict[str, list]) -> dict:
    """Per facet: counts under the query and every filter except the facet's own."""
    aggregations = {}
    for name in FACETS:
        clauses = filter_clauses(filters, without=name)
        scope = {"bool": {"filter": clauses}} if clauses else {"match_all": {}}
        terms = {"terms": {"field": FACETS[name], "size": 1000}}
        aggregations[name] = {"filter": scope, "aggs": {"values": terms}}
    return aggregations


def facet_counts(aggregations: dict) -> dict[str, dict[str, int]]:
    """The facets of a response as SearchResult.facets: {"level": {"3": 12}, "online": {...}}."""
    counts = {}
    for name in FACETS:
        buckets = aggregations.get(name, {}).get("values", {}).get("buckets", [])
        counts[name] = {_bucket_key(bucket): bucket["doc_count"] for bucket in buckets}
    return counts


def _bucket_key(bucket: dict) -> str:
    key = bucket.get("key_as_string", bucket["key"])
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def highlight() -> dict:
    return dict(
        HIGHLIGHT_TAGS,
        fields={
            "name.folded": {"number_of_fragments": 0},
            "name": {"number_of_fragments": 0},
            "text.folded": {
                "fragment_size": SNIPPET_CHARS,
                "number_of_fragments": 1,
                "no_match_size": SNIPPET_CHARS,
            },
        },
    )


# --- suggestions and corrections --------------------------------------------------------------


def suggest_body(typed: str, limit: int) -> dict:
    """As-you-type: every complete word in the name, a name word starting with the last one;
    shorter names first among equal scores."""
    parsed = parse_query(typed)
    complete = parsed
    if parsed.prefix:
        complete = parse_query(typed[: typed.rstrip().rfind(" ") + 1])
    # One clause per complete word or lexicon phrase: each gets its synonyms, all must match.
    must: list[dict] = [
        {"match_phrase": {"name.folded": " ".join(word.folded for word in slot.words)}}
        if len(slot.words) > 1
        else _suggest_word(slot.words[0])
        for slot in complete.slots
    ]
    if parsed.prefix:
        prefix = {"match": {"name.prefix": {"query": parsed.prefix}}}
        last = parsed.slots[-1]
        if last.expansions and len(last.words) == 1:
            # "gplx" is complete as typed: its expansions count too.
            expanded = {"match": {"name.folded": last.words[0].folded}}
            prefix = {"bool": {"should": [prefix, expanded], "minimum_should_match": 1}}
        must.append(prefix)
    should = [{"match": {"name_terms": {"query": " ".join(parsed.terms()), "boost": 2.0}}}]
    if parsed.marked:
        should.append({"match": {"name": {"query": parsed.text}}})
    return {
        "size": max(1, limit),
        "_source": ["code", "name"],
        "query": {"bool": {"must": must or [{"match_none": {}}], "should": should}},
        "sort": ["_score", {"name_length": "asc"}, {"code": "asc"}],
    }


def _suggest_word(word: Word) -> dict:
    """A complete word in the name, or the syllables it reads as ("dangky": "dang ky")."""
    clause = {"match": {"name.folded": word.folded}}
    runs = [_run("name_terms", split, NAME) for split in word.splits]
    return {"bool": {"should": [clause, *runs], "minimum_should_match": 1}} if runs else clause


def correction_body(parsed: ParsedQuery, size: int = 10) -> dict | None:
    """Names close to the typed words (up to two typos), for `correction.did_you_mean`."""
    words = [w.folded for w in parsed.words if not w.stop and len(w.folded) >= 3]
    if not words:
        return None
    match = {"query": " ".join(words), "fuzziness": "AUTO:3,5", "analyzer": "vi_folded"}
    return {"size": size, "_source": ["name"], "query": {"match": {"name.folded": match}}}


def all_documents_body(size: int, after: list | None = None) -> dict:
    """One page of every stored document in code order (search_after), to re-index."""
    body: dict = {"size": size, "query": {"match_all": {}}, "sort": [{"code": "asc"}]}
    if after:
        body["search_after"] = after
    return body
