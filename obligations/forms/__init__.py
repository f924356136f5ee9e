"""Forms of the obligations pages, one module per concern."""
