"""Export schemas: which part of the catalogue, and on which date."""

from services_api.procedures.schemas import AS_OF, STATUS, CatalogueFilterArgsSchema


class ExportArgsSchema(CatalogueFilterArgsSchema):
    status = STATUS
    as_of = AS_OF
