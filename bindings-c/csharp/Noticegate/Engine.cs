// The engine: a compiled policy set behind a SafeHandle. Immutable, so one Engine may be used
// from any number of threads at once. Dispose it (or `using`) when done.
using System;
using System.Collections.Generic;

namespace Noticegate
{
    /// <summary>A fact for the typed calls: a fact id (Engine.Resolve(Kind.Fact, …)) and its value,
    /// yes/no (new Fact(id, true)) or a value of an enum fact (Fact.Enum(id, engine.ResolveValue(id, "given"))).
    /// Number and date facts go through AskJson.</summary>
    public struct Fact
    {
        public readonly uint Id;
        /// <summary>A yes/no fact's value (false for an enum fact).</summary>
        public readonly bool Value;
        /// <summary>What the library receives: 0 or 1 for a yes/no fact, the value's number for an enum fact.</summary>
        public readonly byte Code;
        public Fact(uint id, bool value) { Id = id; Value = value; Code = value ? (byte)1 : (byte)0; }
        private Fact(uint id, byte code) { Id = id; Value = false; Code = code; }
        /// <summary>An enum fact stated as one of its values, numbered by Engine.ResolveValue.</summary>
        public static Fact Enum(uint id, byte value) { return new Fact(id, value); }
    }

    public sealed class Engine : IDisposable
    {
        /// <summary>"No value" for an optional id (a share's purpose, a basis, a transfer's recipient).</summary>
        public const uint None = 0xFFFFFFFF;

        private readonly EngineHandle handle;

        private Engine(EngineHandle handle) { this.handle = handle; }

        /// <summary>The library's version.</summary>
        public static string Version { get { return Native.Version(); } }

        /// <summary>The built-in policy set.</summary>
        public static Engine Builtin()
        {
            EngineHandle h;
            Native.Check(NativeMethods.noticegate_engine_builtin(out h));
            return new Engine(h);
        }

        /// <summary>Loads policy files and notice texts given as text, by their path relative to the
        /// policy directory ("vocabulary.toml", "notices/x.toml", "sources/x.txt").</summary>
        /// <exception cref="PolicyException">Every error of every file, with file:line:column.</exception>
        public static Engine Load(IEnumerable<KeyValuePair<string, string>> files)
        {
            if (files == null) throw new ArgumentNullException("files");
            SourcesHandle sources;
            Native.Check(NativeMethods.noticegate_sources_new(out sources));
            using (sources)
            {
                foreach (var file in files)
                {
                    if (file.Key == null || file.Value == null) throw new ArgumentNullException("files", "a file name or text is null");
                    Native.Check(NativeMethods.noticegate_sources_add(sources, Native.Utf8(file.Key), Native.Utf8(file.Value)));
                }
                EngineHandle h;
                Native.Check(NativeMethods.noticegate_engine_load(sources, out h));
                return new Engine(h);
            }
        }

        /// <summary>Loads every .toml file under a directory and the notice texts in its sources/ folder.</summary>
        public static Engine LoadDirectory(string directory)
        {
            var files = new List<KeyValuePair<string, string>>();
            string root = System.IO.Path.GetFullPath(directory).TrimEnd(System.IO.Path.DirectorySeparatorChar);
            foreach (var path in System.IO.Directory.GetFiles(root, "*.*", System.IO.SearchOption.AllDirectories))
            {
                string rel = path.Substring(root.Length + 1).Replace(System.IO.Path.DirectorySeparatorChar, '/');
                if (rel.EndsWith(".toml", StringComparison.Ordinal) || (rel.StartsWith("sources/", StringComparison.Ordinal) && rel.EndsWith(".txt", StringComparison.Ordinal)))
                    files.Add(new KeyValuePair<string, string>(rel, System.IO.File.ReadAllText(path)));
            }
            files.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            return Load(files);
        }

        /// <summary>The policy hash every decision carries.</summary>
        public string PolicyHash
        {
            get
            {
                IntPtr ptr;
                Native.Check(NativeMethods.noticegate_engine_policy_hash(handle, out ptr));
                return Native.TakeString(ptr);
            }
        }

        /// <summary>Answers one JSON question with one JSON decision line (the CLI's bytes). A question
        /// error (unknown name, bad field) is a line with an "error" object, not an exception.</summary>
        public string AskJson(string question)
        {
            if (question == null) throw new ArgumentNullException("question");
            IntPtr ptr;
            Native.Check(NativeMethods.noticegate_ask_json(handle, Native.Utf8(question), out ptr));
            return Native.TakeString(ptr);
        }

