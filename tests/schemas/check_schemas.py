#!/usr/bin/python3
"""The JSON Schemas of schemas/ against the shipped files, the bad fixtures, the loaders and
docs/reference.md. Run by ctest (tests/CMakeLists.txt) with Debian's python3-jsonschema and
python3-yaml (scripts/test installs them):

  check_schemas.py shipped ROOT   every shipped profile, scenario and catalogue validates
  check_schemas.py bad ROOT       each fixtures/yaml/schemas/<kind>-*.yaml fails as its .expected says
  check_schemas.py fields ROOT    the loaders' expect_keys lists, the schemas' closed mappings and
                                  the reference page's tables name the same fields

Every failure names its file (and line where there is one) and the field.
"""
import json
import pathlib
import re
import sys

# Which schema each file kind has, and which loader sources define its fields. A source's
# `expect_keys({...})` calls (or `expect_keys(NAME)` with `NAME = {...}` in the same file) and the
# named lists below are the fields a mapping accepts.
KINDS = {
    "profile": {
        "schema": "schemas/profile.schema.json",
        "sources": ["mock_server/src/profile/profile_loader.cpp",
                    "mock_server/src/profile/credential_loader.cpp",
                    "mock_server/src/profile/key_management_section.cpp"],
        "lists": [],
    },
    "scenario": {
        "schema": "schemas/scenario.schema.json",
        "sources": ["runner/src/scenario_loader.cpp"],
        # A fault's fields are checked by the core's parse_fault (the admin API's too).
        "lists": [("mock_server/src/core/fault_queue.cpp", "kFields")],
    },
    "catalogue": {
        "schema": "schemas/catalogue.schema.json",
        "sources": ["runner/src/catalogue.cpp"],
        "lists": [],
    },
    "keys": {
        "schema": "schemas/keys.schema.json",
        "sources": ["runner/src/remote_target.cpp"],
        "lists": [],
    },
}
PAGE = "docs/reference.md"
# Where loaders may live: a file here calling expect_keys must be in KINDS, so a new loader
# cannot go unchecked.
LOADER_DIRS = ["mock_server", "runner"]


def fail(errors):
    for e in errors:
        print(e)
    if errors:
        print(f"{len(errors)} problem(s)")
    return 1 if errors else 0


# ---------------------------------------------------------------------------------------------
# YAML as the loaders (yaml-cpp, YAML 1.2) read it: a date stays a string.

def yaml_loader():
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return lambda text: yaml.load(text, Loader=Loader)


def shipped_files(root):
    """(kind, path) of every shipped file of each kind, sorted."""
    out = []
    for d in ["scenarios/providers", "fixtures/profiles",
              "fixtures/profiles-altered"]:
        out += [("profile", p) for p in sorted((root / d).glob("*.yaml"))]
    for d in sorted(p for p in (root / "scenarios").iterdir() if p.is_dir() and p.name != "providers"):
        out += [("scenario", p) for p in sorted(d.glob("*.yaml"))]
    out.append(("catalogue", root / "scenarios/catalogue.yaml"))
    return out


