"""An in-memory Elasticsearch behind the real client, through elastic_transport's node class.

`FakeCluster` keeps indices, aliases and documents, answers the few APIs the backend's index
management and bulk writes use, and lets a test script faults per request ("PUT /name-*": an
exception to raise or a (status, body) to answer, after or instead of applying the request).
Every request is recorded with its timeout and headers.
"""

import fnmatch
import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node import NodeApiResponse

from search import create_backend


@dataclass
class Request:
    method: str
    path: str
    query: dict
    body: bytes | None
    timeout: object
    headers: dict


@dataclass
class Fault:
    """What the matching request does: ``apply`` it or not, then raise ``error`` or answer."""

    pattern: str
    error: Exception | None = None
    answer: tuple[int, dict] | None = None
    apply: bool = False
    times: int = 1


@dataclass
class FakeCluster:
    indices: dict[str, dict] = field(default_factory=dict)  # name -> {id: source}
    aliases: dict[str, set[str]] = field(default_factory=dict)  # alias -> indices
    requests: list[Request] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)

    def backend(self, **options):
        cluster = self

        class Node(BaseNode):
            def perform_request(self, method, target, body=None, headers=None, **kwargs):
                return cluster.handle(method, target, body, headers, kwargs.get("request_timeout"))

        options.setdefault("index_name", "procedures")
        return create_backend("elasticsearch", url="http://fake:9200", node_class=Node, **options)

    def calls(self, method: str, pattern: str) -> list[Request]:
        return [
            r
            for r in self.requests
            if fnmatch.fnmatch(r.method, method) and fnmatch.fnmatch(r.path, pattern)
        ]

    def handle(self, method, target, body, headers, timeout) -> NodeApiResponse:
        parts = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        request = Request(method, parts.path, query, body, timeout, dict(headers or {}))
        self.requests.append(request)
        fault = self._fault(request)
        if fault is not None and not fault.apply:
            return self._raise_or_answer(fault)
        status, payload = self._route(request)
        if fault is not None:
            return self._raise_or_answer(fault)
        return _response(status, payload)

    def _fault(self, request: Request) -> Fault | None:
        for fault in self.faults:
            if fault.times and fnmatch.fnmatch(f"{request.method} {request.path}", fault.pattern):
                fault.times -= 1
                return fault
        return None

    @staticmethod
    def _raise_or_answer(fault: Fault) -> NodeApiResponse:
        if fault.error is not None:
            raise fault.error
        return _response(*fault.answer)

    def _route(self, request: Request) -> tuple[int, dict]:
        method, segments = request.method, request.path.strip("/").split("/")
        if segments[0] == "_alias":
            return self._alias(method, segments[1])
        if segments == ["_aliases"]:
            return self._update_aliases(json.loads(request.body))
        if segments[-1] == "_bulk":
            return self._bulk(request)
        name = segments[0]
        if method == "PUT" and len(segments) == 1:
            if name in self.indices:
                return _error(400, "resource_already_exists_exception", name)
            self.indices[name] = {}
            return 200, {"acknowledged": True, "index": name}
        if method == "DELETE":
            self.indices.pop(name, None)
            for members in self.aliases.values():
                members.discard(name)
            return 200, {"acknowledged": True}
        if segments[-1] == "_refresh":
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if segments[-1] == "_count":
            return 200, {"count": sum(len(self.indices[i]) for i in self._resolve(name))}
        raise AssertionError(f"the fake cluster does not answer {method} {request.path}")

    def _resolve(self, name: str) -> list[str]:
        return sorted(self.aliases.get(name) or ([name] if name in self.indices else []))

    def _alias(self, method: str, name: str) -> tuple[int, dict]:
        members = self.aliases.get(name)
        if not members:
            return 404, {"error": f"alias [{name}] missing", "status": 404}
        return 200, {index: {"aliases": {name: {}}} for index in members}

    def _update_aliases(self, body: dict) -> tuple[int, dict]:
        for action in body["actions"]:
            ((kind, spec),) = action.items()
            members = self.aliases.setdefault(spec["alias"], set())
            if kind == "remove" and spec["index"] not in members:
                return _error(404, "aliases_not_found_exception", spec["alias"])
        for action in body["actions"]:
            ((kind, spec),) = action.items()
            members = self.aliases[spec["alias"]]
            (members.add if kind == "add" else members.discard)(spec["index"])
        return 200, {"acknowledged": True, "errors": False}

    def _bulk(self, request: Request) -> tuple[int, dict]:
        lines = [json.loads(line) for line in request.body.splitlines() if line.strip()]
        items, position = [], 0
        while position < len(lines):
            ((kind, meta),) = lines[position].items()
            source = lines[position + 1] if kind == "index" else None
            position += 2 if kind == "index" else 1
            items.append({kind: self._bulk_item(kind, meta, source, request.query)})
        errors = any(item[k]["status"] >= 300 for item in items for k in item)
        return 200, {"took": 1, "errors": errors, "items": items}

    def _bulk_item(self, kind: str, meta: dict, source, query: dict) -> dict:
        name, doc_id = meta["_index"], meta["_id"]
        targets = self._resolve(name)
        if not targets:
            if query.get("require_alias") == "true":
                error = _error(404, "index_not_found_exception", name)[1]["error"]
                return {"_index": name, "_id": doc_id, "status": 404, "error": error}
            self.indices[name] = {}  # what Elasticsearch does without require_alias
            targets = [name]
        documents = self.indices[targets[0]]
        if kind == "delete":
            found = documents.pop(doc_id, None) is not None
            result = "deleted" if found else "not_found"
            return {
                "_index": targets[0],
                "_id": doc_id,
                "status": 200 if found else 404,
                "result": result,
            }
        documents[doc_id] = source
        return {"_index": targets[0], "_id": doc_id, "status": 201, "result": "created"}


def rejected_bulk(count: int, status: int, kind: str) -> tuple[int, dict]:
    """A bulk answer whose ``count`` items were all rejected with ``status``."""
    error = {"type": kind, "reason": f"rejected: {kind}"}
    items = [{"index": {"_id": str(n), "status": status, "error": error}} for n in range(count)]
    return 200, {"took": 1, "errors": True, "items": items}


def _error(status: int, kind: str, resource: str) -> tuple[int, dict]:
    cause = {"type": kind, "reason": f"[{resource}] {kind}", "index": resource}
    return status, {"error": {"root_cause": [cause], **cause}, "status": status}


def _response(status: int, payload: dict) -> NodeApiResponse:
    headers = HttpHeaders({"x-elastic-product": "Elasticsearch"})
    headers["content-type"] = "application/json"
    meta = ApiResponseMeta(status, "1.1", headers, 0.0, None)
    return NodeApiResponse(meta, json.dumps(payload).encode())
