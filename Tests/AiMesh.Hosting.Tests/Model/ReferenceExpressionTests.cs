using AiMesh.Hosting.ApplicationModel;
using static AiMesh.Hosting.Tests.Model.ModelTestSupport;

namespace AiMesh.Hosting.Tests.Model;

public sealed class ReferenceExpressionTests
{
    [Fact]
    public async Task An_expression_evaluates_to_the_running_value_and_writes_references_into_a_manifest()
    {
        var redis = CreateBuilder().AddRedis("redis");
        Allocate(redis.Resource, "tcp", new AllocatedEndpoint("tcp", "127.0.0.1", 6410));
        redis.Resource.Password.Value = "pw";

        var expression = redis.Resource.ConnectionStringExpression;

        Assert.Equal("127.0.0.1:6410,password=pw", await expression.GetValueAsync().AsTask().DefaultTimeout());
        Assert.Equal("{redis.bindings.tcp.host}:{redis.bindings.tcp.port},password={redis-password.value}", expression.ValueExpression);
        Assert.Equal("{0}:{1},password={2}", expression.Format);
        Assert.Equal(3, expression.ValueProviders.Count);
        Assert.Equal(expression.ValueExpression, expression.ToString());
    }

    [Fact]
    public async Task Literal_braces_are_escaped_in_the_format_and_come_out_unchanged()
    {
        var parameter = new ParameterResource("p", null, secret: false) { Value = "v" };
        var text = "{not-a-hole}";

        var expression = ReferenceExpression.Create($"{{x}}={parameter};{text};{42}");

        Assert.Equal("{{x}}={0};{{not-a-hole}};42", expression.Format);
        Assert.Equal("{x}=v;{not-a-hole};42", await expression.GetValueAsync().AsTask().DefaultTimeout());
        Assert.Equal("{x}={p.value};{not-a-hole};42", expression.ValueExpression);
    }

    [Fact]
    public async Task A_literal_expression_has_no_holes()
    {
        var literal = ReferenceExpression.Literal("Host=h;Password={secret}");

        Assert.Empty(literal.ValueProviders);
        Assert.Equal("Host=h;Password={{secret}}", literal.Format);
        Assert.Equal("Host=h;Password={secret}", await literal.GetValueAsync().AsTask().DefaultTimeout());
        Assert.Equal("Host=h;Password={secret}", literal.ValueExpression);
    }

    [Fact]
    public async Task Nested_expressions_evaluate_and_write_themselves_in_place()
    {
        var user = new ParameterResource("user", null, secret: false) { Value = "app" };
        var inner = ReferenceExpression.Create($"Username={user};Password={{braced}}");
        var outer = ReferenceExpression.Create($"{inner};Database={"db"}");

        Assert.Equal("Username=app;Password={braced};Database=db", await outer.GetValueAsync().AsTask().DefaultTimeout());
        Assert.Equal("Username={user.value};Password={braced};Database=db", outer.ValueExpression);
        Assert.Same(inner, Assert.Single(outer.ValueProviders));
    }

    [Fact]
    public async Task A_value_provider_without_a_manifest_form_writes_nothing_into_the_manifest()
    {
        var expression = ReferenceExpression.Create($"[{new FixedValue("runtime-only")}]");

        Assert.Equal("[runtime-only]", await expression.GetValueAsync().AsTask().DefaultTimeout());
        Assert.Equal("[]", expression.ValueExpression);
    }

    private sealed class FixedValue(string value) : IValueProvider
    {
        public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(value);
    }
}
