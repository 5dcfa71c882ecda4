"""Uncached catalogue reads on PostgreSQL at 1,601 and ~100,000 procedures: p50/p99 per kind.

    .venv/bin/python bench/catalogue_scale.py
    .venv/bin/python bench/catalogue_scale.py --scales 1 --repeat 5
    .venv/bin/python bench/catalogue_scale.py --database-url postgresql+psycopg://user@host/db

A new database is made on the server (dropped at the end), migrated and seeded with the real
catalogue; the large scale copies every procedure, with its tiers, agencies, channels and
history, 62 times under new national codes (1,601 x 63 = 100,863), as 63 provinces' catalogues
would hold, and counts the procedures per group again (the copies bypass the ORM). The service
runs under gunicorn (1 sync worker) with its answer store off, so every request is built. Each
request opens a connection and is timed to its last byte: list pages with every filter and every
sort (pages 1 and 5), 20 procedure pages, statistics whole and grouped three ways, agencies and
fields.
"""

import argparse
import gc
import random
import sys
import urllib.parse
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_latency import percentiles, timed_get  # noqa: E402
from servers import service  # noqa: E402

from seeds.loader import load_catalogue  # noqa: E402
from services_api import create_app, migrate  # noqa: E402
from services_api.catalogue import counts  # noqa: E402
from services_api.extensions import db  # noqa: E402
from services_api.models import Base  # noqa: E402

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
COPIES = 62
CHILD_TABLES = ("procedure_tier", "procedure_agency", "channel", "maturity_change")
FILTERS = {
    "none": {},
    "level": {"level": 3},
    "levels": {"level": [1, 2]},
    "min_level": {"min_level": 3},
    "kind": {"kind": "full"},
    "tier": {"tier": "commune"},
    "agency": {"agency": "__big_agency__"},
    "agency_small": {"agency": "__small_agency__"},
    "field": {"field": "__big_field__"},
    "online": {"online": "true"},
    "updated_since": {"updated_since": "2020-01-01T00:00:00Z"},
    "as_of": {"as_of": "2025-06-01"},
    "agency_level": {"agency": "__big_agency__", "level": 4},
}
SORTS = [f"{sign}{key}" for key in ("code", "name", "level", "updated") for sign in ("", "-")]


def make_database(server: str) -> tuple[str, str]:
    name = f"catalogue_scale_{uuid.uuid4().hex[:8]}"
    _admin(server, f'CREATE DATABASE "{name}"')
    return name, make_url(server).set(database=name).render_as_string(hide_password=False)


def _admin(server: str, statement: str) -> None:
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def seed(url: str, instance: Path) -> None:
    app = create_app({"INSTANCE_PATH": str(instance), "DATABASE_URL": url, "AUTO_SEED": False})
    with app.app_context():
        migrate.upgrade(db.engine)
        load_catalogue(db.session)
        db.engine.dispose()


def scale_up(url: str, copies: int) -> int:
    """Copy every procedure and its rows ``copies`` times, server-side; return the total."""
    tables = Base.metadata.tables
    procedure_columns = [c.name for c in tables["procedure"].columns if c.name not in ("id",)]
    copied = ", ".join(f'"{c}"' for c in procedure_columns)
    picked = ", ".join("c.code" if c == "code" else f'p."{c}"' for c in procedure_columns)
    engine = create_engine(url)
    with engine.begin() as connection:
        run = connection.exec_driver_sql
        run(
            "CREATE TEMP TABLE copies AS SELECT p.id AS old_id, "
            "(7 + n / 32)::text || '.' || lpad((mod(n, 32) * 30000 + p.id)::text, 6, '0') AS code "
            f"FROM procedure p CROSS JOIN generate_series(1, {copies}) AS n"
        )
        run(
            f"INSERT INTO procedure ({copied}) SELECT {picked} "
            "FROM copies c JOIN procedure p ON p.id = c.old_id"
        )
        run(
            "CREATE TEMP TABLE id_map AS SELECT c.old_id, p.id AS new_id "
            "FROM copies c JOIN procedure p ON p.code = c.code"
        )
        for table in CHILD_TABLES:
            columns = [c.name for c in tables[table].columns if c.name not in ("id",)]
            listed = ", ".join(f'"{c}"' for c in columns)
            values = ", ".join("m.new_id" if c == "procedure_id" else f't."{c}"' for c in columns)
            run(
                f'INSERT INTO "{table}" ({listed}) SELECT {values} '
                f'FROM "{table}" t JOIN id_map m ON m.old_id = t.procedure_id'
            )
        total = run("SELECT count(*) FROM procedure").scalar_one()
        with Session(bind=connection) as session:  # copied without the ORM: counted again
            counts.recount(session)
            session.flush()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()
    return total


