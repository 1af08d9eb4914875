"""Stage 3, build: the whole build (`run.build`): the check and its cache, one worker per
language (`language`: MkDocs via `engine`, shells, Pagefind via `search`), what it left
for the next build (`state`), the disk (`write`, `folders`, `lock`) and putting the site
in place (`publish`). Imports `sitegen.content`, `sitegen.pages` and the exports stage
(`tests/test_layout.py`)."""
