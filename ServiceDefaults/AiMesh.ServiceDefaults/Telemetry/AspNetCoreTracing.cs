using System.Diagnostics;
using AiMesh.ServiceDefaults.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiMesh.ServiceDefaults.Telemetry;

/// <summary>
/// Our stand-in for OpenTelemetry.Instrumentation.AspNetCore (not in the project's registry).
/// ASP.NET Core already starts a server activity per request from the "Microsoft.AspNetCore"
/// ActivitySource; since .NET 10 it also tags it with method, scheme, path and server address once
/// the <see cref="SuppressOpenTelemetryDataSwitch"/> switch is off. What is left is done by a
/// middleware placed first in the pipeline: keep <c>/health</c> and <c>/alive</c> out of traces, and add
/// what is only known at the end (route, status code, error) and the "{method} {route}" span name.
/// </summary>
internal static class AspNetCoreTracing
{
    internal const string SuppressOpenTelemetryDataSwitch = "Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData";

    public static void Enable(IServiceCollection services)
    {
        AppContext.SetSwitch(SuppressOpenTelemetryDataSwitch, false);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, StartupFilter>());
    }

    private static async Task TraceAsync(HttpContext context, RequestDelegate next)
    {
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        if (activity is null || !activity.IsAllDataRequested)
        {
            await next(context);
            return;
        }

        if (HealthEndpoints.IsHealthPath(context.Request.Path))
        {
            // What the instrumentation package's filter does: the activity still flows (so logs
            // correlate) but is neither recorded nor exported, and its children are sampled out.
            activity.IsAllDataRequested = false;
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            await next(context);
            return;
        }

        SetIfMissing(activity, "http.request.method", context.Request.Method);
        SetIfMissing(activity, "url.scheme", context.Request.Scheme);
        SetIfMissing(activity, "url.path", context.Request.Path.Value);

        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            activity.SetTag("error.type", exception.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }
        finally
        {
            Complete(activity, context);
        }
    }

    private static void Complete(Activity activity, HttpContext context)
    {
        var statusCode = context.Response.StatusCode;
        activity.SetTag("http.response.status_code", statusCode);

        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        if (!string.IsNullOrEmpty(route))
        {
            activity.SetTag("http.route", route);
        }

        activity.DisplayName = string.IsNullOrEmpty(route) ? context.Request.Method : $"{context.Request.Method} {route}";

        if (statusCode >= StatusCodes.Status500InternalServerError && activity.Status != ActivityStatusCode.Error)
        {
            activity.SetTag("error.type", statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static void SetIfMissing(Activity activity, string name, string? value)
    {
        if (value is not null && activity.GetTagItem(name) is null)
        {
            activity.SetTag(name, value);
        }
    }

    private sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(TraceAsync);
            next(app);
        };
    }
}
