"""Running the build: the stage order (pipeline), the per-source cache, the page memo, the process pool, digests for keys, timings, progress."""
