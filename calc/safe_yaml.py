"""Reading YAML and JSON that people (or attackers) wrote: bounded, exact and unsurprising.

Tariff files and what-if scenario files go through `read_structure`. It
applies every limit of `calc.limits` *before* building anything big:

- the text's size (`MAX_TARIFF_FILE_BYTES`);
- YAML aliases: their number (`MAX_ALIASES`) and the number of values once
  expanded (`MAX_EXPANDED_NODES`) are counted on the composed node graph, where
  an alias is still one shared node, so an "alias bomb" of a few hundred bytes
  is refused without ever being expanded; a recursive alias is refused;
- nesting depth (`MAX_NESTING_DEPTH`), counted while composing (and, for JSON,
  on the brackets before parsing), so no recursion limit is ever reached;
- numbers: at most `MAX_NUMBER_CHARS` characters, so a 5,000-digit integer is
  a message, not a ``ValueError``.

YAML is read with the YAML 1.2 core-schema rules, not PyYAML's YAML 1.1 ones:
``010`` is ten (never eight), ``1:30`` and ``0x10`` are text (never 90 or 16),
only ``true``/``false`` are booleans (``yes``, ``on`` and ``no`` are text), dates
stay text, and there are no ``<<`` merge keys. Numbers with a point or an
exponent are exact `decimal.Decimal` values. A key written twice in one
mapping is refused, naming the key and its line (YAML and JSON alike).
"""

from __future__ import annotations

import itertools
import json
import re
from decimal import Decimal
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from calc.errors import InputError, excerpt
from calc.i18n import _, format_number
from calc.limits import (
    MAX_ALIASES,
    MAX_EXPANDED_NODES,
    MAX_NESTING_DEPTH,
    MAX_NUMBER_CHARS,
    MAX_TARIFF_FILE_BYTES,
)

__all__ = ["read_structure", "load_yaml", "load_json"]


class _Resolver12(BaseResolver):
    """Implicit tags of the YAML 1.2 core schema, without hexadecimal and octal integers."""

    yaml_implicit_resolvers: dict = {}


