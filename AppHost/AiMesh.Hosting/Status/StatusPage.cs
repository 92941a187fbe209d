namespace AiMesh.Hosting.Status;

/// <summary>A one-page dashboard over the status API: the resources table, refreshed every two seconds.</summary>
internal static class StatusPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>AiMesh AppHost</title>
        <style>
          body { font: 14px system-ui, sans-serif; margin: 2rem; color: #1d232a; }
          h1 { font-size: 1.3rem; } table { border-collapse: collapse; width: 100%; }
          th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
          th { background: #f4f6f8; } code { font-size: 12px; }
          .Healthy { color: #1a7f37; } .Unhealthy, .FailedToStart, .Exited { color: #cf222e; } .Waiting, .Starting, .Running { color: #9a6700; }
          .note { color: #57606a; font-size: 12px; }
        </style>
        </head>
        <body>
        <h1>AiMesh AppHost: <span id="overall">…</span></h1>
        <table>
          <thead><tr><th>Resource</th><th>Kind</th><th>State</th><th>Replicas</th><th>Endpoints</th><th>Connection</th></tr></thead>
          <tbody id="resources"></tbody>
        </table>
        <p class="note">JSON: <a href="/api/v1/status">/api/v1/status</a>, <a href="/api/v1/resources">/api/v1/resources</a>, /api/v1/resources/{name}/logs</p>
        <script>
          const text = s => String(s ?? "").replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
          async function refresh() {
            try {
              const status = await (await fetch("/api/v1/status")).json();
              document.getElementById("overall").textContent = status.state;
              document.getElementById("resources").innerHTML = status.resources.map(r => `<tr>
                <td><b>${text(r.name)}</b>${r.notes.map(n => `<div class="note">${text(n)}</div>`).join("")}</td>
                <td>${text(r.kind)}${r.external ? " (external)" : ""}</td>
                <td class="${text(r.state)}">${text(r.state)}${r.message ? `<div class="note">${text(r.message)}</div>` : ""}</td>
                <td>${r.replicas.map(p => `<div><code>${text(p.name)}</code> <span class="${text(p.state)}">${text(p.state)}</span> pid ${text(p.pid)}${p.restarts ? `, ${p.restarts} restarts` : ""}</div>`).join("")}</td>
                <td>${r.endpoints.map(e => e.startsWith("http") ? `<div><a href="${text(e)}">${text(e)}</a></div>` : `<div>${text(e)}</div>`).join("")}</td>
                <td><code>${text(r.connectionString)}</code></td></tr>`).join("");
            } catch { document.getElementById("overall").textContent = "AppHost not reachable"; }
          }
          refresh(); setInterval(refresh, 2000);
        </script>
        </body>
        </html>
        """;
}
