using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AiMesh.Tests.Redis;

namespace AiMesh.Redis.Tests;

public sealed class TlsTests(TlsTests.TlsRedisFixture fixture) : ClientScope, IClassFixture<TlsTests.TlsRedisFixture>
{
    [Fact]
    public async Task A_tls_server_is_reached_when_its_certificate_is_trusted()
    {
        var client = Open(fixture.CreateOptions(trustServerCertificate: true));
        var key = UniqueKey("tls");

        await client.SetAsync(key, "secret", cancellationToken: Ct).DefaultTimeout();

        Assert.Equal("secret", await client.GetStringAsync(key, Ct).DefaultTimeout());
    }

    [Fact]
    public async Task An_untrusted_certificate_fails_the_connect_with_a_tls_message()
    {
        var client = Open(fixture.CreateOptions(trustServerCertificate: false));

        var ex = await Assert.ThrowsAsync<RedisConnectionException>(() => client.PingAsync(Ct)).DefaultTimeout();

        Assert.Contains("TLS", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_tcp_to_a_tls_port_does_not_hang_past_the_timeouts()
    {
        var options = fixture.CreateOptions(trustServerCertificate: true);
        var client = Open(new RedisConnectionOptions
        {
            Host = options.Host,
            Port = options.Port,
            Password = options.Password,
            ConnectTimeout = TimeSpan.FromSeconds(1),
        });

        await Assert.ThrowsAsync<RedisConnectionException>(() => client.PingAsync(Ct)).DefaultTimeout();
    }

    /// <summary>A redis-server that only speaks TLS, with a self-signed certificate made for the run.</summary>
    public sealed class TlsRedisFixture : IAsyncLifetime
    {
        private readonly DirectoryInfo _certificates = Directory.CreateTempSubdirectory("aimesh-redis-tls-");
        private X509Certificate2? _certificate;
        private RedisServer? _server;

        public RedisConnectionOptions CreateOptions(bool trustServerCertificate)
        {
            var server = _server ?? throw new InvalidOperationException("The fixture has not started.");
            var thumbprint = _certificate!.GetCertHashString();
            return new RedisConnectionOptions
            {
                Host = server.Host,
                Port = server.Port,
                Password = server.Password,
                Ssl = true,
                RemoteCertificateValidation = trustServerCertificate
                    ? (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint
                    : null,
            };
        }

        public async ValueTask InitializeAsync()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var certificatePath = Path.Combine(_certificates.FullName, "redis.crt");
            var keyPath = Path.Combine(_certificates.FullName, "redis.key");
            await File.WriteAllTextAsync(certificatePath, _certificate.ExportCertificatePem(), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);

            _server = await RedisServer.StartAsync(
                "tls-password",
                "--tls-port", "{port}",
                "--tls-cert-file", certificatePath,
                "--tls-key-file", keyPath,
                "--tls-auth-clients", "no").DefaultTimeout();
        }

        public async ValueTask DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync().DefaultTimeout();
            }

            _certificate?.Dispose();
            _certificates.Delete(recursive: true);
        }
    }
}
