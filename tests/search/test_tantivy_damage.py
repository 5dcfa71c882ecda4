"""A damaged Tantivy index is IndexDamaged (verify, health, every read), never an uncaught
engine error or panic, and a rebuild repairs it from any state of its folder."""

import pytest

from search import IndexDamaged, SearchError, SearchQuery, create_backend
from tests.index_damage import DAMAGES

QUERIES = ["khai sinh", "dang ky ket hon", "giấy phép lái xe", "cấp lại", "xây dựng nhà ở", "đất"]


@pytest.fixture
def index_dir(tmp_path):
    return tmp_path / "index"


def read_everything(backend) -> None:
    """Searches, facets, suggestions and the count: each answers or raises a SearchError."""
    calls = [backend.count]
    for text in QUERIES:
        calls += [
            lambda text=text: backend.search(SearchQuery(text=text)),
            lambda text=text: backend.search(SearchQuery(text=text, filters={"level": [2]})),
            lambda text=text: backend.suggest(text[:6]),
        ]
    for call in calls:
        try:
            call()
        except SearchError:
            pass


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_index_is_reported_and_a_rebuild_repairs_it(index_dir, corpus, damage):
    backend = create_backend("tantivy", index_dir=index_dir)
    backend.rebuild(corpus)
    backend.verify()
    assert backend.search(SearchQuery(text="khai sinh")).total > 0

    DAMAGES[damage](index_dir)
    with pytest.raises(IndexDamaged):
        backend.verify()
    assert backend.health() is False
    read_everything(backend)

    assert backend.rebuild(corpus) == len(corpus)
    backend.verify()
    assert backend.health() is True
    assert backend.search(SearchQuery(text="khai sinh")).total > 0
    elsewhere = create_backend("tantivy", index_dir=index_dir)  # another process's view
    assert elsewhere.count() == len(corpus)


def test_a_deleted_folder_is_never_replaced_by_an_empty_index_on_write(index_dir, corpus):
    backend = create_backend("tantivy", index_dir=index_dir)
    backend.rebuild(corpus)
    DAMAGES["deleted folder"](index_dir)
    with pytest.raises(IndexDamaged):
        backend.index(corpus[:1])
    assert not (index_dir / "CURRENT").exists()


def test_a_folder_never_indexed_starts_empty(index_dir, corpus):
    backend = create_backend("tantivy", index_dir=index_dir)
    assert backend.count() == 0
    backend.verify()
    backend.index(corpus[:2])
    assert backend.count() == 2


def test_a_rebuild_works_when_current_is_a_directory(index_dir, corpus):
    (index_dir / "CURRENT").mkdir(parents=True)
    backend = create_backend("tantivy", index_dir=index_dir)
    with pytest.raises(IndexDamaged):
        backend.count()
    assert backend.rebuild(corpus[:3]) == 3
    assert backend.count() == 3
