using Microsoft.Playwright;

namespace AiMesh.EndToEnd.Tests.Browser;

/// <summary>
/// Debian's chromium (installed by eng/install-prerequisites.sh --for-tests), never a downloaded
/// browser. The flags let it run as root in a container and keep it from calling home.
/// </summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        });
}
