// A decision line, parsed into .NET types (verdict, reasons with quotes, obligations, error).
// The raw JSON stays available as Json. A small reader, so the wrapper needs no JSON package.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Noticegate
{
    public sealed class Reason
    {
        public string Rule, Effect, Notice, Section, Quote;
    }

    public sealed class Obligation
    {
        public string Fact, Text;
    }

    public sealed class Decision
    {
        /// <summary>The decision line as the library wrote it.</summary>
        public string Json { get; private set; }
        /// <summary>Null when the question was an error (see ErrorCode, ErrorMessage).</summary>
        public Verdict? Verdict { get; private set; }
        public IList<Reason> Reasons { get; private set; }
        public IList<Obligation> Obligations { get; private set; }
        public string ErrorCode { get; private set; }
        public string ErrorMessage { get; private set; }
        public IList<string> Suggestions { get; private set; }
        public bool IsPermit { get { return Verdict == Noticegate.Verdict.Permit; } }

        public static Decision Parse(string json)
        {
            var root = new JsonReader(json).ReadDocument() as Dictionary<string, object>;
            if (root == null) throw new FormatException("a decision is a JSON object");
            var d = new Decision { Json = json, Reasons = new List<Reason>(), Obligations = new List<Obligation>(), Suggestions = new List<string>() };
            object value;
            if (root.TryGetValue("verdict", out value))
            {
                switch ((string)value)
                {
                    case "permit": d.Verdict = Noticegate.Verdict.Permit; break;
                    case "conditional": d.Verdict = Noticegate.Verdict.Conditional; break;
                    case "deny": d.Verdict = Noticegate.Verdict.Deny; break;
                    default: d.Verdict = Noticegate.Verdict.NotStated; break;
                }
            }
            if (root.TryGetValue("reasons", out value))
                foreach (Dictionary<string, object> r in (List<object>)value)
                    d.Reasons.Add(new Reason { Rule = Str(r, "rule"), Effect = Str(r, "effect"), Notice = Str(r, "notice"), Section = Str(r, "section"), Quote = Str(r, "quote") });
            if (root.TryGetValue("obligations", out value))
                foreach (Dictionary<string, object> o in (List<object>)value)
                    d.Obligations.Add(new Obligation { Fact = Str(o, "fact"), Text = Str(o, "text") });
            if (root.TryGetValue("error", out value))
            {
                var e = (Dictionary<string, object>)value;
                d.ErrorCode = Str(e, "code");
                d.ErrorMessage = Str(e, "message");
                object s;
                if (e.TryGetValue("suggestions", out s))
                    foreach (var x in (List<object>)s) d.Suggestions.Add((string)x);
            }
            return d;
        }

        private static string Str(Dictionary<string, object> o, string key)
        {
            object v;
            return o.TryGetValue(key, out v) ? v as string : null;
        }
    }

    internal sealed class JsonReader
    {
        private readonly string s;
        private int i;

        internal JsonReader(string s) { this.s = s ?? ""; }

        internal object ReadDocument()
        {
            object v = Value();
            Space();
            if (i != s.Length) throw Error("trailing text");
            return v;
        }

        private FormatException Error(string what) { return new FormatException("invalid JSON at " + i + ": " + what); }

        private void Space() { while (i < s.Length && char.IsWhiteSpace(s[i])) i++; }

        private object Value()
        {
            Space();
            if (i >= s.Length) throw Error("unexpected end");
            char c = s[i];
            if (c == '{')
            {
                i++;
                var o = new Dictionary<string, object>();
                Space();
                if (i < s.Length && s[i] == '}') { i++; return o; }
                while (true)
                {
                    Space();
                    string key = String();
                    Space();
                    Expect(':');
                    o[key] = Value();
                    Space();
                    if (i < s.Length && s[i] == ',') { i++; continue; }
                    Expect('}');
                    return o;
                }
            }
            if (c == '[')
            {
                i++;
                var a = new List<object>();
                Space();
                if (i < s.Length && s[i] == ']') { i++; return a; }
                while (true)
                {
                    a.Add(Value());
                    Space();
                    if (i < s.Length && s[i] == ',') { i++; continue; }
                    Expect(']');
                    return a;
                }
            }
            if (c == '"') return String();
            if (Word("true")) return true;
            if (Word("false")) return false;
            if (Word("null")) return null;
            int start = i;
            while (i < s.Length && "+-0123456789.eE".IndexOf(s[i]) >= 0) i++;
            if (start == i) throw Error("unexpected character");
            return double.Parse(s.Substring(start, i - start), CultureInfo.InvariantCulture);
        }

        private bool Word(string w)
        {
            if (string.CompareOrdinal(s, i, w, 0, w.Length) != 0) return false;
            i += w.Length;
            return true;
        }

        private void Expect(char c)
        {
            if (i >= s.Length || s[i] != c) throw Error("expected '" + c + "'");
            i++;
        }

        private string String()
        {
            Expect('"');
            var b = new StringBuilder();
            while (true)
            {
                if (i >= s.Length) throw Error("unterminated string");
                char c = s[i++];
                if (c == '"') return b.ToString();
                if (c != '\\') { b.Append(c); continue; }
                if (i >= s.Length) throw Error("unterminated escape");
                char e = s[i++];
                switch (e)
                {
                    case 'n': b.Append('\n'); break;
                    case 't': b.Append('\t'); break;
                    case 'r': b.Append('\r'); break;
                    case 'b': b.Append('\b'); break;
                    case 'f': b.Append('\f'); break;
                    case 'u':
                        if (i + 4 > s.Length) throw Error("short \\u escape");
                        b.Append((char)int.Parse(s.Substring(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 4;
                        break;
                    default: b.Append(e); break;
                }
            }
        }
    }
}
