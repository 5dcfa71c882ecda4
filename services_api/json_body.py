"""Request bodies in JSON that a parser would choke on, refused with 422 before any schema.

Python's JSON decoder raises on numbers of more than 4,300 digits and on nesting deeper than
its recursion limit with errors that are not decoding errors (webargs answered them 500), and
it accepts a lone surrogate ("\\ud800") and control characters such as NUL, which no database
stores as text. Blueprints that read JSON bodies take ``Blueprint`` from here.
"""

import json
import re

import flask_smorest
from flask_smorest import abort
from webargs.flaskparser import FlaskParser

# C0 controls but tab, line feed and carriage return; DEL; UTF-16 surrogates.
UNSTORABLE_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class JsonBodyParser(FlaskParser):
    """webargs' Flask parser, answering 422 for a body that decodes to nothing storable."""

    def _raw_load_json(self, req):
        try:
            data = super()._raw_load_json(req)
        except json.JSONDecodeError:
            raise  # malformed JSON: webargs answers 400 as before
        except RecursionError:
            _refuse("Nội dung JSON lồng quá sâu")
        except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
            _refuse("Nội dung JSON có số quá dài")
        if _has_unstorable_text(data):
            _refuse("Văn bản có ký tự không hợp lệ (ký tự điều khiển hoặc surrogate đơn lẻ)")
        return data


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = JsonBodyParser()


def _has_unstorable_text(data) -> bool:
    pending = [data]
    while pending:  # a loop, not recursion: the body may nest as deep as the decoder allows
        value = pending.pop()
        if isinstance(value, str):
            if UNSTORABLE_TEXT.search(value):
                return True
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


def _refuse(message: str):
    abort(422, message=message, errors={"json": {"_schema": [message]}})
