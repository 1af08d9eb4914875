"""The site's data for analysts, made with every build: `site/data/` (CSV, JSON with JSON
Schemas, GeoJSON) and an Atom feed per language. See `files`, `feeds`, `publish`."""
