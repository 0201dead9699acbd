#!/usr/bin/env python3
"""How a change moved the answers: per notice, how many questions went from each verdict to
each other verdict, and the rules behind the largest moves.

    verdict-shift.py QUESTIONS OLD_ANSWERS NEW_ANSWERS [--top N]

QUESTIONS is JSONL (one question a line, as `noticegate space` prints them); OLD_ANSWERS and
NEW_ANSWERS are what two builds or policy sets answered to it (`noticegate ask --file`), line
for line. An answer that is an error (a name one side does not know) counts as `absent`.
Prints Markdown. Used for docs/changes/ (see docs/changes/README.md).
"""
import json
import sys
from collections import Counter, defaultdict

VERDICTS = ["permit", "conditional", "deny", "not_stated", "absent"]


def verdict(answer):
    return answer.get("verdict", "absent")


def deciding_rule(answer):
    reasons = answer.get("reasons") or []
    return reasons[0]["rule"] if reasons else "-"


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    top = int(argv[argv.index("--top") + 1]) if "--top" in argv else 8
    with open(argv[1]) as q, open(argv[2]) as a, open(argv[3]) as b:
        rows = [(json.loads(x), json.loads(y), json.loads(z)) for x, y, z in zip(q, a, b)]
    by_notice = defaultdict(Counter)
    moves = defaultdict(Counter)
    for question, old, new in rows:
        notice = question.get("notice", "?")
        pair = (verdict(old), verdict(new))
        by_notice[notice][pair] += 1
        if pair[0] != pair[1]:
            moves[notice][(question["ask"], pair, deciding_rule(old), deciding_rule(new))] += 1
    total = Counter()
    for notice in sorted(by_notice):
        counts = by_notice[notice]
        total.update(counts)
        changed = sum(n for (a, b), n in counts.items() if a != b)
        print(f"### {notice}\n")
        print(f"{sum(counts.values()):,} questions, {changed:,} changed verdict.\n")
        print(table(counts))
        print(f"Largest moves (action, old -> new, deciding rule before -> after):\n")
        for (action, (a, b), r1, r2), n in moves[notice].most_common(top):
            print(f"- {n:,} {action}: {a} -> {b}; `{r1}` -> `{r2}`")
        print()
    changed = sum(n for (a, b), n in total.items() if a != b)
    print(f"### All notices\n\n{sum(total.values()):,} questions, {changed:,} changed verdict.\n")
    print(table(total))


def table(counts):
    lines = ["| old \\ new | " + " | ".join(VERDICTS) + " |", "|---" * (len(VERDICTS) + 1) + "|"]
    for a in VERDICTS:
        if not any(counts[(a, b)] for b in VERDICTS):
            continue
        cells = [f"{counts[(a, b)]:,}" if counts[(a, b)] else "" for b in VERDICTS]
        lines.append(f"| **{a}** | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main(sys.argv)
