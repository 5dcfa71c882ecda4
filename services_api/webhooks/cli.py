"""`flask webhooks deliver`: deliver what is due, once or on and on (``--loop``)."""

import time

import click
from flask import current_app
from flask.cli import AppGroup

from services_api.services import webhook_deliverer

webhooks_cli = AppGroup("webhooks", help="Webhook deliveries.")


@webhooks_cli.command("deliver")
@click.option("--loop", is_flag=True, help="Keep delivering until stopped.")
@click.option("--interval", type=float, help="Seconds between passes (default: the config's).")
def deliver_command(loop: bool, interval: float | None) -> None:
    """Send every due change to its subscribers, in order, retrying those that failed."""
    interval = interval or current_app.config["WEBHOOKS_POLL_SECONDS"]
    while True:
        done = webhook_deliverer().run_once()
        if done.delivered or done.failed or not loop:
            click.echo(f"{done.delivered} delivered, {done.failed} failed")
        if not loop:
            return
        time.sleep(interval)
