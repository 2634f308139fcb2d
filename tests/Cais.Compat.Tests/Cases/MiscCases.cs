using Cais.Compat.Tests.Harness;

namespace Cais.Compat.Tests.Cases;

/// <summary>version, login/logout, unknown commands and flags, help exits.</summary>
public static class MiscCases
{
    public static IReadOnlyList<CompatCase> All { get; } =
    [
        CompatCase.Of("version --format '{{.Client.Os}}/{{.Client.Arch}}'"),
        CompatCase.Of("version --format '{{.Client.Nope}}'"),
        CompatCase.Of("login -u someone -p secret {REG}"),
        CompatCase.Of("login -u someone --password-stdin {REG}").Input("secret\n"),
        CompatCase.Of("logout {REG}").Given("login -u someone -p secret {REG}"),
        CompatCase.Named("logout when not logged in", "logout {REG}"),
        CompatCase.Of("nosuchcommand"),
        CompatCase.Of("ps --no-such-flag"),
        CompatCase.Of("network nosuchverb"),
    ];
}
