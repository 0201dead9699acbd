"""The exceptions noticegate raises: one base, ``noticegate.Error``, and a class per kind.

The compiled module raises these with the core's own message and its machine-readable
details, so ``except noticegate.Error`` catches every failure of the engine and never a
silent deny.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

__all__ = ["Error", "UnknownNameError", "InvalidQuestionError", "PolicyError"]


class Error(Exception):
    """Base class of every noticegate error.

    Attributes:
        message: the core's message.
        code: machine-readable code (``unknown_name``, ``invalid_field``, ``missing_field``,
            ``policy``, ...).
        field: the question field at fault (``facts.<name>`` for a fact), if any.
        suggestions: the nearest known names, at most three.
        id: the question's ``id``, if it had one.
        index: the position of the question in an ``ask_many`` batch.
        json: the error as the one-line JSON object ``noticegate ask`` prints.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "error",
        field: Optional[str] = None,
        suggestions: Sequence[str] = (),
        id: Any = None,
        index: Optional[int] = None,
        json: Optional[str] = None,
        diagnostics: Optional[List[Dict[str, Any]]] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.suggestions: List[str] = list(suggestions)
        self.id = id
        self.index = index
        self.json = json
        self.diagnostics: List[Dict[str, Any]] = list(diagnostics or [])

    def __str__(self) -> str:
        text = self.message
        if self.suggestions:
            text += " (did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?)"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r}, field={self.field!r})"

    def to_dict(self) -> Dict[str, Any]:
        """The error object of the wire format."""
        return {"code": self.code, "field": self.field, "message": self.message, "suggestions": list(self.suggestions)}


class UnknownNameError(Error, LookupError):
    """A name (service, category, recipient, basis, fact, ...) matches nothing, or more than
    one thing (``code == "ambiguous_name"``). ``suggestions`` lists the nearest names."""


class InvalidQuestionError(Error, ValueError):
    """A question that is malformed: a missing or unknown field, a value of the wrong type, a
    field that does not apply to its kind; or a frame that lacks a column the gate needs."""


class PolicyError(Error):
    """Policy files that do not load. ``diagnostics`` lists every problem, each with its
    file, line, column, message and help."""
