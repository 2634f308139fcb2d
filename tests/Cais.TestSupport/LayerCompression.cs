namespace Cais.TestSupport;

/// <summary>How a layer tar is compressed; decides the layer media type.</summary>
public enum LayerCompression
{
    Gzip,
    Zstd,
    None,
}
