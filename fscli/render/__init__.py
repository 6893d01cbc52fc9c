"""The only place that writes table, tsv, csv, json and ndjson."""
