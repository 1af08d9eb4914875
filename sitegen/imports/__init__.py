"""`sitegen import`: records from the field's datasets (UCDP GED, ACLED) and an OCHA P-code
gazetteer, written as the project's own YAML records. See `sitegen.imports.run`."""
