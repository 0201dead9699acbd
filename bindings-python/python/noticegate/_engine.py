"""``Engine``: a compiled policy set that answers questions, from Python values.

This layer only turns Python values into wire-format questions (dicts and keyword
arguments to one JSON line) and hands them to the compiled module, which decides with the
GIL released. Nothing here evaluates a rule.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import os
from typing import TYPE_CHECKING, Any, Iterable, List, Mapping, Optional, Sequence, Union

from . import _noticegate
from ._errors import Error, InvalidQuestionError
from ._noticegate import Classification, Decision

if TYPE_CHECKING:  # pragma: no cover
    from .gate import GateResult

__all__ = ["Engine", "Question"]

#: A question: a mapping with the wire format's fields (``ask``, ``service``, ``category``,
#: ``recipient``, ``basis``, ``purpose``, ``notice``, ``country``, ``record``, ``right``,
#: ``as_of``, ``facts``, ``id``), or one JSON object as text.
Question = Union[Mapping[str, Any], str]

PathLike = Union[str, "os.PathLike[str]"]


def _default(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def _dumps(question: Mapping[str, Any]) -> str:
    return _json.dumps(question, default=_default, ensure_ascii=False, separators=(",", ":"))


def _question_json(question: Optional[Question], fields: Mapping[str, Any]) -> str:
    if question is None:
        question = {}
    if isinstance(question, str):
        if fields:
            raise InvalidQuestionError(
                "give a question as JSON text or as fields, not both", code="invalid_json"
            )
        return question
    if not isinstance(question, Mapping):
        raise InvalidQuestionError(
            f"a question must be a dict or JSON text, not {type(question).__name__}", code="invalid_json"
        )
    if fields:
        question = {**question, **fields}
    try:
        return _dumps(question)
    except (TypeError, ValueError) as e:
        raise InvalidQuestionError(f"the question cannot be written as JSON: {e}", code="invalid_json") from None


class Engine:
    """A compiled policy set.

    ``Engine()`` is the built-in set (the notices shipped with noticegate, compiled once per
    process). ``Engine("policies/")`` loads a directory of policy files (notice texts under
    ``sources/``); ``Engine(["a.toml", "sources/a.txt"])`` loads a list of files. Loading
    errors raise ``PolicyError`` listing every problem with file, line and column.

    An engine is immutable: share one between threads; each call releases the GIL.

    >>> engine = Engine()
    >>> d = engine.ask(ask="share", service="Community Directory", category="Email address",
    ...                recipient="PCG UK", as_of="2026-11-23",
    ...                facts={"consent": "given", "data_processing_agreement": True})
    >>> d.verdict
    <Verdict.PERMIT: 'permit'>
    """

    __slots__ = ("_native",)

    def __init__(self, policies: Union[None, PathLike, Sequence[PathLike]] = None) -> None:
        if policies is not None and not isinstance(policies, (str, os.PathLike)):
            policies = [os.fspath(p) for p in policies]
        self._native = _noticegate.NativeEngine(policies)

    @classmethod
    def from_sources(cls, files: Mapping[str, str]) -> "Engine":
        """An engine from file contents: ``{"vocabulary.toml": "...", "sources/x.txt": "..."}``
        (names relative to a policy directory; ``sources/*.txt`` are notice texts)."""
        engine = cls.__new__(cls)
        engine._native = _noticegate.NativeEngine.from_sources(list(files.items()))
        return engine

    @property
    def policy_hash(self) -> str:
        """``sha256:...`` of the policy files and notice texts; every decision carries it."""
        return self._native.policy_hash

    def ask(self, question: Optional[Question] = None, /, **fields: Any) -> Decision:
        """Answers one question, given as a dict, as keyword arguments, or both (keywords
        win), or as JSON text. Dates may be ``datetime.date`` values.

        Raises ``UnknownNameError`` for a name that matches nothing (with suggestions) and
        ``InvalidQuestionError`` for a malformed question.
        """
        return self._native.ask(_question_json(question, fields))

    def ask_many(self, questions: Iterable[Question], *, errors: str = "raise") -> List[Union[Decision, Error]]:
        """Answers a batch of questions; names are resolved once per distinct set of names in
        the batch, and the GIL is released for the whole batch.

        ``errors="raise"`` (default) raises the first question's error (its ``index`` says
        which); ``errors="return"`` puts each error object in its question's place.
        """
        if errors not in ("raise", "return"):
            raise ValueError(f'errors must be "raise" or "return", not {errors!r}')
        lines = [_question_json(q, {}) for q in questions]
        return self._native.ask_many(lines, errors == "raise")

    def ask_json(self, line: str) -> str:
        """One JSON question in, one JSON line out: a decision or an error object, the same
        bytes as ``noticegate ask`` prints."""
        return self._native.ask_json(line)

    def classify(self, name: str) -> Classification:
        """The data category a column name or form label names (``"date_of_birth"`` ->
        ``identity.date_of_birth``), with the words that matched; ``category`` is None when
        nothing matches. Deterministic: words against the vocabulary, never a guess."""
        return self._native.classify(name)

    def classify_frame(self, names: "list[str]") -> "list[Classification]":
        """The categories of a table's columns, each read in the context of all of them: a
        table keyed by a school's ``URN`` and no person's key describes schools, so its
        ``Postcode`` is the school's (``category`` None), not a person's; a pupil table with
        ``UPN`` stays a person's. As the gate reads a frame."""
        return self._native.classify_frame(list(names))

    def lookup(self, kind: str, name: str) -> "tuple[str, str]":
        """The ``(id, label)`` that ``name`` names among ``kind`` ("category", "recipient",
        "basis", "purpose", "fact", ...), or ``UnknownNameError`` with suggestions."""
        return self._native.lookup(kind, name)

    def names(self, kind: str) -> "list[tuple[str, str]]":
        """Every ``(id, label)`` of a vocabulary kind."""
        return self._native.names(kind)

    def gate(self, frame: Any, **options: Any) -> "GateResult":
        """``noticegate.gate(frame, engine=self, ...)``: see there."""
        from .gate import gate

        return gate(frame, engine=self, **options)

    def __repr__(self) -> str:
        return f"Engine(policy_hash={self.policy_hash!r})"


_BUILTIN: Optional[Engine] = None


def default_engine() -> Engine:
    """The built-in engine, created once."""
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = Engine()
    return _BUILTIN
