"""Search rules: validated writes (each bumps the catalogue's generation), and the rules in force
for the next query in every worker."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from search.rules import SearchRules, query_key
from search.text import fold, words
from services_api.catalogue import generation
from services_api.errors import Conflict, InvalidParameter, NotFound
from services_api.procedures.models import Procedure
from services_api.search_rules.models import RuleKind, SearchRule
from services_api.searching.models import ZeroResultQuery

ZERO_RESULT_LIMIT = 20  # zero-result queries listed beside each rule


class SearchRuleService:
    """Create, change, delete and list the rules; each write is one transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def rules(self) -> list[SearchRule]:
        statement = select(SearchRule).order_by(SearchRule.kind, SearchRule.term_key, SearchRule.id)
        return list(self.session.scalars(statement))

    def get(self, rule_id: int) -> SearchRule:
        rule = self.session.get(SearchRule, rule_id)
        if rule is None:
            raise NotFound(f"Không có quy tắc tìm kiếm {rule_id}")
        return rule

    def create(self, data: dict) -> SearchRule:
        rule = SearchRule(kind=RuleKind(data["kind"]))
        return self._write(rule, data)

    def update(self, rule_id: int, data: dict) -> SearchRule:
        rule = self.get(rule_id)
        if RuleKind(data["kind"]) != rule.kind:
            message = "Không đổi được loại của quy tắc: xóa quy tắc này và tạo quy tắc mới."
            raise InvalidParameter("kind", message, "json")
        rule.revision += 1
        return self._write(rule, data)

    def delete(self, rule_id: int) -> None:
        self.session.delete(self.get(rule_id))
        generation.bump(self.session)
        self.session.commit()

    def _write(self, rule: SearchRule, data: dict) -> SearchRule:
        rule.term, rule.reason = data["term"].strip(), data["reason"].strip()
        rule.term_key = " ".join(query_key(rule.term))
        if not rule.term_key:
            raise InvalidParameter("term", "Cụm từ không có chữ nào để tìm.", "json")
        if rule.kind is RuleKind.SYNONYM:
            rule.expansion, rule.codes = data["expansion"].strip(), None
            rule.target_key = " ".join(fold(w) for w in words(rule.expansion))
            if rule.target_key == " ".join(fold(w) for w in words(rule.term)):
                raise InvalidParameter("expansion", "Từ thay thế trùng với cụm từ.", "json")
        else:
            rule.expansion, rule.codes, rule.target_key = None, self._codes(data["codes"]), ""
        self.session.add(rule)
        try:
            self.session.flush()
            generation.bump(self.session)  # cached answers of every worker are now stale
            self.session.commit()
        except IntegrityError:
            self.session.rollback()
            raise Conflict("Đã có quy tắc này (cùng loại, cụm từ và từ thay thế).") from None
        return rule

    def _codes(self, codes: list[str]) -> list[str]:
        unique = list(dict.fromkeys(code.strip() for code in codes))
        found = set(self.session.scalars(select(Procedure.code).where(Procedure.code.in_(unique))))
        unknown = [code for code in unique if code not in found]
        if unknown:
            message = f"Không có thủ tục mã {', '.join(unknown)}"
            raise InvalidParameter("codes", message, "json")
        return unique

    def answered(self, rules: list[SearchRule]) -> dict[int, list[ZeroResultQuery]]:
        """For each rule, the zero-result queries it answers (most frequent first): those
        holding the synonym's term, or equal to the best bet's query."""
        statement = select(ZeroResultQuery).order_by(
            ZeroResultQuery.count.desc(), ZeroResultQuery.query
        )
        queries = list(self.session.scalars(statement.limit(1000)))
        keyed = [(" ".join(query_key(row.query)), row) for row in queries]
        return {
            rule.id: [row for key, row in keyed if _answers(rule, key)][:ZERO_RESULT_LIMIT]
            for rule in rules
        }


def _answers(rule: SearchRule, key: str) -> bool:
    if rule.kind is RuleKind.BEST_BET:
        return key == rule.term_key
    return f" {rule.term_key} " in f" {key} "


class RulesInForce:
    """The rules of one database, read again when the catalogue's generation moves (every rule
    edit bumps it): one small query per search, so an edit reaches every worker's next query."""

    def __init__(self) -> None:
        self._generation: int | None = None
        self._rules: SearchRules | None = None

    def current(self, session: Session) -> SearchRules | None:
        number = generation.current(session)
        if number != self._generation:
            self._rules, self._generation = _load(session), number
        return self._rules


def _load(session: Session) -> SearchRules | None:
    rules = list(session.scalars(select(SearchRule)))
    if not rules:
        return None
    synonyms = [(r.term, r.expansion) for r in rules if r.kind is RuleKind.SYNONYM]
    bets = [(r.term, r.codes or []) for r in rules if r.kind is RuleKind.BEST_BET]
    return SearchRules(synonyms, bets)
