using Microsoft.Playwright;

namespace AiMesh.EndToEnd.Tests.Browser;

/// <summary>
/// Keeps what the browser showed: a PNG under the test output's <c>screenshots</c> folder, its path
/// written to the test's output, and the image attached to the test result.
/// </summary>
internal static class Screenshots
{
    public static async Task SaveAsync(IPage page, string testName)
    {
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        var path = Path.Combine(directory, $"{testName}.png");
        var image = await page.ScreenshotAsync(new() { Path = path, FullPage = true }).DefaultTimeout();

        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {path}");
        TestContext.Current.AddAttachment(testName, image, "image/png");
    }
}
