"""Other tools' price tables: one module per format (reads and writes), the registry, the audit."""
