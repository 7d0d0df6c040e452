"""The charte de modération: schema (built from the registries), loader, public renderer, ladder."""
