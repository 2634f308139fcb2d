using System.Runtime.Versioning;

// The fixtures drive Linux-only tools (docker-registry, skopeo, umoci) and Unix file modes.
[assembly: SupportedOSPlatform("linux")]
