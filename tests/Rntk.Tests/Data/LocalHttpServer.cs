using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rntk.Tests.Data;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (a random free port) for download tests: serves fixed bodies by path, can
/// advertise a full Content-Length and then cut the body short, and answers 404 for unknown paths.
/// </summary>
/// <remarks>A raw TcpListener rather than HttpListener, so that a truncated response is exactly what we write.</remarks>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, (byte[] Body, int SendBytes)> _routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public int Requests;

    public LocalHttpServer()
    {
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/files/";

    /// <summary>Serves <paramref name="body"/> at /files/<paramref name="name"/>; sends only <paramref name="sendBytes"/> of it if given.</summary>
    public void Serve(string name, byte[] body, int? sendBytes = null)
    {
        lock (_routes) _routes["/files/" + name] = (body, sendBytes ?? body.Length);
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            Interlocked.Increment(ref Requests);
            var stream = client.GetStream();
            var request = new StringBuilder();
            var buf = new byte[4096];
            while (!request.ToString().Contains("\r\n\r\n"))
            {
                int n = await stream.ReadAsync(buf);
                if (n == 0) return;
                request.Append(Encoding.ASCII.GetString(buf, 0, n));
            }
            string path = request.ToString().Split(' ')[1];
            (byte[] Body, int SendBytes) route;
            bool found;
            lock (_routes) found = _routes.TryGetValue(path, out route);
            if (!found)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
                return;
            }
            var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: {route.Body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(route.Body.AsMemory(0, route.SendBytes));
            await stream.FlushAsync();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