def validator(root, kind):
    import jsonschema
    schema = json.loads((root / KINDS[kind]["schema"]).read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def where(error):
    """An error's place as a YAML path: given.keys[0].status."""
    out = ""
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def errors_of(root, kind, path, load):
    v = validator(root, kind)
    doc = load(path.read_text())
    return sorted(v.iter_errors(doc), key=lambda e: (where(e), e.validator, e.message))


def check_shipped(root):
    load = yaml_loader()
    problems, counts = [], {}
    for kind, path in shipped_files(root):
        counts[kind] = counts.get(kind, 0) + 1
        rel = path.relative_to(root)
        first = path.read_text().splitlines()[:1]
        modeline = f"# yaml-language-server: $schema="
        if kind in ("profile", "scenario") and not (first and first[0].startswith(modeline)):
            problems.append(f"{rel}:1: the first line is not the '{modeline}…' comment")
        elif first and first[0].startswith(modeline):
            target = (path.parent / first[0][len(modeline):].strip()).resolve()
            if target != (root / KINDS[kind]["schema"]).resolve():
                problems.append(f"{rel}:1: the $schema comment names {first[0][len(modeline):]}, "
                                f"not {KINDS[kind]['schema']}")
        for e in errors_of(root, kind, path, load):
            problems.append(f"{rel}: {where(e)}: {e.message} ({KINDS[kind]['schema']})")
    for kind in ("profile", "scenario", "catalogue"):
        if not counts.get(kind):
            problems.append(f"no shipped {kind} file found under {root}")
    if not problems:
        print(", ".join(f"{n} {k} file(s)" for k, n in counts.items()) + " valid")
    return fail(problems)


def check_bad(root):
    """Each bad fixture must fail, with exactly the `path: validator` lines of its .expected."""
    load = yaml_loader()
    problems, seen = [], 0
    for path in sorted((root / "fixtures/yaml/schemas").glob("*.yaml")):
        kind = path.name.split("-", 1)[0]
        rel = path.relative_to(root)
        if kind not in KINDS:
            problems.append(f"{rel}: the name must start with one of {sorted(KINDS)} and '-'")
            continue
        seen += 1
        got = [f"{where(e)}: {e.validator}" for e in errors_of(root, kind, path, load)]
        expected_file = path.with_suffix(".expected")
        expected = expected_file.read_text().split("\n") if expected_file.exists() else []
        expected = [line for line in expected if line.strip()]
        if not got:
            problems.append(f"{rel}: validates against {KINDS[kind]['schema']}, but must not")
        elif got != expected:
            problems.append(f"{rel}: errors {got}, {expected_file.relative_to(root)} says {expected}")
    if seen == 0:
        problems.append("no bad fixture found in fixtures/yaml/schemas/")
    if not problems:
        print(f"{seen} bad fixture(s) refused as expected")
    return fail(problems)


# ---------------------------------------------------------------------------------------------
# Fields: loader lists ↔ schema mappings ↔ reference page sections.

def strings_in(text):
    return re.findall(r'"((?:[^"\\]|\\.)*)"', text)


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def loader_lists(root, kind):
    """[(field set, 'file:line')] of every mapping the loaders of `kind` accept."""
    out = []
    for src in KINDS[kind]["sources"]:
        text = (root / src).read_text()
        calls = list(re.finditer(r"expect_keys\(\s*(\{[^}]*\}|\w+)\s*\)", text))
        if not calls:
            raise SystemExit(f"{src}: no expect_keys call found (the field check reads them)")
        for m in calls:
            arg = m.group(1)
            if not arg.startswith("{"):
                d = re.search(r"\b" + re.escape(arg) + r"\s*=\s*\{([^}]*)\}", text)
                if not d:
                    raise SystemExit(f"{src}:{line_of(text, m.start())}: cannot find the list {arg}")
                arg = d.group(1)
            out.append((set(strings_in(arg)), f"{src}:{line_of(text, m.start())}"))
    for src, name in KINDS[kind]["lists"]:
        text = (root / src).read_text()
        d = re.search(r"\b" + re.escape(name) + r"\s*=\s*\{([^}]*)\}", text)
        if not d:
            raise SystemExit(f"{src}: cannot find the list {name}")
        out.append((set(strings_in(d.group(1))), f"{src}:{line_of(text, d.start())}"))
    return out


def closed_mappings(schema):
    """{path: (field set, definition pointer)} of every mapping that refuses unknown fields, with
    its YAML path (`endpoints[].limit`), each definition at the first place it is reached."""
    out, visited = {}, set()

    def walk(node, path, pointer):
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            ref = node["$ref"]
            if ref in visited:
                return
            visited.add(ref)
            target = schema
            for part in ref.lstrip("#/").split("/"):
                target = target[part]
            walk(target, path, ref)
        if node.get("additionalProperties") is False and "properties" in node:
            out[path] = (set(node["properties"]), pointer, node.get("title"))
        for name, sub in node.get("properties", {}).items():
            walk(sub, f"{path}.{name}" if path else name, f"{pointer}/properties/{name}")
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], f"{path}.<name>", f"{pointer}/additionalProperties")
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{path}[]", f"{pointer}/items")
        for key in ("oneOf", "anyOf", "allOf"):
            for i, alt in enumerate(node.get(key, [])):
                walk(alt, path, f"{pointer}/{key}/{i}")

    walk(schema, "", "#")
    return out


