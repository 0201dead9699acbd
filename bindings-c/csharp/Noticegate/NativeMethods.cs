// P/Invoke declarations of libnoticegate (include/noticegate.h). Internal: callers use Engine.
using System;
using System.Runtime.InteropServices;

namespace Noticegate
{
    internal static class NativeMethods
    {
        private const string Lib = "noticegate";

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_version(out IntPtr version);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_last_error(out IntPtr message);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void noticegate_string_free(IntPtr s);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_engine_builtin(out EngineHandle engine);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_sources_new(out SourcesHandle sources);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_sources_add(SourcesHandle sources,
            byte[] name, byte[] text);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void noticegate_sources_free(IntPtr sources);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_engine_load(SourcesHandle sources, out EngineHandle engine);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void noticegate_engine_free(IntPtr engine);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_engine_policy_hash(EngineHandle engine, out IntPtr hash);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_ask_json(EngineHandle engine,
            byte[] question, out IntPtr decision);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_ask_json_on(EngineHandle engine,
            byte[] question, int today, out IntPtr decision);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_gate_columns_json(EngineHandle engine,
            byte[] request, out IntPtr report);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_check_form_json(EngineHandle engine,
            byte[] form, byte[] service, byte[] notice, byte[] asOf, out IntPtr check);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_resolve(EngineHandle engine, Kind kind,
            byte[] name, out uint id);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_resolve_service(EngineHandle engine,
            byte[] notice, byte[] service, out uint id);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_resolve_fact_value(EngineHandle engine, uint fact, byte[] value, out byte number);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_date(int year, uint month, uint day, out int dayNumber);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_today(out int dayNumber);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_share(EngineHandle engine, uint service, uint category, uint recipient,
            uint purpose, uint basis, int asOf, uint[] factIds, byte[] factValues, UIntPtr factCount, out Verdict verdict);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_collect(EngineHandle engine, uint service, uint category,
            uint basis, int asOf, uint[] factIds, byte[] factValues, UIntPtr factCount, out Verdict verdict);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_transfer(EngineHandle engine, uint service, uint category, uint country,
            uint recipient, uint basis, int asOf, uint[] factIds, byte[] factValues, UIntPtr factCount, out Verdict verdict);
    
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_facts_pack(EngineHandle engine, uint[] factIds, byte[] factValues, UIntPtr factCount, out FactsHandle facts);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void noticegate_facts_free(IntPtr facts);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_share_packed(EngineHandle engine, uint service, uint category, uint recipient,
            uint purpose, uint basis, int asOf, FactsHandle facts, out Verdict verdict);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_collect_packed(EngineHandle engine, uint service, uint category,
            uint basis, int asOf, FactsHandle facts, out Verdict verdict);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_transfer_packed(EngineHandle engine, uint service, uint category, uint country,
            uint recipient, uint basis, int asOf, FactsHandle facts, out Verdict verdict);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_question_share(EngineHandle engine, uint service, uint category, uint recipient,
            uint purpose, uint basis, out QuestionHandle question);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_question_collect(EngineHandle engine, uint service, uint category,
            uint basis, out QuestionHandle question);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_question_transfer(EngineHandle engine, uint service, uint category, uint country,
            uint recipient, uint basis, out QuestionHandle question);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void noticegate_question_free(IntPtr question);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern Status noticegate_question_verdict(QuestionHandle question, int asOf, FactsHandle facts, out Verdict verdict);
    }
}
