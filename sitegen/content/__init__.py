"""Stage 1, content: read the YAML records (`load`), check them (`schema`, `fields`, `vocab`,
`rules`, `validate`) into the model (`model`, frozen dataclasses), and link it (`link`).
Imports nothing from the later stages (`tests/test_layout.py`)."""
