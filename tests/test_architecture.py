"""The shape of the code: domains depend on each other in one direction only, and ask the
groups and themes domains through their queries modules instead of reading their tables."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "network"
DOMAINS = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
# The tables of these models belong to their domain; other domains ask its queries module.
OWNED = {
    "GroupMembership": "groups",
    "WorkingGroup": "groups",
    "Theme": "themes",
    "Membership": "membership",
    "Corridor": "members",
    "PersonProfile": "members",
    "PersonOrigin": "members",
    "PersonLanguage": "members",
    "Organization": "members",
    "OrganizationAdmin": "members",
    "OrganizationCountry": "members",
    "OrganizationLanguage": "members",
}


def _imports(path: Path):
    """(module, names) for each `import`/`from ... import` in the file, at any depth."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


def _domain(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "network" and parts[1] in DOMAINS else None


def domain_graph() -> dict[str, set[str]]:
    graph = {domain: set() for domain in DOMAINS}
    for domain in DOMAINS:
        for path in (PACKAGE / domain).rglob("*.py"):
            for module, _names in _imports(path):
                other = _domain(module)
                if other and other != domain:
                    graph[domain].add(other)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph as a path, or [] if there is none."""
    state: dict[str, str] = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt, path + [nxt])
                if found:
                    return found
        state[node] = "done"
        return []

    for start in sorted(graph):
        if start not in state:
            found = visit(start, [start])
            if found:
                return found
    return []


def test_domains_import_each_other_in_one_direction():
    assert _cycle(domain_graph()) == []


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def _owned_names(node) -> set[str]:
    """The owned model names an expression mentions: WorkingGroup, Theme.id, ..."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in OWNED}


QUERYING = {"select", "join", "outerjoin", "select_from", "get", "get_or_404", "one_or_404"}


def _querying_calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in QUERYING:
                yield node


def test_owned_tables_are_read_through_their_domain():
    """Outside its domain nobody imports GroupMembership, and nobody selects, joins or gets
    working groups, themes, memberships, profiles or organizations: they ask the owner's queries module
    (network.groups.queries, network.themes.queries, network.membership.queries,
    network.members.queries).
    (Models may still point at them with foreign keys and relationships, and the demo
    seeders, which fill an empty database, may read any table.)"""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "demo.py":
            continue
        domain = path.relative_to(PACKAGE).parts[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for module, names in _imports(path):
            if "GroupMembership" in names and _domain(module) == "groups" != domain:
                offenders.append(f"{path.relative_to(PACKAGE)} imports GroupMembership")
        for call in _querying_calls(tree):
            for name in _owned_names(call) - {n for n in OWNED if OWNED[n] == domain}:
                offenders.append(f"{path.relative_to(PACKAGE)}:{call.lineno} queries {name}")
    assert offenders == []
