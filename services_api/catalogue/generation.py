"""The catalogue's generation: one number, bumped by every transaction that writes the catalogue.

``bump`` runs ``UPDATE catalogue_generation SET generation = generation + 1 RETURNING
generation`` on the table's one row. The row lock it takes is held until the transaction ends,
so writers pass it one at a time: the generation order is the commit order. Caches key on it,
and the change feed stamps its events with it. Within one transaction, ``bump`` returns the
number it already took, so several writers in a transaction share one generation.
"""

from sqlalchemy import BigInteger, Integer, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from services_api.database import Base

_TAKEN = "catalogue_generation"


class CatalogueGeneration(Base):
    """The one row (id 1) holding the number of the catalogue's latest writing transaction."""

    __tablename__ = "catalogue_generation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(BigInteger, nullable=False)


def bump(session: Session) -> int:
    """The generation of the caller's transaction: the next number, taken once per transaction."""
    if _TAKEN not in session.info:
        statement = (
            update(CatalogueGeneration)
            .where(CatalogueGeneration.id == 1)
            .values(generation=CatalogueGeneration.generation + 1)
            .returning(CatalogueGeneration.generation)
        )
        session.info[_TAKEN] = session.execute(statement).scalar_one()
    return session.info[_TAKEN]


def current(session: Session) -> int:
    """The generation of the latest committed write (0 before any)."""
    return session.scalar(select(CatalogueGeneration.generation).where(CatalogueGeneration.id == 1))


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended: commit or rollback
        session.info.pop(_TAKEN, None)
