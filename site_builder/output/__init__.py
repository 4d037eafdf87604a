"""Writing the site: the staged write and atomic swap, the build manifest, the search index (pagefind)."""
