"""An edition's programme file judged by the published JSON Schema (edition.schema.json), in located messages."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import jsonschema

from .located_yaml import line_at
from .problems import Problem

SCHEMA_FILE = Path(__file__).parent.parent / "edition.schema.json"
PUBLISHED_WITH = "an edition is published with its start, end, timezone, status, format and host, written together"


@functools.cache
def edition_validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def schema_message(error: jsonschema.ValidationError) -> tuple[list, str]:
    """(path of the node to point at, message naming the field and what it allows)."""
    path = list(error.absolute_path)
    name = next((str(s) for s in reversed(path) if isinstance(s, str)), "the file")
    value, schema = error.instance, error.schema if isinstance(error.schema, dict) else {}
    if "errorMessage" in schema:
        return path, (f"{name} {schema['errorMessage']}" if error.validator == "anyOf" else schema["errorMessage"])
    if error.validator == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message).group(1)
        return path, f"missing the required field '{missing}'"
    if error.validator == "dependencies":  # (the facts an edition is published with: all or none)
        missing = re.search(r"'([^']+)' is a dependency of", error.message).group(1)
        return path, f"missing the required field '{missing}': {PUBLISHED_WITH}"
    if error.validator == "additionalProperties":
        known = ", ".join(sorted(schema.get("properties", {})))
        unknown = sorted(set(value) - set(schema.get("properties", {})))
        return [*path, unknown[0]], f"unknown field '{unknown[0]}' (known: {known})"
    if error.validator == "enum":
        return path, f"{name} '{value}' is not one of: {', '.join(error.validator_value)}"
    if error.validator in ("pattern", "format") and isinstance(value, str):
        return path, f"{name} '{value}' {schema.get('patternErrorMessage', 'is not valid')}"
    if error.validator == "type":
        wanted = {"string": "text (in quotes if it looks like a number)", "array": "a list", "object": "a mapping"}
        kind = error.validator_value
        return path, f"{name} must be {wanted.get(kind, 'a ' + str(kind))}"
    if error.validator in ("minimum", "maximum", "minItems", "minLength"):
        return path, f"{name} {error.message.split(' is ', 1)[-1]}"
    return path, f"{name}: {error.message}"


def schema_problems(document, where: str) -> list[Problem]:
    problems = {}  # (a date like 2021-06-31 fails its pattern and its format: said once)
    for error in edition_validator().iter_errors(document):
        path, message = schema_message(error)
        problems.setdefault(Problem(where, line_at(document, path), message))
    return list(problems)
