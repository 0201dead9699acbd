"""A realistic export, gated before it leaves: the Community Directory's contact list going
to PCG UK (Public Consulting Group, which the Kent Connect to Support notice names).

Run with the package installed: `.venv/bin/python examples/gate_export.py`. Notebook-style:
each block is a cell. tests/test_examples.py runs it, so it cannot rot.
"""

# %% The export: 3,000 people, as an analyst would pull them from the case system.
import numpy as np
import pandas as pd

import noticegate

pd.set_option("display.width", 160)

rng = np.random.default_rng(2026)
n = 3_000
first = np.array(["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Tim", "Margaret", "Ken"])
last = np.array(["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Berners-Lee", "Hamilton", "Thompson"])
names = np.char.add(np.char.add(first[rng.integers(0, 10, n)], " "), last[rng.integers(0, 10, n)])
notes = np.array(["", "", "", "asthma", "type 2 diabetes", "uses a wheelchair", "anxiety; prefers email"])
# The person's consent (the enum fact `consent`): mostly given, some withdrawn or never given,
# a few explicit; None: never recorded.
consent = pd.Series(rng.choice(["given", "withdrawn", "not_given", "explicit", None], n, p=[0.85, 0.05, 0.04, 0.03, 0.03]))

export = pd.DataFrame(
    {
        "full_name": names,
        "email_address": [f"{s.lower().replace(' ', '.')}{i}@example.org" for i, s in enumerate(names)],
        "date_of_birth": pd.Timestamp("1940-01-01") + pd.to_timedelta(rng.integers(0, 365 * 65, n), unit="D"),
        "health_notes": notes[rng.integers(0, len(notes), n)],
        "consent": consent,
        "national_data_opt_out": rng.random(n) < 0.04,
    }
)
print(export.head(), "\n")

# %% Gate it for the recipient. What holds for the whole export goes in facts=; the frame
# carries the facts that differ per row (consent, national_data_opt_out).
result = noticegate.gate(
    export,
    service="Community Directory",
    recipient="PCG UK",
    as_of="2026-11-23",
    facts={"data_processing_agreement": True},
)
print(result.report, "\n")

# %% What leaves, and the notice's own words for it.
print(result.frame.head(), "\n")
email = result.report["email_address"]
print(f"{email.column}: {email.verdict.value} under {email.reasons[0].rule} ({email.reasons[0].section}):")
print(f'  "{email.reasons[0].quote}"')
print(f"health_notes: {result.report['health_notes'].notes[0]}\n")

# %% The national data opt-out: the KCC notice ties it to contacting people about Adult Social
# Care and Health research ("use"), not to this share, so no row is dropped for it here.
print(result.report.to_pandas()[["column", "status", "verdict", "rules", "rows_excluded"]].to_string(index=False))

# Invariants, so that a changed notice or a broken gate shows here.
assert list(result.frame.columns) == ["full_name", "email_address"]
# The share needs consent (given or explicit): rows withdrawn, never given or unknown stay behind.
assert result.report.rows_out == int(consent.isin(["given", "explicit"]).sum())
assert result.report["health_notes"].status == "blocked" and result.report["national_data_opt_out"].status == "fact"
