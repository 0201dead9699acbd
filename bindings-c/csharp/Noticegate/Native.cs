// Status checks and owned strings: a bad status becomes an exception with the library's
// message; every string the library returns is copied and freed in `finally`.
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Noticegate
{
    internal static class Native
    {
        internal static void Check(Status status)
        {
            if (status == Status.Ok) return;
            string message = LastError() ?? ("noticegate call failed: " + status);
            switch (status)
            {
                case Status.PolicyError: throw new PolicyException(message);
                case Status.UnknownName:
                case Status.AmbiguousName: throw new NameException(status, message);
                case Status.NullPointer: throw new ArgumentNullException(null, message);
                default: throw new NoticegateException(status, message);
            }
        }

        internal static string LastError()
        {
            IntPtr ptr;
            if (NativeMethods.noticegate_last_error(out ptr) != Status.Ok) return null;
            return TakeString(ptr);
        }

        /// <summary>Copies an owned UTF-8 string and frees it, whatever happens.</summary>
        internal static string TakeString(IntPtr ptr)
        {
            if (ptr == IntPtr.Zero) return null;
            try { return Marshal.PtrToStringUTF8(ptr); }
            finally { NativeMethods.noticegate_string_free(ptr); }
        }

        /// <summary>A string as NUL-terminated UTF-8 bytes (null stays null). Done here rather than by
        /// the runtime's LPUTF8Str marshaller, whose output differed on Mono 6.8 for large texts.</summary>
        internal static byte[] Utf8(string text)
        {
            if (text == null) return null;
            var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
            Encoding.UTF8.GetBytes(text, 0, text.Length, bytes, 0);
            return bytes;
        }

        internal static string Version()
        {
            IntPtr ptr;
            Check(NativeMethods.noticegate_version(out ptr));
            return Marshal.PtrToStringUTF8(ptr); // static: never freed
        }
    }
}
