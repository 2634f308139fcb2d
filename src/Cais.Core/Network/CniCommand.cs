namespace Cais.Network;

/// <summary>The CNI operations we issue (CNI_COMMAND).</summary>
public enum CniCommand
{
    Add,
    Del,
    Check,
}
