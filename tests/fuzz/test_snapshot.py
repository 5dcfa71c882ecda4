"""The fuzz run's witness: a request answered 4xx that wrote is noticed, one that did not is not."""

from werkzeug.test import Client

from services_api.catalogue import generation
from services_api.extensions import db
from tests.factories import AGENCY_A, catalogue_of, codes_of, dispose
from tests.fuzz.conftest import SnapshotAfterEachRequest


def test_a_4xx_that_wrote_is_recorded_and_a_plain_4xx_is_not(tmp_path):
    app = catalogue_of(
        f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path, set(codes_of(AGENCY_A)[:2])
    )

    def write_then_refuse():
        generation.bump(db.session)
        db.session.commit()
        return {"code": 422}, 422

    app.add_url_rule("/write-then-refuse", view_func=write_then_refuse, methods=["POST"])
    recorder = SnapshotAfterEachRequest(app)
    client = Client(recorder)
    assert client.get("/api/v1/procedures/9.999999").status_code == 404
    assert recorder.changed_by_4xx == []
    assert client.post("/write-then-refuse").status_code == 422
    assert recorder.changed_by_4xx == ["POST /write-then-refuse? → 422"]
    dispose(app)