_TAG = "tag:yaml.org,2002:"  # not user text: YAML's tag prefix
_Resolver12.add_implicit_resolver(_TAG + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Resolver12.add_implicit_resolver(_TAG + "null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Resolver12.add_implicit_resolver(_TAG + "int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Resolver12.add_implicit_resolver(
    _TAG + "float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


class _Constructor(SafeConstructor):
    """Builds plain Python values: exact decimals, bounded numbers, no duplicate keys."""

    source = "<yaml>"

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        """A dict, refusing a key written twice."""
        if isinstance(node, MappingNode):
            seen: set[Any] = set()
            for key_node, _value in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    repeated = key in seen
                except TypeError:
                    continue  # unhashable: SafeConstructor refuses it with its own message
                if repeated:
                    line = key_node.start_mark.line + 1
                    raise InputError(
                        _("{source}: key {key} is written twice (line {line})").format(
                            source=self.source, key=excerpt(key), line=line
                        )
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: Node) -> int:
        """A decimal integer (``010`` is ten), bounded in length."""
        text = _number_text(self.construct_scalar(node), self.source, node.start_mark.line + 1)
        return int(text, 10)

    def construct_yaml_float(self, node: Node) -> Decimal | float:
        """An exact decimal; ``.inf`` and ``.nan`` stay floats (the tariff model refuses them)."""
        text = _number_text(self.construct_scalar(node), self.source, node.start_mark.line + 1)
        if text.lstrip("+-").lower() in (".inf", ".nan"):
            return float(text.replace(".", "", 1))
        return Decimal(text)


_Constructor.add_constructor(_TAG + "int", _Constructor.construct_yaml_int)
_Constructor.add_constructor(_TAG + "float", _Constructor.construct_yaml_float)


def _number_text(text: str, source: str, line: int | None = None) -> str:
    if len(text) > MAX_NUMBER_CHARS:
        if line:
            message = _("{source}: a number has {count} characters (line {line}), at most {limit} are read: {number}")
        else:
            message = _("{source}: a number has {count} characters, at most {limit} are read: {number}")
        raise InputError(
            message.format(
                source=source,
                count=format_number(len(text)),
                line=line,
                limit=MAX_NUMBER_CHARS,
                number=excerpt(text, 20),
            )
        )
    return text


class _Loader(Reader, Scanner, Parser, Composer, _Constructor, _Resolver12):
    """PyYAML's pure-Python pipeline with the checks above."""

    def __init__(self, text: str, source: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver12.__init__(self)
        self.source = source
        self.aliases = 0
        self.depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node:
        """Compose one node, counting aliases and nesting depth as they arrive."""
        if self.check_event(AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                line = self.peek_event().start_mark.line + 1
                raise InputError(
                    _("{source}: more than {limit} aliases (*name) at line {line}").format(
                        source=self.source, limit=MAX_ALIASES, line=line
                    )
                )
            return super().compose_node(parent, index)
        self.depth += 1
        if self.depth > MAX_NESTING_DEPTH:
            line = self.peek_event().start_mark.line + 1
            raise InputError(
                _("{source}: nested deeper than {limit} levels at line {line}").format(
                    source=self.source, limit=MAX_NESTING_DEPTH, line=line
                )
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _check_expanded(root: Node, source: str) -> None:
    """Refuse a graph whose expansion is too big, too deep or endless, without expanding it."""
    sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth) once expanded
    open_nodes: set[int] = set()

    def measure(node: Node) -> tuple[int, int]:
        known = sizes.get(id(node))
        if known is not None:
            return known
        if id(node) in open_nodes:
            raise InputError(
                _("{source}: an alias refers to itself (line {line})").format(
                    source=source, line=node.start_mark.line + 1
                )
            )
        if isinstance(node, SequenceNode):
            children = node.value
        elif isinstance(node, MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            sizes[id(node)] = (1, 1)
            return 1, 1
        open_nodes.add(id(node))
        values, depth = 1, 1
        for child in children:
            child_values, child_depth = measure(child)
            values += child_values
            depth = max(depth, child_depth + 1)
            if values > MAX_EXPANDED_NODES:
                raise InputError(
                    _("{source}: more than {limit} values once its aliases are expanded (line {line})").format(
                        source=source, limit=format_number(MAX_EXPANDED_NODES), line=node.start_mark.line + 1
                    )
                )
            if depth > MAX_NESTING_DEPTH:
                raise InputError(
                    _("{source}: nested deeper than {limit} levels once its aliases are expanded (line {line})").format(
                        source=source, limit=MAX_NESTING_DEPTH, line=node.start_mark.line + 1
                    )
                )
        open_nodes.discard(id(node))
        sizes[id(node)] = (values, depth)
        return values, depth

    # The composed depth is bounded by MAX_NESTING_DEPTH, and an alias adds no level of
    # recursion before `measure` refuses it, so this recursion stays shallow.
    measure(root)


def _check_size(text: str, source: str) -> None:
    if not isinstance(text, str):
        raise InputError(_("{source}: expected text, got {value}").format(source=source, value=excerpt(text)))
    if len(text) > MAX_TARIFF_FILE_BYTES:
        raise InputError(
            _("{source}: the file is too large ({count} characters, at most {limit})").format(
                source=source, count=format_number(len(text)), limit=format_number(MAX_TARIFF_FILE_BYTES)
            )
        )


def load_yaml(text: str, source: str = "<yaml>") -> Any:
    r"""Read one YAML document with YAML 1.2 numbers, bounded (see the module notes).

    Parameters
    ----------
    text : str
        The document.
    source : str
        File name for messages.

    Returns
    -------
    object
        Dicts, lists, str, int, Decimal, bool or None.

    Raises
    ------
    InputError
        One line naming the source and, where known, the line.

    Examples
    --------
    >>> load_yaml("amount: 010\nat: 1:30\nhex: 0x10\nrate: 0.07\nok: yes")
    {'amount': 10, 'at': '1:30', 'hex': '0x10', 'rate': Decimal('0.07'), 'ok': 'yes'}
    >>> load_yaml("rate: 1\nrate: 2", "t.yaml")
    Traceback (most recent call last):
    calc.errors.InputError: t.yaml: key 'rate' is written twice (line 2)
    """
    _check_size(text, source)
    loader = _Loader(text, source)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        _check_expanded(root, source)
        return loader.construct_document(root)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = excerpt(getattr(error, "problem", None) or str(error).splitlines()[0], 120)[1:-1]
        if mark is not None:
            message = _("{source}: not valid YAML at line {line}: {problem}")
        else:
            message = _("{source}: not valid YAML: {problem}")
        raise InputError(
            message.format(source=source, line=None if mark is None else mark.line + 1, problem=problem)
        ) from None
    finally:
        loader.dispose()


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def load_json(text: str, source: str = "<json>") -> Any:
    """Read one JSON document: bounded size, depth and numbers, exact decimals, no repeated keys.

    Parameters
    ----------
    text : str
        The document.
    source : str
        File name for messages.

    Returns
    -------
    object

    Raises
    ------
    InputError
        One line naming the source.

    Examples
    --------
    >>> load_json('{"rate": 0.07, "n": 010}', "t.json")
    Traceback (most recent call last):
    calc.errors.InputError: t.json: not valid JSON at line 1: Expecting ',' delimiter
    >>> load_json('{"rate": 0.07}')
    {'rate': Decimal('0.07')}
    """
    _check_size(text, source)
    brackets = _JSON_BRACKET.findall(_JSON_STRING.sub("", text))
    deepest = max(itertools.accumulate(1 if b in "[{" else -1 for b in brackets), default=0)
    if deepest > MAX_NESTING_DEPTH:
        raise InputError(
            _("{source}: nested deeper than {limit} levels").format(source=source, limit=MAX_NESTING_DEPTH)
        )

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key, value in items:
            if key in mapping:
                raise InputError(
                    _("{source}: key {key} is written twice in one object").format(source=source, key=excerpt(key))
                )
            mapping[key] = value
        return mapping

    try:
        return json.loads(
            text,
            parse_float=lambda number: Decimal(_number_text(number, source)),
            parse_int=lambda number: int(_number_text(number, source)),
            object_pairs_hook=pairs,
        )
    except json.JSONDecodeError as error:
        raise InputError(
            _("{source}: not valid JSON at line {line}: {problem}").format(
                source=source, line=error.lineno, problem=error.msg
            )
        ) from None
    except RecursionError:  # cannot happen below the depth limit; kept as a last guard
        raise InputError(_("{source}: nested too deeply").format(source=source)) from None


def read_structure(text: str, source: str) -> Any:
    """Read JSON when `source` ends in ``.json``, else YAML (see `load_json` and `load_yaml`).

    Examples
    --------
    >>> read_structure("[1, 2.5]", "x.json"), read_structure("[1, 2.5]", "x.yaml")
    ([1, Decimal('2.5')], [1, Decimal('2.5')])
    """
    if source.lower().endswith(".json"):
        return load_json(text, source)
    return load_yaml(text, source)
