using Cais.Network.Firewall;

namespace Cais.Core.Tests.Network.Firewall;

public sealed class NetworkFirewallParsingTests
{
    [Fact]
    public void Listing_lines_of_the_chain_become_unquoted_arguments()
    {
        const string listing = """
            -N CAIS-FORWARD
            -A CAIS-FORWARD -m comment --comment "cais network rules" -j CAIS-ISOLATION
            -A CAIS-FORWARD -o cais-f1 -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "cais:f1" -j ACCEPT
            -A OTHER -j DROP
            """;

        var rules = NetworkFirewall.ParseListing(listing, "CAIS-FORWARD");

        Assert.Equal(2, rules.Count);
        Assert.Equal(["-m", "comment", "--comment", "cais network rules", "-j", "CAIS-ISOLATION"], rules[0]);
        Assert.Equal(["-o", "cais-f1", "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-m", "comment", "--comment", "cais:f1", "-j", "ACCEPT"], rules[1]);
    }

    [Fact]
    public void Escaped_quotes_stay_inside_their_token()
    {
        Assert.Equal(["--comment", "say \"hi\"", "-j", "X"], NetworkFirewall.Tokenize("--comment \"say \\\"hi\\\"\" -j X"));
    }
}
