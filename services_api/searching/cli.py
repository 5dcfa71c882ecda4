"""`flask search`: rebuild the index, show its status, apply pending changes."""

import click
from flask.cli import AppGroup

from search import SearchError
from services_api.extensions import db
from services_api.searching import sync
from services_api.searching.extension import search_index
from services_api.services import search_service

search_cli = AppGroup("search", help="Search index.")


@search_cli.command("rebuild")
def rebuild_command() -> None:
    """Rebuild the whole index from the database."""
    session = db.session
    with click.progressbar(length=sync.procedure_count(session), label="Indexing") as bar:
        count = sync.rebuild(session, search_index.backend, progress=lambda _doc: bar.update(1))
    click.echo(f"{count} procedures indexed")


@search_cli.command("status")
def status_command() -> None:
    """Show the backend, the documents indexed and the changes waiting."""
    backend = search_index.backend
    click.echo(f"backend: {type(backend).__name__}")
    click.echo(f"healthy: {backend.health()}")
    try:
        click.echo(f"documents indexed: {backend.count()}")
    except SearchError as error:
        click.echo(f"documents indexed: unknown ({error}); `flask search rebuild` repairs it")
    click.echo(f"procedures in database: {sync.procedure_count(db.session)}")
    click.echo(f"pending changes: {sync.pending(db.session)}")


@search_cli.command("drain")
def drain_command() -> None:
    """Apply the pending changes to the index."""
    applied = sync.drain(db.session, search_index.backend)
    click.echo(f"{applied} changes applied, {sync.pending(db.session)} pending")


@search_cli.command("zero-results")
@click.option("--limit", default=50, show_default=True)
def zero_results_command(limit: int) -> None:
    """List the queries that found nothing, most frequent first."""
    for row in search_service().zero_result_queries(limit):
        click.echo(f"{row.count:6d}  {row.last_seen:%Y-%m-%d}  {row.query}")