        /// <summary>Gates the columns of a table: <paramref name="request"/> is the gate's JSON request
        /// (docs/gate.md: columns, optional samples and rows, service, recipient, as_of, facts,
        /// categories, row_facts, pass_conditional). Returns the JSON answer: "passed" (the columns
        /// that may go) and per column its status, category, verdict, obligations and quotes.</summary>
        /// <exception cref="NameException">The service, recipient, a category or a fact is unknown.</exception>
        /// <exception cref="NoticegateException">A malformed request, a missing or duplicate column, a
        /// column of mixed types (the message starts with core's code).</exception>
        public string GateColumnsJson(string request)
        {
            if (request == null) throw new ArgumentNullException("request");
            IntPtr ptr;
            Native.Check(NativeMethods.noticegate_gate_columns_json(handle, Native.Utf8(request), out ptr));
            return Native.TakeString(ptr);
        }

        /// <summary>Checks every field of a form definition (JSON Schema, {schema, uiSchema}, or a
        /// SurveyJS survey, as JSON text) against what <paramref name="service"/>'s notice says about
        /// collecting it. Returns the JSON check (as `noticegate check-form --format json`).
        /// <paramref name="notice"/> and <paramref name="asOf"/> (YYYY-MM-DD) may be null.</summary>
        /// <exception cref="NameException">The service is unknown.</exception>
        /// <exception cref="NoticegateException">The form is malformed ("invalid_form: ..." naming where).</exception>
        public string CheckFormJson(string form, string service, string notice = null, string asOf = null)
        {
            if (form == null) throw new ArgumentNullException("form");
            if (service == null) throw new ArgumentNullException("service");
            IntPtr ptr;
            Native.Check(NativeMethods.noticegate_check_form_json(handle, Native.Utf8(form), Native.Utf8(service),
                Native.Utf8(notice), Native.Utf8(asOf), out ptr));
            return Native.TakeString(ptr);
        }

        /// <summary>As AskJson, parsed: verdict, reasons with their quotes, obligations, or the error.</summary>
        public Decision Ask(string question)
        {
            return Decision.Parse(AskJson(question));
        }

        /// <summary>Resolves a name (id, label or alias) to an id; resolve once, reuse the id.</summary>
        /// <exception cref="NameException">The name matches nothing (message lists the nearest) or several.</exception>
        public uint Resolve(Kind kind, string name)
        {
            if (name == null) throw new ArgumentNullException("name");
            uint id;
            Native.Check(NativeMethods.noticegate_resolve(handle, kind, Native.Utf8(name), out id));
            return id;
        }

        /// <summary>Resolves a value of an enum fact (e.g. "withdrawn" of the fact "consent") to the number
        /// the typed calls take (Fact.Enum, or the byte arrays); resolve once, reuse the number.</summary>
        /// <exception cref="NoticegateException">The fact is not an enum fact, or has no such value (the message lists its values).</exception>
        public byte ResolveValue(uint fact, string value)
        {
            if (value == null) throw new ArgumentNullException("value");
            byte v;
            Native.Check(NativeMethods.noticegate_resolve_fact_value(handle, fact, Native.Utf8(value), out v));
            return v;
        }

        /// <summary>Resolves a service; notice may be null when the service name is unique.</summary>
        public uint ResolveService(string notice, string service)
        {
            uint id;
            Native.Check(NativeMethods.noticegate_resolve_service(handle, Native.Utf8(notice), Native.Utf8(service), out id));
            return id;
        }

        /// <summary>A calendar date as the library's day number.</summary>
        public static int Day(DateTime date)
        {
            int day;
            Native.Check(NativeMethods.noticegate_date(date.Year, (uint)date.Month, (uint)date.Day, out day));
            return day;
        }

        /// <summary>Today (UTC) as the library's day number.</summary>
        public static int Today()
        {
            int day;
            Native.Check(NativeMethods.noticegate_today(out day));
            return day;
        }

        private static void Split(Fact[] facts, out uint[] ids, out byte[] values)
        {
            facts = facts ?? new Fact[0];
            ids = new uint[facts.Length];
            values = new byte[facts.Length];
            for (int i = 0; i < facts.Length; i++) { ids[i] = facts[i].Id; values[i] = facts[i].Code; }
        }

        /// <summary>May category, collected by service, be shared with recipient? Ids from Resolve;
        /// purpose and basis may be None; facts left out are unknown, not false.</summary>
        public Verdict Share(uint service, uint category, uint recipient, uint purpose, uint basis, int asOf, params Fact[] facts)
        {
            uint[] ids; byte[] values;
            Split(facts, out ids, out values);
            return Share(service, category, recipient, purpose, basis, asOf, ids, values);
        }

