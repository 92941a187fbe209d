namespace Aspire.Hosting;

public static class TraceSamplingExtensions
{
    /// <summary>
    /// Leaves trace sampling to each service's own defaults (ServiceDefaults: every trace while they come
    /// slowly, at most a few new ones a second under load) instead of the <c>OTEL_TRACES_SAMPLER=always_on</c>
    /// Aspire gives every project, under which thousands of texts a second cost the services and the
    /// dashboard more CPU than the texts themselves.
    /// </summary>
    public static IDistributedApplicationBuilder UseServiceTraceSampling(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            foreach (var project in @event.Model.Resources.OfType<ProjectResource>())
            {
                project.Annotations.Add(new EnvironmentCallbackAnnotation(environment => environment.Remove("OTEL_TRACES_SAMPLER")));
            }

            return Task.CompletedTask;
        });

        return builder;
    }
}
