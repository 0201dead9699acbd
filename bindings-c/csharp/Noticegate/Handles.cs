// SafeHandles for the library's handles: the runtime frees each exactly once, even when a
// caller forgets Dispose or an exception unwinds past it.
using System;
using System.Runtime.InteropServices;

namespace Noticegate
{
    internal sealed class EngineHandle : SafeHandle
    {
        private EngineHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }
        protected override bool ReleaseHandle()
        {
            NativeMethods.noticegate_engine_free(handle);
            return true;
        }
    }

    internal sealed class SourcesHandle : SafeHandle
    {
        private SourcesHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }
        protected override bool ReleaseHandle()
        {
            NativeMethods.noticegate_sources_free(handle);
            return true;
        }
    }

    internal sealed class FactsHandle : SafeHandle
    {
        private FactsHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }
        protected override bool ReleaseHandle()
        {
            NativeMethods.noticegate_facts_free(handle);
            return true;
        }
    }

    internal sealed class QuestionHandle : SafeHandle
    {
        private QuestionHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }
        protected override bool ReleaseHandle()
        {
            NativeMethods.noticegate_question_free(handle);
            return true;
        }
    }
}
