namespace Cais.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("cais: not yet wired");
        return args.Length == 0 ? 0 : 125;
    }
}
