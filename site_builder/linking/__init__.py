"""The cross-source stage: text reuse, proposed events (clustering), curated events, comparison tables, the entity index."""
