"""Flask CLI commands: `flask db`, `flask seed`, `flask search`, `flask keys`, `flask webhooks`,
in one place."""

import click
from flask import Flask
from flask.cli import AppGroup

from seeds.loader import load_catalogue
from services_api import migrate
from services_api.extensions import db
from services_api.keys.cli import keys_cli
from services_api.life_events.service import load_life_events
from services_api.searching.cli import search_cli
from services_api.webhooks.cli import webhooks_cli

db_cli = AppGroup("db", help="Database schema.")


@db_cli.command("upgrade")
def upgrade_command() -> None:
    """Apply every migration not yet applied."""
    migrate.upgrade(db.engine)
    click.echo("database at the latest revision")


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def revision_command(message: str) -> None:
    """Write a migration for the changes in the models."""
    migrate.revision(db.engine, message)


@click.command("seed")
def seed_command() -> None:
    """Load the committed catalogue; procedures already present are left alone."""
    migrate.upgrade(db.engine)
    added = load_catalogue(db.session)
    click.echo(f"{added} procedures added")
    click.echo(f"{load_life_events(db.session)} life events added")


def register_commands(app: Flask) -> None:
    for command in (db_cli, seed_command, search_cli, keys_cli, webhooks_cli):
        app.cli.add_command(command)
