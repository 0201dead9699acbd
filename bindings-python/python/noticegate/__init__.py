"""noticegate: ask privacy notices whether personal data may be shared, collected or used,
with the notice's own words as the reason, and gate DataFrame exports column by column and
row by row.

>>> import noticegate
>>> engine = noticegate.Engine()
>>> engine.ask(ask="share", service="Community Directory", category="Email address",
...            recipient="PCG UK", as_of="2026-11-23").verdict
<Verdict.CONDITIONAL: 'conditional'>

Every rule of evaluation lives in the Rust core; this package converts types and errors.
"""

from ._errors import Error, InvalidQuestionError, PolicyError, UnknownNameError
from ._types import Verdict
from ._noticegate import (
    Classification,
    Decision,
    DisposalDate,
    Mechanism,
    Named,
    Obligation,
    Reason,
    RightAnswer,
    __version__,
)
from ._engine import Engine, Question, default_engine
from .gate import ColumnReport, GatedBatches, GateReport, GateResult, RowGroup, gate, gate_batches

__all__ = [
    "Engine",
    "Decision",
    "Verdict",
    "Obligation",
    "Reason",
    "Named",
    "Mechanism",
    "RightAnswer",
    "DisposalDate",
    "Classification",
    "Question",
    "Error",
    "UnknownNameError",
    "InvalidQuestionError",
    "PolicyError",
    "gate",
    "gate_batches",
    "GatedBatches",
    "GateResult",
    "GateReport",
    "ColumnReport",
    "RowGroup",
    "default_engine",
    "__version__",
]
