"""YAML for content files: the safe loader, minus the features that can hurt a kiosk.

Aliases (the "billion laughs" bomb), custom tags and very deep nesting are refused
with a :class:`yaml.YAMLError` that says so in plain words.
"""

from __future__ import annotations

from typing import Any, cast

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import Node
from yaml.resolver import Resolver

from kiosk.content.messages import YAML_MAX_DEPTH

MAX_DEPTH = YAML_MAX_DEPTH


def _parser_class() -> Any:
    """libyaml's C parser (in PyYAML's wheels) reads about 7 times faster than the Python
    one; the Python one is the fallback for a PyYAML built without libyaml."""
    try:
        from yaml._yaml import CParser

        return CParser
    except ImportError:  # pragma: no cover
        from yaml.parser import Parser
        from yaml.reader import Reader
        from yaml.scanner import Scanner

        class PythonParser(Reader, Scanner, Parser):
            def __init__(self, stream: str) -> None:
                Reader.__init__(self, stream)
                Scanner.__init__(self)
                Parser.__init__(self)

        return PythonParser


_Parser: Any = _parser_class()


class _ContentLoader(Composer, _Parser, SafeConstructor, Resolver):
    """The safe loader's parts, with our own composer checks: the parser (C when it can
    be) reads events; the Python composer below refuses aliases and deep nesting."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            raise ComposerError(None, None, "YAML aliases (*name) are not allowed in content files",
                                self._mark())
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", self._mark())
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def _mark(self) -> Any:
        event = self.peek_event()
        return event.start_mark if event is not None else None

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except Exception as error:  # noqa: BLE001 - PyYAML's own slips ('!!timestamp x' raises AttributeError)
            raise ConstructorError(None, None, f"this value cannot be read ({type(error).__name__})",
                                   node.start_mark) from error

    def compose_scalar_node(self, anchor: Any) -> Any:
        event = self.peek_event()
        node: Any = super().compose_scalar_node(anchor)
        node.untagged = event.tag in (None, "!")  # its type was guessed from how it looks
        return node

    def construct_yaml_timestamp(self, node: Any) -> Any:
        """An untagged date-like value that is not a real date (2026-02-30) stays text, so the
        field that holds it can say what is wrong instead of the whole file failing."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            if getattr(node, "untagged", False):
                return self.construct_scalar(node)
            raise

    def construct_undefined(self, node: Node) -> Any:
        """A tag the safe loader does not know (``!!python/object/apply:...``, ``!custom``)."""
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        raise ConstructorError(None, None, f"the tag '{tag}' is not allowed in content files (remove the "
                               "word that starts with '!')", node.start_mark)


cast(Any, _ContentLoader).add_constructor(None, _ContentLoader.construct_undefined)
cast(Any, _ContentLoader).add_constructor("tag:yaml.org,2002:timestamp",
                                          _ContentLoader.construct_yaml_timestamp)


def load(text: str) -> Any:
    """Parse ``text``; raises :class:`yaml.YAMLError` (with ``problem_mark``) on a problem."""
    return yaml.load(text, Loader=cast(Any, _ContentLoader))  # noqa: S506 - safe: SafeConstructor only


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
    if problem and "maximum nesting depth" in problem:  # libyaml's own limit, in our words
        return f"nested more than {MAX_DEPTH} levels deep"
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


cast(Any, _LineLoader).add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_line_mapping
)


def load_with_lines(text: str) -> Any:
    """Like :func:`load`, but every mapping is a :class:`LineDict` that knows its line."""
    return yaml.load(text, Loader=cast(Any, _LineLoader))  # noqa: S506 - safe: SafeConstructor only
