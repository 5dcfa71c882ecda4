"""Export schemas: which part of the catalogue, and on which date."""

from services_api.procedures.schemas import AS_OF, CatalogueFilterArgsSchema


class ExportArgsSchema(CatalogueFilterArgsSchema):
    as_of = AS_OF
