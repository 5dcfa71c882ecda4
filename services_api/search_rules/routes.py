"""Search rules endpoints (administrators): synonyms and best bets, applied to the next search."""

from flask.views import MethodView
from flask_smorest import Blueprint
from flask_smorest.error_handler import ErrorSchema

from services_api.extensions import db
from services_api.keys.auth import requires
from services_api.keys.models import Role
from services_api.search_rules.schemas import (
    SearchRuleInSchema,
    SearchRuleListedSchema,
    SearchRuleSchema,
)
from services_api.search_rules.service import SearchRuleService
from services_api.types import MAX_INTEGER

NO_SUCH_RULE = "No rule with this id"

blp = Blueprint(
    "search_rules",
    __name__,
    url_prefix="/api/v1/search/rules",
    description=(
        "Quy tắc tìm kiếm do quản trị viên sửa, có hiệu lực từ lần tìm kế tiếp (không cần khởi "
        "động lại, trên cả hai máy tìm kiếm): synonym (từ người dân gõ → cách gọi trong tên thủ "
        "tục) và best bet (một câu tìm kiếm → các thủ tục đưa lên đầu). Mỗi quy tắc được liệt kê "
        "cùng các truy vấn không có kết quả mà nó trả lời."
    ),
)


def rule_service() -> SearchRuleService:
    return SearchRuleService(db.session)


@blp.route("")
class SearchRules(MethodView):
    @requires(blp, Role.ADMIN)
    @blp.response(200, SearchRuleListedSchema(many=True))
    def get(self):
        """List the search rules, each with the zero-result queries it answers"""
        service = rule_service()
        rules = service.rules()
        answered = service.answered(rules)
        for rule in rules:
            rule.zero_result_queries = answered[rule.id]
        return rules

    @requires(blp, Role.ADMIN)
    @blp.arguments(SearchRuleInSchema())
    @blp.response(201, SearchRuleSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="The same rule exists already")
    def post(self, data):
        """Add a synonym or a best bet"""
        return rule_service().create(data)


@blp.route(f"/<int(max={MAX_INTEGER}):rule_id>")
class SearchRule(MethodView):
    @requires(blp, Role.ADMIN)
    @blp.response(200, SearchRuleSchema)
    @blp.alt_response(404, schema=ErrorSchema, description=NO_SUCH_RULE)
    def get(self, rule_id):
        """Show one search rule"""
        return rule_service().get(rule_id)

    @requires(blp, Role.ADMIN)
    @blp.arguments(SearchRuleInSchema())
    @blp.response(200, SearchRuleSchema)
    @blp.alt_response(404, schema=ErrorSchema, description=NO_SUCH_RULE)
    @blp.alt_response(409, schema=ErrorSchema, description="The same rule exists already")
    def put(self, data, rule_id):
        """Replace a search rule (its revision goes up by one)"""
        return rule_service().update(rule_id, data)

    @requires(blp, Role.ADMIN)
    @blp.response(204)
    @blp.alt_response(404, schema=ErrorSchema, description=NO_SUCH_RULE)
    def delete(self, rule_id):
        """Delete a search rule"""
        rule_service().delete(rule_id)
