"""Stage 2, pages: the page kinds (`pagekinds`), their view data (`views`, read through the
recorder in `deps`), Markdown rendered from templates (`render`), URLs (`urls`) and the
interface language (`i18n`, `labels`). Imports only `sitegen.content`
(`tests/test_layout.py`)."""
