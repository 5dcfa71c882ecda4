"""Change feed endpoints: every change to the catalogue in commit order, as JSON and Atom."""

from flask import Response, current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from services_api.caching import not_reusable
from services_api.changes.atom import atom_feed
from services_api.changes.schemas import AtomArgsSchema, ChangeArgsSchema, ChangePageSchema
from services_api.services import change_feed

ATOM = "application/atom+xml"
NOT_MODIFIED = "If-None-Match holds the answer's ETag: nothing new since"

blp = Blueprint(
    "changes",
    __name__,
    url_prefix="/api/v1",
    description=(
        "Dòng thay đổi của danh mục: thủ tục công bố mới, sửa đổi, bãi bỏ (tombstone: mã vẫn "
        "còn), khôi phục, thay đổi mức độ, cơ quan, lĩnh vực — theo thứ tự ghi (commit). Đọc từ "
        "con trỏ này tới con trỏ khác không bao giờ bỏ sót hay lặp lại một thay đổi, kể cả khi "
        "hai lần ghi commit cùng lúc."
    ),
)


@blp.route("/changes")
class Changes(MethodView):
    @blp.arguments(ChangeArgsSchema(), location="query", unknown="raise")
    @blp.response(200, ChangePageSchema)
    @blp.alt_response(304, description=NOT_MODIFIED)
    def get(self, args):
        """List the catalogue's changes after a cursor, in commit order"""
        return change_feed().page(args.get("after"), args["limit"])


@blp.route("/changes.atom")
class ChangesAtom(MethodView):
    @blp.arguments(AtomArgsSchema(), location="query", unknown="raise")
    @blp.response(200, {"type": "string"}, content_type=ATOM)
    @blp.alt_response(304, description=NOT_MODIFIED)
    def get(self, args):
        """The latest changes as an Atom feed, newest first"""
        not_reusable()  # its links name the host it was asked on
        api_url = request.url_root.rstrip("/") + blp.url_prefix
        body = atom_feed(
            change_feed().latest(args["limit"]),
            current_app.config["PROVINCE_CODE"],
            request.url,
            api_url,
        )
        return Response(body, mimetype=ATOM)
