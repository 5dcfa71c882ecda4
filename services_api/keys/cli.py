"""`flask keys`: create, list and revoke API keys."""

import click
from flask.cli import AppGroup

from services_api.errors import DomainError
from services_api.keys.models import Role
from services_api.services import key_service

keys_cli = AppGroup("keys", help="API keys for agencies and administrators.")


@keys_cli.command("create")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--agency", "agency_code", help="Agency code (editors only).")
@click.option("--name", default="", help="Who holds the key, for the history.")
def create_command(role: str, agency_code: str | None, name: str) -> None:
    """Create a key; the key itself is printed once, on the last line."""
    try:
        key, token = key_service().create(Role(role), agency_code, name)
    except DomainError as error:
        raise click.UsageError(error.message) from None
    click.echo(f"key {key.id} created: {key.name} ({key.role.value})")
    click.echo("Store it now: only its hash is kept. The key:")
    click.echo(token)


@keys_cli.command("list")
def list_command() -> None:
    """List keys: id, role, agency, name, prefix, created, revoked."""
    for key in key_service().all():
        agency = key.agency.code if key.agency else "-"
        revoked = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
        click.echo(
            f"{key.id:4d}  {key.role.value:6s}  {agency}  {key.name}  {key.prefix}…  "
            f"{key.created_at:%Y-%m-%d}  {revoked}"
        )


@keys_cli.command("revoke")
@click.argument("key_id", type=int)
def revoke_command(key_id: int) -> None:
    """Revoke a key: it stops working at once."""
    try:
        key = key_service().revoke(key_id)
    except DomainError as error:
        raise click.UsageError(error.message) from None
    click.echo(f"key {key.id} revoked")
