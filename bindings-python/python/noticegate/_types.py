"""Small value types shared by the engine and the gate."""

from __future__ import annotations

import enum

__all__ = ["Verdict"]


class Verdict(str, enum.Enum):
    """The verdict of a decision. A ``str`` enum: ``Verdict.PERMIT == "permit"``."""

    #: A rule allows it and every condition is known to hold.
    PERMIT = "permit"
    #: A rule allows it if the obligations hold.
    CONDITIONAL = "conditional"
    #: A rule forbids it.
    DENY = "deny"
    #: No rule of the notice covers it; a gate treats it as not permitted.
    NOT_STATED = "not_stated"

    def __str__(self) -> str:
        return self.value
