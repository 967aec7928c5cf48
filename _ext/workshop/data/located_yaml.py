"""YAML read so that every mapping, list and key knows its line (for `path:line: message`)."""

from __future__ import annotations

import re

import yaml


class Located(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 1
    lines: dict


class LocatedList(list):
    line: int = 1
    lines: list


class LineLoader(yaml.BaseLoader):
    """YAML 1.2's core types only (as editors read the file: 14:30 is text, not
    870; 2021-07-02 is text, checked by the schema), every node knowing its
    line, and a key given twice in one mapping noted instead of dropped."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[int, str, int]] = []  # (line, key, first line)

    def construct_mapping(self, node, deep=False):
        mapping = Located(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.lines = {}
        for key, _ in node.value:
            line = key.start_mark.line + 1
            if key.value in mapping.lines:
                self.duplicates.append((line, key.value, mapping.lines[key.value]))
            else:
                mapping.lines[key.value] = line
        return mapping

    def construct_sequence(self, node, deep=False):
        sequence = LocatedList(super().construct_sequence(node, deep=True))
        sequence.line = node.start_mark.line + 1
        sequence.lines = [child.start_mark.line + 1 for child in node.value]
        return sequence


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, LineLoader.construct_mapping)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, LineLoader.construct_sequence)
for tag, pattern, first, build in (
    ("int", r"^[-+]?[0-9]+$", "-+0123456789", int),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF", lambda v: v.lower() == "true"),
    ("null", r"^(?:~|null|Null|NULL)$", "~nN", lambda v: None),
):
    LineLoader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern), list(first))
    LineLoader.add_constructor(f"tag:yaml.org,2002:{tag}", lambda loader, node, build=build: build(node.value))


def line_at(document, path) -> int:
    """The line of the node at a JSON path (keys and list indexes)."""
    node, line = document, getattr(document, "line", 1)
    for step in path:
        if isinstance(node, Located) and step in node:
            line, node = node.lines.get(step, node.line), node[step]
        elif isinstance(node, LocatedList) and isinstance(step, int) and step < len(node):
            line, node = node.lines[step], node[step]
        else:
            break
        line = getattr(node, "line", line)
    return line
