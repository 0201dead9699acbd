// A rough timing program, not a test: the cost of one typed Share call, one prepared question
// asked with packed facts, and one AskJson call
// from C# through the wrapper (P/Invoke, SafeHandle, UTF-8 marshalling, decision string
// copied and freed). Build and run against a release libnoticegate (see bindings-c/README.md):
//   mcs -r:Noticegate.dll -out:Bench.exe bindings-c/csharp/Bench/Bench.cs
//   LD_LIBRARY_PATH=target/release mono Bench.exe [ITERATIONS]
using System;
using System.Diagnostics;
using Noticegate;

static class Bench
{
    static void Main(string[] args)
    {
        long n = args.Length > 0 ? long.Parse(args[0]) : 5000000;
        using (var engine = Engine.Builtin())
        {
            uint cd = engine.ResolveService(null, "Community Directory");
            uint email = engine.Resolve(Kind.Category, "Email address");
            uint pcg = engine.Resolve(Kind.Recipient, "PCG UK");
            uint consent = engine.Resolve(Kind.Fact, "consent");
            uint[] facts = { consent, engine.Resolve(Kind.Fact, "data_processing_agreement") };
            // The enum fact consent alternates between given (permit) and withdrawn (not).
            byte[] consentValues = { engine.ResolveValue(consent, "given"), engine.ResolveValue(consent, "withdrawn") };
            byte[] values = { consentValues[0], 1 };
            int day = Engine.Day(new DateTime(2026, 11, 23));
            // Warm up the JIT and the marshalling stubs.
            for (int i = 0; i < 100000; i++) engine.Share(cd, email, pcg, Engine.None, Engine.None, day, facts, values);

            long permits = 0;
            var watch = Stopwatch.StartNew();
            for (long i = 0; i < n; i++)
            {
                values[0] = consentValues[i & 1];
                if (engine.Share(cd, email, pcg, Engine.None, Engine.None, day, facts, values) == Verdict.Permit) permits++;
            }
            double typed = watch.Elapsed.TotalMilliseconds * 1e6 / n;

            // The same question prepared once and the two combinations of facts packed once.
            long preparedPermits = 0;
            double prepared;
            using (var question = engine.PrepareShare(cd, email, pcg, Engine.None, Engine.None))
            using (var givenFacts = engine.Pack(Fact.Enum(consent, consentValues[0]), new Fact(facts[1], true)))
            using (var withdrawnFacts = engine.Pack(Fact.Enum(consent, consentValues[1]), new Fact(facts[1], true)))
            {
                var packed = new[] { givenFacts, withdrawnFacts };
                for (int i = 0; i < 100000; i++) question.Verdict(day, packed[i & 1]);
                watch = Stopwatch.StartNew();
                for (long i = 0; i < n; i++)
                    if (question.Verdict(day, packed[i & 1]) == Verdict.Permit) preparedPermits++;
                prepared = watch.Elapsed.TotalMilliseconds * 1e6 / n;
            }

            const string q = "{\"ask\":\"share\",\"service\":\"Community Directory\",\"category\":\"Email address\"," +
                             "\"recipient\":\"PCG UK\",\"as_of\":\"2026-11-23\"," +
                             "\"facts\":{\"consent\":\"given\",\"data_processing_agreement\":true}}";
            long m = Math.Max(n / 100, 1000), chars = 0;
            watch = Stopwatch.StartNew();
            for (long i = 0; i < m; i++) chars += engine.AskJson(q).Length;
            double json = watch.Elapsed.TotalMilliseconds * 1e6 / m;
            Console.WriteLine("C# typed Share (enum + yes/no fact, permit and not alternating): {0:F1} ns per call ({1} calls, {2} permits)", typed, n, permits);
            Console.WriteLine("C# PreparedQuestion.Verdict with packed facts (the same, alternating): {0:F1} ns per call ({1} calls, {2} permits)", prepared, n, preparedPermits);
            Console.WriteLine("C# AskJson, share question to decision string:      {0:F0} ns per call ({1} calls, {2} chars)", json, m, chars);
        }
    }
}
