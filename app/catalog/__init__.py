"""The catalog: departments, matters, certificate items with their measures, bundles, search."""
