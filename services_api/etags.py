"""If-Match on writes: the caller must send the ETag of the record it read (Flask glue)."""

from flask import request
from flask_smorest import Blueprint, abort


def check_if_match(blp: Blueprint, record, schema) -> None:
    """428 without If-Match or with `*` (it would skip the check), 412 when it is not the
    record's current ETag (the ETag of ``schema``'s dump of ``record``, as its GET sends)."""
    if request.if_match.star_tag:
        abort(428, message="Cần If-Match là ETag của thủ tục; If-Match: * không được nhận")
    blp.check_etag(record, schema)
