// Paste-able example: may this record go to this recipient? Prints the verdict and the
// notice's own sentence. Build: mcs -r:Noticegate.dll Example.cs (libnoticegate.so on the
// library path, or noticegate.dll beside the program on Windows).
using System;
using Noticegate;

public static class Example
{
    public static int Main()
    {
        using (var engine = Engine.Builtin())
        {
            var decision = engine.Ask(
                "{\"ask\":\"share\",\"service\":\"Community Directory\",\"category\":\"Email address\"," +
                "\"recipient\":\"PCG UK\",\"as_of\":\"2026-11-23\"," +
                "\"facts\":{\"consent\":\"given\",\"data_processing_agreement\":true}}");
            if (decision.ErrorCode != null)
            {
                Console.WriteLine("Question error: " + decision.ErrorMessage);
                return 1;
            }
            Console.WriteLine("May this record go to PCG UK? " + decision.Verdict);
            foreach (var reason in decision.Reasons)
                Console.WriteLine("  \"" + reason.Quote + "\" (" + reason.Notice + ", " + reason.Section + ")");
            foreach (var obligation in decision.Obligations)
                Console.WriteLine("  provided that: " + obligation.Text);

            // The same question on the typed fast path: names resolved once to ids, the enum fact
            // "consent" stated by its value's number, the yes/no fact as a bool.
            uint service = engine.ResolveService(null, "Community Directory");
            uint email = engine.Resolve(Kind.Category, "Email address");
            uint pcg = engine.Resolve(Kind.Recipient, "PCG UK");
            uint consent = engine.Resolve(Kind.Fact, "consent");
            uint agreement = engine.Resolve(Kind.Fact, "data_processing_agreement");
            int day = Engine.Day(new DateTime(2026, 11, 23));
            foreach (var value in new[] { "given", "withdrawn" })
            {
                var verdict = engine.Share(service, email, pcg, Engine.None, Engine.None, day,
                    Fact.Enum(consent, engine.ResolveValue(consent, value)), new Fact(agreement, true));
                Console.WriteLine("Typed, consent " + value + ": " + verdict);
                if (value == "given" && verdict != decision.Verdict) return 3;
            }
            return decision.IsPermit ? 0 : 2;
        }
    }
}
