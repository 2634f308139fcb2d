namespace Cais.TestSupport;

/// <summary>Which family of media types an image is written with.</summary>
public enum ManifestFormat
{
    /// <summary>OCI image spec media types.</summary>
    Oci,

    /// <summary>Docker image manifest v2 schema 2 (and manifest list) media types.</summary>
    Docker,
}