def page_sections(root):
    """{schema file: {path: ({field: line}, heading line)}} from docs/reference.md: a `##` heading
    naming a schema file, `###` headings naming a path in backticks (or 'Top level'), and table
    rows whose first cell is a field in backticks."""
    out, schema, path = {}, None, None
    for n, line in enumerate((root / PAGE).read_text().splitlines(), 1):
        if line.startswith("## "):
            m = re.search(r"`(schemas/[\w.]+\.json)`", line)
            schema, path = (m.group(1) if m else None), None
            if schema:
                out.setdefault(schema, {})
        elif line.startswith("### ") and schema:
            m = re.match(r"### `([^`]+)`", line)
            path = "" if line.strip() == "### Top level" else (m.group(1) if m else None)
            if path is not None:
                if path in out[schema]:
                    raise SystemExit(f"{PAGE}:{n}: section `{path}` appears twice")
                out[schema][path] = ({}, n)
        elif line.startswith("| `") and schema and path is not None:
            field = re.match(r"\| `([^`]+)`", line).group(1)
            out[schema][path][0][field] = n
    return out


def check_fields(root):
    problems = []
    for base in LOADER_DIRS:
        for src in sorted((root / base).rglob("*.cpp")):
            rel = str(src.relative_to(root))
            known = any(rel in k["sources"] for k in KINDS.values())
            if "expect_keys(" in src.read_text() and not known and not rel.endswith("yaml_reader.cpp"):
                problems.append(f"{rel}: calls expect_keys but no schema is checked against it "
                                "(add it to KINDS in tests/schemas/check_schemas.py)")
    page = page_sections(root)
    for kind, spec in KINDS.items():
        schema_file = spec["schema"]
        schema = json.loads((root / schema_file).read_text())
        mappings = closed_mappings(schema)
        lists = loader_lists(root, kind)
        # Loader → schema: every list is some mapping's fields exactly.
        for fields, at in lists:
            if any(f == fields for f, _, _ in mappings.values()):
                continue
            path, (best, pointer, _) = max(mappings.items(), key=lambda kv: len(kv[1][0] & fields))
            for f in sorted(fields - best):
                problems.append(f"{at}: the loader accepts '{f}' in `{path or 'top level'}`, which "
                                f"{schema_file} ({pointer}) does not list")
            for f in sorted(best - fields):
                problems.append(f"{schema_file}: `{path or 'top level'}` ({pointer}) lists '{f}', "
                                f"which the loader ({at}) does not accept")
        # Schema → loader: every closed mapping is some list.
        for path, (fields, pointer, title) in mappings.items():
            if title is not None and path and title != path:
                problems.append(f"{schema_file}: {pointer} has title '{title}' but sits at `{path}`")
            if not any(f == fields for f, _ in lists):
                _, at = max(lists, key=lambda fa: len(fa[0] & fields))
                if not any(at in p for p in problems):
                    problems.append(f"{schema_file}: `{path or 'top level'}` ({pointer}) lists "
                                    f"{sorted(fields)}, which no loader list ({at} is closest) has")
        # Schema ↔ page: a section per mapping, a row per field.
        sections = page.get(schema_file)
        if sections is None:
            problems.append(f"{PAGE}: no `##` section names `{schema_file}`")
            continue
        for path, (fields, pointer, _) in mappings.items():
            name = path or "Top level"
            if path not in sections:
                problems.append(f"{PAGE}: no section `### `{name}`` for {schema_file} {pointer} "
                                f"(fields {sorted(fields)})")
                continue
            rows, heading = sections[path]
            for f in sorted(fields - set(rows)):
                problems.append(f"{PAGE}:{heading}: section `{name}` does not list '{f}' "
                                f"({schema_file} {pointer} has it)")
            for f in sorted(set(rows) - fields):
                problems.append(f"{PAGE}:{rows[f]}: section `{name}` lists '{f}', which "
                                f"{schema_file} {pointer} does not have")
        for path, (rows, heading) in sections.items():
            if path not in mappings:
                problems.append(f"{PAGE}:{heading}: section `{path}` is no mapping of {schema_file}")
    if not problems:
        print("loaders, schemas and " + PAGE + " name the same fields")
    return fail(problems)


def main(argv):
    if len(argv) != 3 or argv[1] not in ("shipped", "bad", "fields"):
        print(__doc__)
        return 2
    root = pathlib.Path(argv[2]).resolve()
    try:
        return {"shipped": check_shipped, "bad": check_bad, "fields": check_fields}[argv[1]](root)
    except ImportError as e:
        print(f"{e}: install python3-jsonschema and python3-yaml (scripts/test does) and run "
              "this with /usr/bin/python3")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
