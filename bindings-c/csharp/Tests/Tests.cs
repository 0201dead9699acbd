// Tests of the C# wrapper, run with Mono (no NUnit needed): prints "N passed, N failed".
using System;
using System.Collections.Generic;
using System.Threading;
using Noticegate;

public static class Tests
{
    static int passed, failed;
    static readonly object Lock = new object();

    static void Check(bool ok, string what)
    {
        lock (Lock)
        {
            if (ok) passed++;
            else { failed++; Console.Error.WriteLine("FAIL " + what); }
        }
    }

    static void Throws<T>(Action action, string what, string messagePart) where T : Exception
    {
        try { action(); Check(false, what + ": no exception"); }
        catch (T e) { Check(messagePart == null || e.Message.Contains(messagePart), what + ": message was " + e.Message); }
        catch (Exception e) { Check(false, what + ": threw " + e.GetType().Name + ": " + e.Message); }
    }

    const string PermitQ = "{\"ask\":\"share\",\"service\":\"Community Directory\",\"category\":\"Email address\"," +
        "\"recipient\":\"PCG UK\",\"as_of\":\"2026-11-23\",\"facts\":{\"consent\":\"given\",\"data_processing_agreement\":true}}";

    public static int Main(string[] args)
    {
        string policies = args.Length > 0 ? args[0] : null;
        try { Run(policies); }
        catch (Exception e) { Check(false, "unexpected " + e); }
        Console.WriteLine(passed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    static void Run(string policies)
    {
        Check(Engine.Version.Length > 0 && char.IsDigit(Engine.Version[0]), "version");
        using (var engine = Engine.Builtin())
        {
            Check(engine.PolicyHash.StartsWith("sha256:"), "policy hash");

            // JSON entry point, raw and parsed.
            string line = engine.AskJson(PermitQ);
            Check(line.Contains("\"verdict\":\"permit\""), "AskJson permit");
            var d = engine.Ask(PermitQ);
            Check(d.Verdict == Verdict.Permit && d.IsPermit, "Ask permit");
            Check(d.Reasons.Count > 0 && !string.IsNullOrEmpty(d.Reasons[0].Quote), "Ask has a quote");
            Check(d.Json == line, "Ask keeps the line");
            var err = engine.Ask("{\"ask\":\"share\",\"service\":\"Community Directory\",\"category\":\"Emial address\",\"recipient\":\"PCG UK\"}");
            Check(err.Verdict == null && err.ErrorCode == "unknown_name" && err.Suggestions.Count > 0, "question error is a decision with an error");
            Check(engine.Ask("nonsense").ErrorCode == "invalid_json", "invalid JSON");
            Throws<ArgumentNullException>(() => engine.AskJson(null), "AskJson(null)", null);
            // Non-ASCII text crosses as UTF-8 (the name is unknown, and echoed back intact).
            var accented = engine.Ask("{\"ask\":\"collect\",\"service\":\"Servïce désk ✓\",\"category\":\"Name\"}");
            Check(accented.ErrorMessage != null && accented.ErrorMessage.Contains("Servïce désk ✓"), "UTF-8 round trip: " + accented.ErrorMessage);

            // Names to ids, typed calls.
            uint cd = engine.ResolveService(null, "Community Directory");
            uint email = engine.Resolve(Kind.Category, "Email address");
            uint pcg = engine.Resolve(Kind.Recipient, "PCG UK");
            uint consent = engine.Resolve(Kind.Fact, "consent");
            byte given = engine.ResolveValue(consent, "given"), explicitConsent = engine.ResolveValue(consent, "Explicit");
            byte withdrawn = engine.ResolveValue(consent, "withdrawn"), notGiven = engine.ResolveValue(consent, "not_given");
            uint dpa = engine.Resolve(Kind.Fact, "data_processing_agreement");
            int day = Engine.Day(new DateTime(2026, 11, 23));
            Check(Engine.Today() > day - 100000, "today");
            Check(engine.Share(cd, email, pcg, Engine.None, Engine.None, day, Fact.Enum(consent, given), new Fact(dpa, true)) == Verdict.Permit, "typed share permit, consent given");
            Check(engine.Share(cd, email, pcg, Engine.None, Engine.None, day, Fact.Enum(consent, explicitConsent), new Fact(dpa, true)) == Verdict.Permit, "typed share permit, explicit consent");
            Check(engine.Share(cd, email, pcg, Engine.None, Engine.None, day, Fact.Enum(consent, withdrawn), new Fact(dpa, true)) == Verdict.NotStated, "typed share, consent withdrawn");
            Check(engine.Share(cd, email, pcg, Engine.None, Engine.None, day, Fact.Enum(consent, notGiven), new Fact(dpa, true)) == Verdict.NotStated, "typed share, consent not given");
            Check(engine.Share(cd, email, pcg, Engine.None, Engine.None, day, Fact.Enum(consent, given), new Fact(dpa, false)) == Verdict.NotStated, "typed share, no agreement");
            Check(engine.Share(cd, email, pcg, Engine.None, Engine.None, day, new Fact(dpa, true)) == Verdict.Conditional, "typed share, consent unknown");
            Check(engine.Share(cd, email, pcg, Engine.None, Engine.None, day) == Verdict.Conditional, "typed share, facts unknown");
            Check(engine.Share(cd, email, pcg, Engine.None, Engine.None, day, new uint[] { consent, dpa }, new byte[] { given, 1 }) == Verdict.Permit, "typed share, arrays");
            Throws<NoticegateException>(() => engine.ResolveValue(consent, "revoked"), "unknown enum value", "not_given, given, explicit, withdrawn");
            Throws<NoticegateException>(() => engine.ResolveValue(dpa, "given"), "not an enum fact", "not an enum fact");
            Throws<NoticegateException>(() => engine.Share(cd, email, pcg, Engine.None, Engine.None, day, Fact.Enum(consent, 9)), "enum value out of range", "not a value of enum fact");
            uint ppd = engine.ResolveService(null, "Project & Programme Delivery");
            uint name = engine.Resolve(Kind.Category, "Name");
            Check(engine.Collect(ppd, name, Engine.None, day) == Verdict.Permit, "typed collect");
            uint us = engine.Resolve(Kind.Country, "United States");
            uint dpf = engine.Resolve(Kind.Fact, "dpf_uk_extension_certified");
            Check(engine.Transfer(cd, name, us, Engine.None, Engine.None, day, new Fact(dpf, true)) == Verdict.NotStated, "typed transfer");

            // Packed facts and prepared questions: the typed calls' verdicts and errors.
            byte[] consents = { notGiven, given, explicitConsent, withdrawn };
            using (var share = engine.PrepareShare(cd, email, pcg, Engine.None, Engine.None))
            {
                int packedPermits = 0;
                foreach (byte c in consents)
                    foreach (bool agreement in new[] { false, true })
                        using (var packed = engine.Pack(Fact.Enum(consent, c), new Fact(dpa, agreement)))
                        {
                            Verdict typed = engine.Share(cd, email, pcg, Engine.None, Engine.None, day, Fact.Enum(consent, c), new Fact(dpa, agreement));
                            Verdict viaPacked = engine.Share(cd, email, pcg, Engine.None, Engine.None, day, packed);
                            Verdict viaQuestion = share.Verdict(day, packed);
                            Check(viaPacked == typed && viaQuestion == typed, "packed " + viaPacked + " and prepared " + viaQuestion + " against typed " + typed);
                            if (viaQuestion == Verdict.Permit) packedPermits++;
                        }
                Check(packedPermits == 2, "prepared share: permits with consent given or explicit and the agreement");
                using (var unknown = engine.Pack())
                    Check(share.Verdict(day, unknown) == Verdict.Conditional, "prepared share, facts unknown");
                Throws<ArgumentNullException>(() => share.Verdict(day, null), "prepared share, null facts", null);
            }
            using (var none = engine.Pack())
            using (var collect = engine.PrepareCollect(ppd, name, Engine.None))
            {
                Check(collect.Verdict(day, none) == Verdict.Permit && engine.Collect(ppd, name, Engine.None, day, none) == Verdict.Permit, "prepared and packed collect");
                Throws<NoticegateException>(() => engine.Collect(999999, name, Engine.None, day, none), "packed collect, bad service", "service");
            }
            using (var certified = engine.Pack(new Fact(dpf, true)))
            using (var transfer = engine.PrepareTransfer(cd, name, us, Engine.None, Engine.None))
                Check(transfer.Verdict(day, certified) == Verdict.NotStated && engine.Transfer(cd, name, us, Engine.None, Engine.None, day, certified) == Verdict.NotStated, "prepared and packed transfer");
            Throws<NoticegateException>(() => engine.Pack(new Fact(dpa, true), new Fact(dpa, false)), "pack a fact twice", "stated twice");
            Throws<NoticegateException>(() => engine.Pack(Fact.Enum(consent, 9)), "pack an enum value out of range", "not a value of enum fact");
            Throws<NoticegateException>(() => engine.PrepareShare(999999, email, pcg, Engine.None, Engine.None), "prepare, bad service", "service");
            Throws<NoticegateException>(() => engine.PrepareTransfer(cd, name, Engine.None, Engine.None, Engine.None), "prepare transfer, no country", "country");
            Throws<ArgumentNullException>(() => engine.Share(cd, email, pcg, Engine.None, Engine.None, day, (PackedFacts)null), "packed share, null facts", null);

            // Errors carry the library's message.
            Throws<NameException>(() => engine.Resolve(Kind.Category, "Emial address"), "unknown category", "did you mean");
            Throws<NameException>(() => engine.ResolveService(null, "Community Directroy"), "unknown service", "Community Directory");
            Throws<NoticegateException>(() => engine.Resolve((Kind)42, "Name"), "bad kind", "not a NoticegateKind");
            Throws<NoticegateException>(() => engine.Share(999999, email, pcg, Engine.None, Engine.None, day), "bad service id", "service");
            Throws<NoticegateException>(() => engine.Share(cd, email, pcg, Engine.None, Engine.None, day, new Fact(dpa, true), new Fact(dpa, false)), "fact twice", "stated twice");
            Throws<ArgumentException>(() => engine.Share(cd, email, pcg, Engine.None, Engine.None, day, new uint[] { dpa }, new byte[0]), "length mismatch", "different lengths");

            // Many threads on one engine.
            var threads = new List<Thread>();
            int bad = 0;
            for (int t = 0; t < 8; t++)
            {
                var th = new Thread(() =>
                {
                    for (int i = 0; i < 2000; i++)
                        if (engine.Share(cd, email, pcg, Engine.None, Engine.None, day, Fact.Enum(consent, given), new Fact(dpa, true)) != Verdict.Permit)
                            Interlocked.Increment(ref bad);
                    for (int i = 0; i < 20; i++)
                        if (engine.AskJson(PermitQ) != line) Interlocked.Increment(ref bad);
                });
                threads.Add(th);
                th.Start();
            }
            foreach (var th in threads) th.Join();
            Check(bad == 0, "threads: " + bad + " wrong answers");
        }

        // Loading from text.
        Throws<PolicyException>(() => Engine.Load(new[] { new KeyValuePair<string, string>("inline.toml", "[[category]]\nid = \"x\"\nlabel = \"X") }), "broken policy", "inline.toml:");
        Throws<PolicyException>(() => Engine.Load(new KeyValuePair<string, string>[0]), "no files", "no policy files");
        if (policies != null)
        {
            using (var loaded = Engine.LoadDirectory(policies))
            using (var builtin = Engine.Builtin())
            {
                Check(loaded.AskJson(PermitQ) == builtin.AskJson(PermitQ), "loaded set answers as the built-in set");
                // Packed facts belong to the engine that packed them.
                using (var fromLoaded = loaded.Pack())
                using (var question = builtin.PrepareShare(builtin.ResolveService(null, "Community Directory"), builtin.Resolve(Kind.Category, "Email address"),
                                                           builtin.Resolve(Kind.Recipient, "PCG UK"), Engine.None, Engine.None))
                    Throws<NoticegateException>(() => question.Verdict(Engine.Day(new DateTime(2026, 11, 23)), fromLoaded), "facts of another engine", "another engine");
            }
        }

        // The export gate and the form check.
        using (var engine = Engine.Builtin())
        {
            string report = engine.GateColumnsJson("{\"columns\":[\"email_address\",\"health_conditions\",\"favourite_colour\"]," +
                "\"rows\":10,\"service\":\"Community Directory\",\"recipient\":\"PCG UK\",\"as_of\":\"2026-11-23\"," +
                "\"facts\":{\"consent\":\"given\",\"data_processing_agreement\":true}}");
            Check(report.Contains("\"passed\":[\"email_address\"]") && report.Contains("\"status\":\"unclassified\"") &&
                report.Contains("\"status\":\"blocked\"") && report.Contains("\"rows_in\":10"), "gate: " + report);
            Throws<NameException>(() => engine.GateColumnsJson("{\"columns\":[\"a\"],\"service\":\"Comunity Directory\",\"recipient\":\"PCG UK\"}"),
                "gate: unknown service", "Community Directory");
            Throws<NoticegateException>(() => engine.GateColumnsJson("{\"columns\":[\"a\",\"a\"],\"service\":\"Community Directory\",\"recipient\":\"PCG UK\"}"),
                "gate: duplicate column", "duplicate_column");
            Throws<NoticegateException>(() => engine.GateColumnsJson("[]"), "gate: not a request", "invalid_json");
            Throws<ArgumentNullException>(() => engine.GateColumnsJson(null), "gate: null", null);

            string form = "{\"elements\":[{\"type\":\"text\",\"name\":\"email\",\"title\":\"Email address\"}," +
                "{\"type\":\"text\",\"name\":\"colour\",\"title\":\"Favourite colour\"}]}";
            string check = engine.CheckFormJson(form, "Community Directory", null, "2026-11-23");
            Check(check.Contains("\"format\": \"surveyjs\"") && check.Contains("\"category\": \"contact.email\"") &&
                check.Contains("\"verdict\": \"unclassified\""), "check form: " + check);
            Throws<NoticegateException>(() => engine.CheckFormJson("{\"pages\":3}", "Community Directory"), "check form: malformed", "invalid_form");
            Throws<NameException>(() => engine.CheckFormJson(form, "Nowhere"), "check form: unknown service", "unknown_name");
        }

        // Disposed engines refuse calls instead of crashing.
        var disposed = Engine.Builtin();
        disposed.Dispose();
        Throws<ObjectDisposedException>(() => disposed.AskJson(PermitQ), "disposed engine", null);
    }
}
