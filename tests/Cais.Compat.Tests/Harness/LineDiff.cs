using System.Text;

namespace Cais.Compat.Tests.Harness;

/// <summary>A line diff (longest common subsequence) for the failure report: "-" Docker's line, "+" Cais's, " " both.</summary>
public static class LineDiff
{
    public static string Render(string docker, string cais)
    {
        ArgumentNullException.ThrowIfNull(docker);
        ArgumentNullException.ThrowIfNull(cais);
        var a = docker.Split('\n');
        var b = cais.Split('\n');
        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var sb = new StringBuilder();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                sb.Append("   ").Append(a[x++]).Append('\n');
                y++;
            }
            else if (y < b.Length && (x == a.Length || common[x, y + 1] >= common[x + 1, y]))
            {
                sb.Append(" + ").Append(b[y++]).Append('\n');
            }
            else
            {
                sb.Append(" - ").Append(a[x++]).Append('\n');
            }
        }

        return sb.ToString();
    }
}
