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
            return decision.IsPermit ? 0 : 2;
        }
    }
}