        /// <summary>Share without allocating: fact ids and values in parallel arrays (0/1 for a yes/no
        /// fact, ResolveValue's number for an enum fact).</summary>
        public Verdict Share(uint service, uint category, uint recipient, uint purpose, uint basis, int asOf, uint[] factIds, byte[] factValues)
        {
            Verdict v;
            Native.Check(NativeMethods.noticegate_share(handle, service, category, recipient, purpose, basis, asOf,
                factIds, factValues, Count(factIds, factValues), out v));
            return v;
        }

        /// <summary>May service collect category?</summary>
        public Verdict Collect(uint service, uint category, uint basis, int asOf, params Fact[] facts)
        {
            uint[] ids; byte[] values;
            Split(facts, out ids, out values);
            Verdict v;
            Native.Check(NativeMethods.noticegate_collect(handle, service, category, basis, asOf, ids, values, Count(ids, values), out v));
            return v;
        }

        /// <summary>May category, collected by service, go to country (optionally to recipient there)? country may be Engine.None when the policies know the recipient's country.</summary>
        public Verdict Transfer(uint service, uint category, uint country, uint recipient, uint basis, int asOf, params Fact[] facts)
        {
            uint[] ids; byte[] values;
            Split(facts, out ids, out values);
            Verdict v;
            Native.Check(NativeMethods.noticegate_transfer(handle, service, category, country, recipient, basis, asOf, ids, values, Count(ids, values), out v));
            return v;
        }

        /// <summary>Checks and packs facts once, for many typed calls (a hot loop whose rows fall into a
        /// few combinations of facts): the same checks as Share. Dispose it when done.</summary>
        public PackedFacts Pack(params Fact[] facts)
        {
            uint[] ids; byte[] values;
            Split(facts, out ids, out values);
            FactsHandle h;
            Native.Check(NativeMethods.noticegate_facts_pack(handle, ids, values, Count(ids, values), out h));
            return new PackedFacts(h);
        }

        /// <summary>Share with facts packed by this engine's Pack (another engine's are refused).</summary>
        public Verdict Share(uint service, uint category, uint recipient, uint purpose, uint basis, int asOf, PackedFacts facts)
        {
            Verdict v;
            Native.Check(NativeMethods.noticegate_share_packed(handle, service, category, recipient, purpose, basis, asOf, PackedFacts.Handle(facts), out v));
            return v;
        }

        /// <summary>Collect with packed facts.</summary>
        public Verdict Collect(uint service, uint category, uint basis, int asOf, PackedFacts facts)
        {
            Verdict v;
            Native.Check(NativeMethods.noticegate_collect_packed(handle, service, category, basis, asOf, PackedFacts.Handle(facts), out v));
            return v;
        }

        /// <summary>Transfer with packed facts.</summary>
        public Verdict Transfer(uint service, uint category, uint country, uint recipient, uint basis, int asOf, PackedFacts facts)
        {
            Verdict v;
            Native.Check(NativeMethods.noticegate_transfer_packed(handle, service, category, country, recipient, basis, asOf, PackedFacts.Handle(facts), out v));
            return v;
        }

        /// <summary>A share question with its ids checked once (the checks of Share); ask it with
        /// PreparedQuestion.Verdict. Dispose it when done.</summary>
        public PreparedQuestion PrepareShare(uint service, uint category, uint recipient, uint purpose, uint basis)
        {
            QuestionHandle h;
            Native.Check(NativeMethods.noticegate_question_share(handle, service, category, recipient, purpose, basis, out h));
            return new PreparedQuestion(h);
        }

        /// <summary>A collect question with its ids checked once.</summary>
        public PreparedQuestion PrepareCollect(uint service, uint category, uint basis)
        {
            QuestionHandle h;
            Native.Check(NativeMethods.noticegate_question_collect(handle, service, category, basis, out h));
            return new PreparedQuestion(h);
        }

        /// <summary>A transfer question with its ids checked once.</summary>
        public PreparedQuestion PrepareTransfer(uint service, uint category, uint country, uint recipient, uint basis)
        {
            QuestionHandle h;
            Native.Check(NativeMethods.noticegate_question_transfer(handle, service, category, country, recipient, basis, out h));
            return new PreparedQuestion(h);
        }

        private static UIntPtr Count(uint[] ids, byte[] values)
        {
            int a = ids == null ? 0 : ids.Length, b = values == null ? 0 : values.Length;
            if (a != b) throw new ArgumentException("factIds and factValues have different lengths");
            return new UIntPtr((uint)a);
        }

        public void Dispose() { handle.Dispose(); }
    }
}
