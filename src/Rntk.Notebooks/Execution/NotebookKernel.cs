using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace Rntk.Notebooks.Execution;

/// <summary>
/// The kernel a notebook runs in: C# with <c>#r "nuget: …"</c>, <c>#r "path.dll"</c>, <c>#!import</c>, and the
/// NuGet kernel-extension loader, set up the way the Polyglot Notebooks host sets it up for VS Code.
/// </summary>
/// <remarks>
/// Why not the stock host: dotnet-interactive and dotnet-repl ship FSharp.Core 10.0, while Plotly.NET 6 and
/// Deedle 8 need 10.1; this process references FSharp.Core 10.1 directly, so it loads both (docs/notebooks.md).
/// The argument-less <c>UseNugetDirective()</c> and the extension loader live only inside the dotnet-interactive
/// tool, not in a package, so the few lines they need are written here.
/// </remarks>
public static class NotebookKernel
{
    public static CompositeKernel Create()
    {
        // The front end's defaults (VS Code's BrowserFrontendEnvironment): objects as HTML, strings as text.
        Formatter.DefaultMimeType = HtmlFormatter.MimeType;
        Formatter.SetPreferredMimeTypesFor(typeof(string), PlainTextFormatter.MimeType);

        var csharp = new CSharpKernel()
            .UseNugetDirective((CSharpKernel k, IReadOnlyList<ResolvedPackageReference> refs) =>
            {
                k.AddAssemblyReferences(refs.SelectMany(r => r.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers()
            .UseValueSharing();

        var composite = new CompositeKernel();
        composite.Add(csharp, ["c#", "C#"]);
        composite.DefaultKernelName = csharp.Name;
        composite.UseCheckedImport();
        UseNuGetExtensions(composite);
        return composite;
    }

    /// <summary>
    /// After each command, runs <c>IKernelExtension.OnLoadAsync</c> of every assembly in
    /// <c>&lt;package&gt;/interactive-extensions/dotnet/</c> of the packages it added (how Plotly.NET.Interactive
    /// registers its chart formatter). Same behaviour as the dotnet-interactive tool's loader.
    /// </summary>
    private static void UseNuGetExtensions(CompositeKernel kernel)
    {
        var pending = new ConcurrentQueue<string>();
        var seenRoots = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var loadedAssemblies = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        kernel.RegisterForDisposal(kernel.KernelEvents.OfType<PackageAdded>().Subscribe(added =>
        {
            string? root = added.PackageReference?.PackageRoot;
            if (root is not null && seenRoots.TryAdd(root, true)) pending.Enqueue(root);
        }));

        kernel.AddMiddleware(async (command, context, next) =>
        {
            await next(command, context);
            while (pending.TryDequeue(out var root))
            {
                var dir = new DirectoryInfo(Path.Combine(root, "interactive-extensions", "dotnet"));
                if (!dir.Exists) continue;
                foreach (var dll in dir.GetFiles("*.dll", SearchOption.TopDirectoryOnly))
                {
                    if (!loadedAssemblies.TryAdd(dll.FullName, true)) continue;
                    var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(dll.FullName);
                    var types = assembly.ExportedTypes.Where(t =>
                        !t.IsAbstract && !t.IsInterface && !t.IsGenericTypeDefinition && typeof(IKernelExtension).IsAssignableFrom(t));
                    foreach (var type in types)
                    {
                        try
                        {
                            var extension = (IKernelExtension)Activator.CreateInstance(type)!;
                            await extension.OnLoadAsync(kernel);
                            context.Publish(new KernelExtensionLoaded(extension, context.Command));
                        }
                        catch (Exception e)
                        {
                            context.Fail(context.Command, new KernelExtensionLoadException(e),
                                $"Failed to load kernel extension {type.FullName} from {dll.FullName}: {e.Message}");
                        }
                    }
                }
            }
        });
    }
}
