"""The per-source stages that turn a file into a cleaned, segmented `Source`: readers (one module per format), decoding, sidecar metadata, boilerplate cleaning, paragraphs, derived fields."""