def placeholders(url: str) -> dict[str, str]:
    """The agencies and field with the most procedures, and an agency with few."""
    engine = create_engine(url)
    with engine.connect() as connection:
        agencies = connection.exec_driver_sql(
            "SELECT a.code, count(*) FROM procedure p JOIN agency a ON a.id = p.agency_id "
            "GROUP BY a.code ORDER BY count(*) DESC, a.code"
        ).all()
        field = connection.exec_driver_sql(
            "SELECT f.code FROM procedure p JOIN field f ON f.id = p.field_id "
            "GROUP BY f.code ORDER BY count(*) DESC, f.code LIMIT 1"
        ).scalar_one()
        codes = connection.exec_driver_sql("SELECT code FROM procedure").scalars().all()
    engine.dispose()
    return {
        "__big_agency__": agencies[0][0],
        "__small_agency__": agencies[len(agencies) // 2][0],
        "__big_field__": field,
        "codes": codes,
    }


def requests(values: dict, rng: random.Random) -> dict[str, list[str]]:
    """Paths per reported kind; list pages appear under their filter and under their sort."""
    kinds: dict[str, list[str]] = {}
    for name, params in FILTERS.items():
        params = {k: values.get(v, v) if isinstance(v, str) else v for k, v in params.items()}
        for sort in SORTS:
            for page in (1, 5):
                query = _query({**params, "sort": sort, "page": page})
                path = f"/api/v1/procedures?{query}"
                kinds.setdefault(f"list filter={name}", []).append(path)
                kinds.setdefault(f"list sort={sort}", []).append(path)
    kinds["procedure page"] = [
        f"/api/v1/procedures/{code}" for code in rng.sample(values["codes"], 20)
    ]
    for by in ("", "agency", "field", "tier"):
        kinds[f"stats {by or 'province'}"] = [f"/api/v1/stats/maturity{'?by=' + by if by else ''}"]
    kinds["agencies"] = ["/api/v1/agencies"]
    kinds["fields"] = ["/api/v1/fields"]
    return kinds


def _query(params: dict) -> str:
    return urllib.parse.urlencode(params, doseq=True)


def measure(base: str, kinds: dict[str, list[str]], repeat: int) -> dict[str, list[float]]:
    """Each distinct path timed ``repeat`` times, in rounds; a kind has its paths' timings."""
    paths = list(dict.fromkeys(p for listed in kinds.values() for p in listed))
    for path in paths:
        timed_get(base + path)  # the worker's first use of each query, and the server's pages
    timings: dict[str, list[float]] = {path: [] for path in paths}
    gc.disable()  # this process's collections are not the service's time
    try:
        for _ in range(repeat):
            for path in paths:
                timings[path].append(timed_get(base + path))
    finally:
        gc.enable()
    return {kind: [t for path in listed for t in timings[path]] for kind, listed in kinds.items()}


def report(total: int, samples: dict[str, list[float]]) -> None:
    print(f"== {total:,} procedures, PostgreSQL, uncached, HTTP, 1 gunicorn sync worker")
    for kind, values in samples.items():
        print(f"{kind:28} {percentiles(values)}")
    lists = [
        v for kind, values in samples.items() if kind.startswith("list filter") for v in values
    ]
    print(f"{'list pages (all)':28} {percentiles(lists)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=SERVER, help="the PostgreSQL server to use")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, COPIES + 1])
    parser.add_argument("--repeat", type=int, default=10, help="times each path is timed")
    args = parser.parse_args()
    name, url = make_database(args.database_url)
    instance = Path(f"/tmp/{name}")
    instance.mkdir()
    try:
        seed(url, instance)
        total = 1601
        for copies in sorted(args.scales):
            if copies > 1:
                total = scale_up(url, copies - 1)
            values = placeholders(url)
            env = {"SERVICES_API_AUTO_SEED": "false", "SERVICES_API_ANSWER_CACHE_BYTES": "0"}
            with service(workers=1, database_url=url, extra_env=env) as (base, _):
                samples = measure(base, requests(values, random.Random(copies)), args.repeat)
            report(total, samples)
    finally:
        _admin(args.database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
