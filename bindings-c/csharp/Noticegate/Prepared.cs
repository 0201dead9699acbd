// Values checked once for hot loops: packed facts (Engine.Pack) and prepared questions
// (Engine.PrepareShare, PrepareCollect, PrepareTransfer). Each keeps its engine alive in the
// library; immutable, so any number of threads may use one at once. Dispose when done.
using System;

namespace Noticegate
{
    /// <summary>Facts checked and packed once by Engine.Pack, for the engine that packed them.</summary>
    public sealed class PackedFacts : IDisposable
    {
        private readonly FactsHandle handle;

        internal PackedFacts(FactsHandle handle) { this.handle = handle; }

        internal static FactsHandle Handle(PackedFacts facts)
        {
            if (facts == null) throw new ArgumentNullException("facts");
            return facts.handle;
        }

        public void Dispose() { handle.Dispose(); }
    }

    /// <summary>A share, collect or transfer question whose ids were checked once.</summary>
    public sealed class PreparedQuestion : IDisposable
    {
        private readonly QuestionHandle handle;

        internal PreparedQuestion(QuestionHandle handle) { this.handle = handle; }

        /// <summary>The verdict on asOf (a day number) with facts packed by the same engine: the
        /// verdict the typed call gives for the same ids and facts.</summary>
        public Verdict Verdict(int asOf, PackedFacts facts)
        {
            Verdict v;
            Native.Check(NativeMethods.noticegate_question_verdict(handle, asOf, PackedFacts.Handle(facts), out v));
            return v;
        }

        public void Dispose() { handle.Dispose(); }
    }
}
