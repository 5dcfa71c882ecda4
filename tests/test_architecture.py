"""The package layering of docs/ARCHITECTURE.md, checked over every import in services_api/ and
search/: a module imports only from its own layer's package or from layers below it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Bottom first. A module's layer is the first rule whose prefix names it; a models module
# (``<package>.models``) is always in the models layer, whatever its package.
LAYERS = [
    ("vocabulary", ["services_api.vocabulary"]),
    (
        "core",
        [
            "services_api.types",
            "services_api.database",
            "services_api.errors",
            "services_api.http_limits",
            "services_api.spec",
            "services_api.json_body",
            "services_api.etags",
            "services_api.decorators",
            "services_api.config",
            "services_api.schemas",
            "services_api.extensions",
            "services_api.migrate",
            "services_api.caching",
            "services_api.security_headers",
            "services_api.metrics",
            "services_api.catalogue.answers",
            "services_api.catalogue.reader",
        ],
    ),
    ("models", ["services_api.models", "services_api.migrations", "services_api.catalogue"]),
    ("changes", ["services_api.changes"]),  # every writer records its changes
    ("procedures", ["services_api.procedures"]),
    ("life events", ["services_api.life_events"]),  # the search recognises them
    ("search rules", ["services_api.search_rules"]),  # the search applies them
    (
        "resources",
        [
            "services_api.agencies",
            "services_api.fields",
            "services_api.keys",
            "services_api.stats",
            "services_api.exports",
            "services_api.searching",
        ],
    ),
    ("maturity", ["services_api.maturity"]),
    ("publishing", ["services_api.publishing"]),
    ("imports", ["services_api.imports"]),
    ("services", ["services_api.services"]),
    ("operations", ["services_api.operations"]),  # request ids, logs, metrics, rate limits
    ("http", []),  # routes, commands and the key check: see _layer
    (
        "app",
        [
            "services_api.resources",
            "services_api.commands",
            "services_api.bootstrap",
            "services_api.background",
        ],
    ),
]
LAYER_INDEX = {name: i for i, (name, _) in enumerate(LAYERS)}
HTTP_MODULES = ("routes", "cli", "auth")
WEB = ("flask", "flask_smorest", "flask_cors", "werkzeug")
# Modules below the HTTP layer that are Flask glue by nature (schemas read the app's config).
WEB_ALLOWED = {"core"}
WEB_ALLOWED_NAMES = ("schemas", "extension")


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> str:
    if module == "services_api":
        return "app"
    last = module.rsplit(".", 1)[-1]
    if last == "models" and module != "services_api.models":
        return "models"
    if last in HTTP_MODULES and module.count(".") >= 2:
        return "http"
    for name, prefixes in LAYERS:
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return name
    return "resources"  # a new package: a resource until the layering says otherwise


def _is_routes(module: str) -> bool:
    return module.rsplit(".", 1)[-1] == "routes"


def _package(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _imports(path: Path, module: str, known: set[str]) -> set[str]:
    """Every module ``path`` imports, anywhere in it (also inside functions)."""
    found = set()
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known)
    return found


def _sources(root: Path) -> dict[str, Path]:
    paths = [*root.glob("services_api/**/*.py"), *root.glob("search/**/*.py")]
    return {_module_name(p, root): p for p in paths}


def violations(root: Path) -> list[str]:
    """Every import in ``root``'s services_api/ and search/ that breaks the layering."""
    sources = _sources(root)
    known = set(sources)
    problems = []
    for module, path in sorted(sources.items()):
        for target in sorted(_imports(path, module, known)):
            problem = _check(module, target, known)
            if problem:
                problems.append(f"{module} imports {target}: {problem}")
    return problems


def _check(module: str, target: str, known: set[str]) -> str | None:
    top = target.split(".")[0]
    if module.startswith("search"):
        return (
            "the search library never imports the application"
            if top
            in (
                "services_api",
                "seeds",
                *WEB,
            )
            else None
        )
    if top in WEB:
        return _web_problem(module)
    if top != "services_api" or target not in known:
        return None
    return _layer_problem(module, target)


def _web_problem(module: str) -> str | None:
    layer = LAYER_INDEX[_layer(module)]
    if layer >= LAYER_INDEX["services"] or _layer(module) in WEB_ALLOWED:
        return None
    if module.rsplit(".", 1)[-1] in WEB_ALLOWED_NAMES:
        return None
    return "the service layer knows nothing of Flask or HTTP"


def _layer_problem(module: str, target: str) -> str | None:
    source, imported = _layer(module), _layer(target)
    if _is_routes(module) and _is_routes(target) and module != target:
        return "a route module never imports another route module"
    if source == "http" and target == "services_api.searching.extension" and "routes" in module:
        return "routes reach the search index only through the services"
    if LAYER_INDEX[imported] > LAYER_INDEX[source]:
        return f"layer {source} may not import layer {imported} above it"
    if source == imported == "resources" and _package(module) != _package(target):
        return "resources of one layer do not import each other (only their models)"
    return None


def test_every_import_follows_the_layering():
    assert violations(ROOT) == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (  # procedures below maturity
            {"services_api/procedures/service.py": "from services_api.maturity import rules\n"},
            "layer procedures may not import layer maturity",
        ),
        (  # agencies do not import stats
            {"services_api/agencies/service.py": "import services_api.stats.counts\n"},
            "resources of one layer do not import each other",
        ),
        (  # the search extension is not an extension every route imports
            {"services_api/extensions.py": "from services_api.searching.extension import x\n"},
            "layer core may not import layer resources",
        ),
        (
            {"services_api/maturity/routes.py": "from services_api.procedures.routes import f\n"},
            "a route module never imports another route module",
        ),
        (
            {"services_api/health/routes.py": "from services_api.searching.extension import x\n"},
            "routes reach the search index only through the services",
        ),
        (
            {"services_api/maturity/writer.py": "from flask import current_app\n"},
            "the service layer knows nothing of Flask",
        ),
        ({"search/text.py": "from services_api import vocabulary\n"}, "the search library"),
        (  # a relative import is resolved like an absolute one
            {"services_api/vocabulary.py": "from .procedures import models\n"},
            "layer vocabulary may not import layer models",
        ),
    ],
)
def test_a_bad_import_is_reported(tmp_path, files, expected):
    stubs = {
        "services_api/__init__.py": "",
        "services_api/vocabulary.py": "",
        "services_api/extensions.py": "",
        "services_api/procedures/models.py": "",
        "services_api/procedures/routes.py": "",
        "services_api/maturity/rules.py": "",
        "services_api/stats/counts.py": "",
        "services_api/searching/extension.py": "",
        "search/text.py": "",
    }
    root = _tree(tmp_path, {**stubs, **files})
    found = violations(root)
    assert found and all(expected in problem for problem in found), found


def test_allowed_imports_are_not_reported(tmp_path):
    root = _tree(
        tmp_path,
        {
            "services_api/__init__.py": "from services_api.services import x\n",
            "services_api/vocabulary.py": "import enum\n",
            "services_api/procedures/models.py": "from services_api.agencies.models import A\n",
            "services_api/agencies/models.py": "from services_api.vocabulary import Tier\n",
            "services_api/agencies/service.py": "from services_api.procedures import counts\n",
            "services_api/procedures/counts.py": "from services_api.vocabulary import LEVELS\n",
            "services_api/services.py": "from services_api.searching.extension import x\n",
            "services_api/searching/extension.py": "from flask import Flask\n",
            "services_api/maturity/routes.py": "from services_api.services import x\n",
        },
    )
    assert violations(root) == []
