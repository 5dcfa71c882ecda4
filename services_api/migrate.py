"""Schema migrations with Alembic, run on a live engine (start-up, `flask db` commands)."""

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy.engine import Engine


def _alembic_config(connection) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", "services_api:migrations")
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)


def revision(engine: Engine, message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    with engine.begin() as connection:
        command.revision(_alembic_config(connection), message=message, autogenerate=True)


def check(engine: Engine) -> None:
    """Raise if the models hold changes no migration describes."""
    with engine.begin() as connection:
        command.check(_alembic_config(connection))
