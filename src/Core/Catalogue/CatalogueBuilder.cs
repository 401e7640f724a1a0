using System.Text.Json.Nodes;

namespace McpGateway.Core.Catalogue;

/// <summary>
/// Builds a <see cref="CatalogueSnapshot"/> from the configured backends (in declaration order) and what each
/// offered at discovery. Tools and prompts are exposed as <c>backend.name</c> unless the backend opts out of
/// prefixing; resources keep their URIs. The first backend to claim a name keeps it; later claims are left out
/// and reported as <see cref="CatalogueProblem"/>s.
/// </summary>
public static class CatalogueBuilder
{
    public const char Separator = '.';

    public static CatalogueSnapshot Build(
        IReadOnlyList<CatalogueBackend> backends,
        IReadOnlyDictionary<string, BackendDiscovery> discoveries,
        long version)
    {
        var items = new List<CatalogueItem>();
        var problems = new List<CatalogueProblem>();
        var owners = new Dictionary<(CatalogueKind, string), string>();
        var completionBackends = new HashSet<string>(StringComparer.Ordinal);

        foreach (var backend in backends)
        {
            if (!discoveries.TryGetValue(backend.Name, out var discovery))
            {
                continue;
            }

            if (discovery.SupportsCompletions)
            {
                completionBackends.Add(backend.Name);
            }

            Add(CatalogueKind.Tool, discovery.Tools, "name", backend.Prefix);
            Add(CatalogueKind.Prompt, discovery.Prompts, "name", backend.Prefix);
            Add(CatalogueKind.Resource, discovery.Resources, "uri", prefix: false);
            Add(CatalogueKind.ResourceTemplate, discovery.ResourceTemplates, "uriTemplate", prefix: false);

            void Add(CatalogueKind kind, IReadOnlyList<JsonObject> definitions, string key, bool prefix)
            {
                foreach (var definition in definitions)
                {
                    if (definition[key]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
                    {
                        continue;
                    }

                    var original = definition[key]!.GetValue<string>();
                    if (kind == CatalogueKind.Tool && backend.HiddenTools?.Contains(original) == true)
                    {
                        continue;
                    }

                    var exposed = prefix ? backend.Name + Separator + original : original;
                    if (owners.TryGetValue((kind, exposed), out var owner))
                    {
                        problems.Add(new CatalogueProblem(kind, exposed, backend.Name, owner));
                        continue;
                    }

                    owners[(kind, exposed)] = backend.Name;
                    var exposedDefinition = (JsonObject)definition.DeepClone();
                    exposedDefinition[key] = exposed;
                    items.Add(new CatalogueItem(kind, exposed, backend.Name, backend.Scope, original, exposedDefinition));
                }
            }
        }

        return new CatalogueSnapshot(items, problems, completionBackends, version);
    }
}
