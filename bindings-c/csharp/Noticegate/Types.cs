// The library's status codes, verdicts and name kinds (same values as noticegate.h), and the
// exception that carries the library's message.
using System;

namespace Noticegate
{
    public enum Status
    {
        Ok = 0, NullPointer = 1, InvalidUtf8 = 2, InvalidLength = 3, InvalidArgument = 4,
        UnknownName = 5, AmbiguousName = 6, PolicyError = 7, Panic = 8,
    }

    /// <summary>A decision's verdict. Only Permit lets the data go; NotStated is not a permit.</summary>
    public enum Verdict { Permit = 1, Conditional = 2, Deny = 3, NotStated = 4 }

    /// <summary>The kinds of name Engine.Resolve resolves.</summary>
    public enum Kind
    {
        Category = 0, Recipient = 1, Basis = 2, Purpose = 3, Source = 4,
        Fact = 5, Country = 6, Mechanism = 7, Record = 8, Right = 9,
    }

    /// <summary>A failed call: the library's status and its message (for names, with suggestions).</summary>
    public class NoticegateException : Exception
    {
        public Status Status { get; private set; }
        public NoticegateException(Status status, string message) : base(message) { Status = status; }
    }

    /// <summary>A policy set that did not load; the message lists every error with file:line:column.</summary>
    public sealed class PolicyException : NoticegateException
    {
        public PolicyException(string message) : base(Status.PolicyError, message) { }
    }

    /// <summary>A name that matched nothing, or several entries.</summary>
    public sealed class NameException : NoticegateException
    {
        public NameException(Status status, string message) : base(status, message) { }
    }
}
