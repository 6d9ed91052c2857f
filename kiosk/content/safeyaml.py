"""YAML for content files: the safe loader, minus the features that can hurt a kiosk.

Aliases (the "billion laughs" bomb), custom tags and very deep nesting are refused
with a :class:`yaml.YAMLError` that says so in plain words.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent
from yaml.nodes import Node

MAX_DEPTH = 20


class _ContentLoader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise ComposerError(
                None, None, "YAML aliases (*name) are not allowed in content files", event.start_mark
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except Exception as error:  # noqa: BLE001 - PyYAML's own slips ('!!timestamp x' raises AttributeError)
            raise ConstructorError(None, None, f"this value cannot be read ({type(error).__name__})",
                                   node.start_mark) from error

    def construct_undefined(self, node: Node) -> Any:
        """A tag the safe loader does not know (``!!python/object/apply:...``, ``!custom``)."""
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        raise ConstructorError(None, None, f"the tag '{tag}' is not allowed in content files (remove the "
                               "word that starts with '!')", node.start_mark)


_ContentLoader.add_constructor(None, _ContentLoader.construct_undefined)


def load(text: str) -> Any:
    """Parse ``text``; raises :class:`yaml.YAMLError` (with ``problem_mark``) on a problem."""
    return yaml.load(text, Loader=_ContentLoader)  # noqa: S506 - a SafeLoader subclass


def error_line(error: yaml.YAMLError, first_line: int = 1) -> int | None:
    """1-based line of a YAML error within a file whose YAML starts at ``first_line``."""
    # The context mark is where the broken structure starts (an unclosed bracket, say):
    # that is the line staff need to look at. Without one, the problem mark is exact.
    mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
    if mark is None:
        return None
    return int(mark.line) + first_line


def error_message(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None)
    context = getattr(error, "context", None)
    if problem and context:
        return f"{context}, {problem}"
    return str(problem or context or error).strip()


class LineDict(dict[Any, Any]):
    """A mapping from a YAML file that remembers the line it starts on."""

    line: int | None = None


class _LineLoader(_ContentLoader):
    def construct_line_mapping(self, node: yaml.MappingNode) -> LineDict:
        mapping = LineDict(self.construct_mapping(node, deep=True))
        mapping.line = int(node.start_mark.line) + 1
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_line_mapping
)


def load_with_lines(text: str) -> Any:
    """Like :func:`load`, but every mapping is a :class:`LineDict` that knows its line."""
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
